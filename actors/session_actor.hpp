#pragma once

#include <string>

#include "actors/actor_context.hpp"
#include "actors/contracts/session.hpp"

namespace caf {
class actor_system;
}

namespace confab {

session_actor spawn_session(caf::actor_system& system, SharedContext context, ConnectionId conn,
                            std::string address);

// A connection on the admin port: same interface, the admin protocol.
session_actor spawn_admin_session(caf::actor_system& system, SharedContext context,
                                  ConnectionId conn, std::string address);

}  // namespace confab
