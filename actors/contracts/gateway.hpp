#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <caf/allowed_unsafe_message_type.hpp>
#include <caf/meta/type_name.hpp>
#include <caf/replies_to.hpp>
#include <caf/typed_actor.hpp>

#include "actors/contracts/atoms.hpp"
#include "actors/contracts/message_types.hpp"
#include "net/tls_context.hpp"

namespace confab {

// What a listener's connections are: chat clients (JSON or text, told
// apart by their first byte), IRC clients or admin consoles, over plain TCP
// or TLS.
struct ListenerKind {
  bool admin = false;
  bool tls = false;
  bool irc = false;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, ListenerKind& x) {
  return f(caf::meta::type_name("ListenerKind"), x.admin, x.tls, x.irc);
}

// The certificate and key new TLS connections get; connections keep the one
// they started with.
struct TlsContextHandle {
  std::shared_ptr<const net::TlsContext> context;
};

// The one broker that owns every socket: accepts, splits input into lines,
// writes output with a per-connection bound. Everything else in the server
// talks to clients only through these messages.
using gateway_actor = caf::typed_actor<
    // Open a listener (host, port, kind); replies with the bound port. A TLS
    // listener needs a context first.
    caf::replies_to<atoms::listen, std::string, std::uint16_t, ListenerKind>::with<std::uint16_t>,
    // The TLS context for connections accepted from now on (at start-up,
    // and again whenever the certificate is re-read).
    caf::reacts_to<atoms::tls_context, TlsContextHandle>,
    // One frame to one connection.
    caf::reacts_to<atoms::send, ConnectionId, SharedFrame>,
    // Frames for several connections (storage's answers to a commit's
    // messages).
    caf::reacts_to<atoms::send, std::vector<AddressedFrame>>,
    // One frame to many connections, skipping `except` (the sender).
    caf::reacts_to<atoms::fanout, Recipients, ConnectionId, SharedFrame>,
    // Close after everything queued for the connection has been written.
    caf::reacts_to<atoms::close, ConnectionId>,
    // The session has processed this many frames: input flow control.
    caf::reacts_to<atoms::consumed, ConnectionId, std::uint32_t, std::uint64_t>,
    // Replies once no more than this many bytes wait to be written to the
    // connection: downloads are paced by the client's reading, not pushed.
    caf::replies_to<atoms::drained, ConnectionId, std::uint64_t>::with<bool>,
    // Stop accepting, let every session say goodbye, then terminate.
    caf::replies_to<atoms::stop, std::string>::with<bool>>;

}  // namespace confab

// An OpenSSL context cannot be serialised; it only ever crosses threads.
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(confab::TlsContextHandle)
