# The allocator confabd links: CONFAB_ALLOCATOR=tcmalloc (gperftools, Debian
# libgoogle-perftools-dev), jemalloc (libjemalloc-dev) or system (glibc).
# confabd allocates on every thread and frees on others (a frame is built on
# a worker and released on the I/O thread), which glibc's malloc serialises
# on its arena locks; docs/benchmarks.md compares the three. Sanitizer
# builds always keep the allocator the sanitizer replaces.
set(CONFAB_ALLOCATOR "tcmalloc" CACHE STRING "allocator linked into confabd: tcmalloc, jemalloc or system")
set_property(CACHE CONFAB_ALLOCATOR PROPERTY STRINGS tcmalloc jemalloc system)

add_library(confab_allocator INTERFACE)
if(CONFAB_SANITIZE OR CONFAB_TSAN OR CONFAB_FUZZ OR CONFAB_ALLOCATOR STREQUAL "system")
  return()
endif()

if(CONFAB_ALLOCATOR STREQUAL "tcmalloc")
  find_library(CONFAB_ALLOCATOR_LIBRARY NAMES tcmalloc_minimal)
  set(_allocator_package libgoogle-perftools-dev)
elseif(CONFAB_ALLOCATOR STREQUAL "jemalloc")
  find_library(CONFAB_ALLOCATOR_LIBRARY NAMES jemalloc)
  set(_allocator_package libjemalloc-dev)
else()
  message(FATAL_ERROR "CONFAB_ALLOCATOR must be tcmalloc, jemalloc or system, not ${CONFAB_ALLOCATOR}")
endif()
if(NOT CONFAB_ALLOCATOR_LIBRARY)
  message(FATAL_ERROR "CONFAB_ALLOCATOR=${CONFAB_ALLOCATOR}: library not found; "
                      "apt-get install ${_allocator_package}, or -DCONFAB_ALLOCATOR=system")
endif()
target_link_libraries(confab_allocator INTERFACE "${CONFAB_ALLOCATOR_LIBRARY}")
