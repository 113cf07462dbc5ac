#pragma once

#include <string>

#include <caf/replies_to.hpp>
#include <caf/typed_actor.hpp>

#include "actors/contracts/atoms.hpp"

namespace confab {

// Password hashing takes a deliberate ~100 ms of CPU. Hashers run detached,
// on threads of their own, so no scheduler worker (and so no chat traffic)
// ever waits for one; the login guard owns a few and feeds them.
using password_hasher = caf::typed_actor<
    // Check a password against a stored hash.
    caf::replies_to<atoms::verify, std::string, std::string>::with<bool>,
    // Hash a new password for storage.
    caf::replies_to<atoms::digest, std::string>::with<std::string>>;

// New passwords are hashed with `iterations` rounds; verification reads the
// count stored with each hash.
password_hasher::behavior_type password_hasher_behavior(password_hasher::pointer self,
                                                        int iterations);

}  // namespace confab
