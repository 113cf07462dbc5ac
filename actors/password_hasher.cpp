#include "actors/password_hasher.hpp"
#include "common/thread_name.hpp"

#include <caf/typed_event_based_actor.hpp>

#include "storage/password_hash.hpp"

namespace confab {

password_hasher::behavior_type password_hasher_behavior(password_hasher::pointer, int iterations) {
  name_this_thread("confab.hasher");
  return {
      [](atoms::verify, const std::string& password, const std::string& stored) {
        return storage::verify_password(password, stored);
      },
      [iterations](atoms::digest, const std::string& password) {
        return storage::hash_password(password, iterations);
      },
  };
}

}  // namespace confab
