# Finds gperftools' tcmalloc without the heap profiler (Debian:
# libgoogle-perftools-dev) and exposes Tcmalloc::minimal.
find_library(TCMALLOC_MINIMAL_LIBRARY NAMES tcmalloc_minimal)

include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(Tcmalloc REQUIRED_VARS TCMALLOC_MINIMAL_LIBRARY)

if(Tcmalloc_FOUND AND NOT TARGET Tcmalloc::minimal)
  add_library(Tcmalloc::minimal UNKNOWN IMPORTED)
  set_target_properties(Tcmalloc::minimal PROPERTIES IMPORTED_LOCATION "${TCMALLOC_MINIMAL_LIBRARY}")
endif()

mark_as_advanced(TCMALLOC_MINIMAL_LIBRARY)
