#pragma once

#include <memory>
#include <string>
#include <vector>

#include <caf/allowed_unsafe_message_type.hpp>
#include <caf/replies_to.hpp>
#include <caf/typed_actor.hpp>

#include "actors/contracts/atoms.hpp"
#include "net/tls_session.hpp"

namespace confab {

// One step of a connection's TLS handshake: the session (the gateway does
// not touch it until the step's answer is back) and the ciphertext the
// client sent.
struct HandshakeStep {
  std::shared_ptr<net::TlsSession> session;
  std::string ciphertext;
};

// What the step produced: ciphertext for the client, and any plaintext the
// client sent right behind its last handshake message.
struct HandshakeOutcome {
  net::TlsSession::Status status = net::TlsSession::Status::ok;
  bool established = false;
  std::vector<char> outgoing;
  std::string plaintext;
  std::string error;
};

// Runs TLS handshakes on the scheduler's workers: a handshake costs the
// server a few hundred microseconds of public-key work, which on the I/O
// thread would delay every other connection's traffic (docs/benchmarks.md).
using tls_handshaker_actor =
    caf::typed_actor<caf::replies_to<atoms::handshake, HandshakeStep>::with<HandshakeOutcome>>;

}  // namespace confab

// OpenSSL state cannot be serialised; it only ever crosses threads.
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(confab::HandshakeStep)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(confab::HandshakeOutcome)
