#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <caf/error.hpp>

#include "actors/contracts/message_types.hpp"

namespace confab {

// The answer to a committed `say` in the sender's dialect; empty when that
// dialect says nothing (a JSON request without an id, text mode).
std::string ack_ok_frame(const AckRoute& route, const net::MessageRecord& message);

// The answer to a `say` that failed; failures are answered even without an id.
std::string ack_error_frame(const AckRoute& route, const caf::error& error);

}  // namespace confab
