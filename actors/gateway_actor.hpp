#pragma once

#include "actors/actor_context.hpp"
#include "actors/contracts/gateway.hpp"

namespace confab {

// Spawned lazily: it starts at its first message, once the context is whole.
gateway_actor spawn_gateway(caf::actor_system& system, SharedContext context);

}  // namespace confab
