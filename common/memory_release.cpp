#include "common/memory_release.hpp"

#include <dlfcn.h>
#include <malloc.h>

#include <cstddef>

namespace confab {
namespace {

using TcmallocRelease = void (*)();
using JemallocCtl = int (*)(const char*, void*, std::size_t*, void*, std::size_t);

template <class Function>
Function find(const char* symbol) {
  return reinterpret_cast<Function>(dlsym(RTLD_DEFAULT, symbol));
}

}  // namespace

void release_free_memory() {
  static const auto tcmalloc = find<TcmallocRelease>("MallocExtension_ReleaseFreeMemory");
  static const auto jemalloc = find<JemallocCtl>("mallctl");
  if (tcmalloc != nullptr) {
    tcmalloc();
  } else if (jemalloc != nullptr) {
    // 4096 is MALLCTL_ARENAS_ALL: every arena.
    jemalloc("arena.4096.purge", nullptr, nullptr, nullptr, 0);
  } else {
    malloc_trim(0);
  }
}

}  // namespace confab
