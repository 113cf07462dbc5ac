#pragma once

#include <optional>
#include <string>

#include "actors/actor_context.hpp"
#include "actors/contracts/session.hpp"

namespace caf {
class actor_system;
}

namespace confab {

// How the client reached the server.
enum class Transport { plain, tls };

// `dialect` is the listener's own (IRC); without one, the client's first
// byte, or its silence, decides.
session_actor spawn_session(caf::actor_system& system, SharedContext context, ConnectionId conn,
                            std::string address, Transport transport = Transport::plain,
                            std::optional<net::DialectId> dialect = std::nullopt);

// A connection on the admin port: same interface, the admin protocol.
session_actor spawn_admin_session(caf::actor_system& system, SharedContext context,
                                  ConnectionId conn, std::string address);

}  // namespace confab
