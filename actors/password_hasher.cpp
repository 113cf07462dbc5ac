#include "actors/password_hasher.hpp"

#include <caf/typed_event_based_actor.hpp>

#include "storage/password_hash.hpp"

namespace confab {
namespace {

password_hasher::behavior_type hasher_behavior(password_hasher::pointer self, int iterations) {
  return {
      [self](atoms::verify, const std::string& password, const std::string& stored) {
        self->quit();
        return storage::verify_password(password, stored);
      },
      [self, iterations](atoms::digest, const std::string& password) {
        self->quit();
        return storage::hash_password(password, iterations);
      },
  };
}

}  // namespace

password_hasher spawn_password_hasher(caf::actor_system& system, int iterations) {
  return system.spawn<caf::detached>(hasher_behavior, iterations);
}

}  // namespace confab
