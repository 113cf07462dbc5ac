#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <caf/replies_to.hpp>
#include <caf/typed_actor.hpp>

#include "actors/contracts/atoms.hpp"
#include "actors/contracts/message_types.hpp"

namespace confab {

// The one broker that owns every socket: accepts, splits input into lines,
// writes output with a per-connection bound. Everything else in the server
// talks to clients only through these messages.
using gateway_actor = caf::typed_actor<
    // Open the chat listener (host, port); replies with the bound port.
    caf::replies_to<atoms::listen, std::string, std::uint16_t>::with<std::uint16_t>,
    // Open the admin listener (host, port, token check happens in the admin
    // session); replies with the bound port.
    caf::replies_to<atoms::listen_admin, std::string, std::uint16_t>::with<std::uint16_t>,
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
