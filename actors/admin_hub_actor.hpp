#pragma once

#include "actors/actor_context.hpp"
#include "actors/contracts/admin_hub.hpp"

namespace confab {

// Spawned lazily: it starts at its first message, once the context is whole.
admin_hub_actor spawn_admin_hub(caf::actor_system& system, SharedContext context);

}  // namespace confab
