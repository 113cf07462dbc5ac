#pragma once

#include <string>

#include <caf/actor_system.hpp>
#include <caf/replies_to.hpp>
#include <caf/typed_actor.hpp>

#include "actors/atoms.hpp"
#include "storage/password_hash.hpp"

namespace confab {

// Password hashing takes a deliberate ~100 ms of CPU. It runs on a thread of
// its own, one short-lived actor per login, so no scheduler worker (and so no
// chat traffic) ever waits for it.
using password_hasher = caf::typed_actor<
    // Check a password against a stored hash.
    caf::replies_to<atoms::verify, std::string, std::string>::with<bool>,
    // Hash a new password for storage.
    caf::replies_to<atoms::digest, std::string>::with<std::string>>;

// New passwords are hashed with `iterations` rounds; verification reads the
// count stored with each hash.
password_hasher spawn_password_hasher(caf::actor_system& system,
                                      int iterations = storage::kPasswordIterations);

}  // namespace confab
