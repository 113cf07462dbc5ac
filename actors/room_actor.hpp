#pragma once

#include <vector>

#include "actors/actor_context.hpp"
#include "actors/contracts/room.hpp"

namespace confab {

room_actor spawn_room(caf::actor_system& system, SharedContext context, storage::RoomRecord record,
                      std::vector<net::MessageRecord> recent);

}  // namespace confab
