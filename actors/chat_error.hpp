#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <caf/error.hpp>

namespace confab {

// Failures that travel between actors as caf::error and end up on the wire as
// the protocol's error codes.
enum class ChatError : std::uint8_t {
  internal = 1,
  invalid_nick,
  nick_taken,
  auth_failed,
  invalid_room,
  room_exists,
  no_such_room,
  already_member,
  not_member,
  no_such_user,
  auth_required,
  too_long,
  too_large,
  invalid_name,
  no_such_file,
  forbidden,
  quota_exceeded,
  too_many_uploads,
  bad_upload,
  size_mismatch,
  checksum_mismatch,
  rate_limited,
};

// The error category CAF uses to tell our errors from its own.
inline constexpr caf::atom_value kChatErrorCategory = caf::atom("confab");

caf::error make_chat_error(ChatError code, std::string message);
// A refusal that tells the client when to try again.
caf::error make_chat_error(ChatError code, std::string message, std::int64_t retry_after_ms);

// Protocol code ("nick_taken") and human message for any caf::error; errors
// that are not ours (timeouts, dead actors) become "internal".
std::string_view error_code_name(const caf::error& error);
std::string error_message(const caf::error& error);
// The retry_after_ms an error carries; 0 when it carries none.
std::int64_t error_retry_after_ms(const caf::error& error);

// The `error` frame for a failed request (op, id as in net::Request), with
// retry_after_ms when the error carries one.
std::string encode_chat_error(std::string_view op, std::string_view id, const caf::error& error);

}  // namespace confab
