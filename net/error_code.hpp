#pragma once

#include <cstdint>
#include <string_view>

namespace confab::net {

// Every refusal the server can give, one vocabulary for all dialects: JSON
// writes the wire name (PROTOCOL.md's error codes), text mode writes only the
// message, another dialect maps them onto its own numerics. Values travel
// between actors inside caf::error, so existing ones keep their numbers.
enum class ErrorCode : std::uint8_t {
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
  bad_frame,
  bad_request,
  unknown_op,
  hello_required,
  already_hello,
  frame_too_large,
  login_timeout,
  too_many_connections,
  bad_query,
};

// "nick_taken" for ErrorCode::nick_taken; "internal" for a value no code has.
std::string_view wire_name(ErrorCode code);

}  // namespace confab::net
