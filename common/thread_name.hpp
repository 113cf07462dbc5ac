#pragma once

namespace confab {

// Names the calling thread as `top` and `/proc/PID/task/*/comm` show it (at
// most 15 characters), so the CPU of an actor with a thread of its own
// (storage, search, password hashing) can be told from CAF's workers.
void name_this_thread(const char* name);

}  // namespace confab
