#include "actors/tls_handshaker_actor.hpp"

#include <caf/actor_system.hpp>
#include <caf/typed_event_based_actor.hpp>

namespace confab {
namespace {

tls_handshaker_actor::behavior_type tls_handshaker(tls_handshaker_actor::pointer) {
  return {
      [](atoms::handshake, HandshakeStep& step) {
        HandshakeOutcome outcome;
        outcome.status =
            step.session->receive(step.ciphertext, outcome.plaintext, outcome.outgoing);
        outcome.established = step.session->established();
        outcome.error = step.session->error();
        return outcome;
      },
  };
}

}  // namespace

tls_handshaker_actor spawn_tls_handshaker(caf::actor_system& system) {
  return system.spawn(tls_handshaker);
}

}  // namespace confab
