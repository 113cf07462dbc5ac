#pragma once

#include <vector>

#include "actors/actor_context.hpp"
#include "actors/contracts/directory.hpp"

namespace confab {

// Spawned lazily: it starts at its first message, once the context is whole.
directory_actor spawn_directory(caf::actor_system& system, SharedContext context,
                                const std::vector<storage::RoomRecord>& rooms,
                                std::vector<std::vector<net::MessageRecord>> recent);

}  // namespace confab
