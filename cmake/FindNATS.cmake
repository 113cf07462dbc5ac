# Finds the NATS C client as packaged by Debian (libnats-dev) and exposes
# NATS::nats. Debian's own cnats CMake config names a static library the
# package does not ship, so it cannot be used.
find_path(NATS_INCLUDE_DIR NAMES nats/nats.h)
find_library(NATS_LIBRARY NAMES nats)

if(NATS_INCLUDE_DIR AND EXISTS "${NATS_INCLUDE_DIR}/nats/version.h")
  file(STRINGS "${NATS_INCLUDE_DIR}/nats/version.h" _nats_version_line
       REGEX "^#define NATS_VERSION_STRING")
  string(REGEX REPLACE "^#define NATS_VERSION_STRING +\"([0-9.]+).*" "\\1" NATS_VERSION
         "${_nats_version_line}")
endif()

include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(NATS
  REQUIRED_VARS NATS_INCLUDE_DIR NATS_LIBRARY
  VERSION_VAR NATS_VERSION)

if(NATS_FOUND AND NOT TARGET NATS::nats)
  add_library(NATS::nats UNKNOWN IMPORTED)
  set_target_properties(NATS::nats PROPERTIES
    IMPORTED_LOCATION "${NATS_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${NATS_INCLUDE_DIR}")
endif()
mark_as_advanced(NATS_INCLUDE_DIR NATS_LIBRARY)
