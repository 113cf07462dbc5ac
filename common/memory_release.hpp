#pragma once

namespace confab {

// Hands memory the allocator holds free back to the operating system, so a
// burst (megabytes queued for clients that were then dropped) does not keep
// the process's resident size up for good. Works with whichever allocator
// confabd was linked with (tcmalloc, jemalloc or glibc's), found at run time;
// costs a few milliseconds, so call it after a burst, not routinely.
void release_free_memory();

}  // namespace confab
