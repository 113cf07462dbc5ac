#pragma once

#include <cstddef>

#include "actors/contracts/login_guard.hpp"

namespace caf {
class actor_system;
}

namespace confab {

// `hash_threads` hashing threads (at least one); `iterations` for new
// password hashes.
login_guard_actor spawn_login_guard(caf::actor_system& system, std::size_t hash_threads,
                                    int iterations);

}  // namespace confab
