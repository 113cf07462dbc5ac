#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <caf/error.hpp>

#include "net/dialect.hpp"
#include "net/error_code.hpp"

namespace confab {

// Refusals travel between actors as caf::error carrying the protocol's own
// error vocabulary (net::ErrorCode) and a message for people.
using ChatError = net::ErrorCode;

// The error category CAF uses to tell our errors from its own.
inline constexpr caf::atom_value kChatErrorCategory = caf::atom("confab");

caf::error make_chat_error(ChatError code, std::string message);
// A refusal that tells the client when to try again.
caf::error make_chat_error(ChatError code, std::string message, std::int64_t retry_after_ms);

// The code and human message of any caf::error; errors that are not ours
// (timeouts, dead actors) are `internal`, with a message that says to retry.
ChatError error_code(const caf::error& error);
std::string_view error_code_name(const caf::error& error);
std::string error_message(const caf::error& error);
// The retry_after_ms an error carries; 0 when it carries none.
std::int64_t error_retry_after_ms(const caf::error& error);

// The refusal of `request` in `dialect`'s words.
std::string render_error(const net::Dialect& dialect, const net::ReplyTo& request,
                         const caf::error& error);

}  // namespace confab
