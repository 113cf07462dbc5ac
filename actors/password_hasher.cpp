#include "actors/password_hasher.hpp"

#include <caf/typed_event_based_actor.hpp>

#include "storage/password_hash.hpp"

namespace confab {
namespace {

password_hasher::behavior_type hasher_behavior(password_hasher::pointer self) {
  return {
      [self](atoms::verify, const std::string& password, const std::string& stored) {
        self->quit();
        return storage::verify_password(password, stored);
      },
      [self](atoms::digest, const std::string& password) {
        self->quit();
        return storage::hash_password(password);
      },
  };
}

}  // namespace

password_hasher spawn_password_hasher(caf::actor_system& system) {
  return system.spawn<caf::detached>(hasher_behavior);
}

}  // namespace confab
