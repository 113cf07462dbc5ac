#include "common/thread_name.hpp"

#include <pthread.h>

namespace confab {

void name_this_thread(const char* name) {
  // Longer names are refused (ERANGE); the thread then keeps CAF's name.
  pthread_setname_np(pthread_self(), name);
}

}  // namespace confab
