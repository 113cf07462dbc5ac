#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <caf/error.hpp>

#include "actors/chat_types.hpp"

namespace confab {

// The answer to a committed `say`: the `ok` frame, or nothing when the
// sender is in text mode or sent no id.
std::string ack_ok_frame(const AckRoute& route, std::int64_t msg_id, std::string_view ts);

// The answer to a `say` that failed, in the sender's mode; failures are
// answered even without an id.
std::string ack_error_frame(const AckRoute& route, const caf::error& error);

}  // namespace confab
