#pragma once

#include "actors/contracts/tls_handshaker.hpp"

namespace caf {
class actor_system;
}

namespace confab {

tls_handshaker_actor spawn_tls_handshaker(caf::actor_system& system);

}  // namespace confab
