#include "net/error_code.hpp"

namespace confab::net {

std::string_view wire_name(ErrorCode code) {
  switch (code) {
    case ErrorCode::internal:
      return "internal";
    case ErrorCode::invalid_nick:
      return "invalid_nick";
    case ErrorCode::nick_taken:
      return "nick_taken";
    case ErrorCode::auth_failed:
      return "auth_failed";
    case ErrorCode::invalid_room:
      return "invalid_room";
    case ErrorCode::room_exists:
      return "room_exists";
    case ErrorCode::no_such_room:
      return "no_such_room";
    case ErrorCode::already_member:
      return "already_member";
    case ErrorCode::not_member:
      return "not_member";
    case ErrorCode::no_such_user:
      return "no_such_user";
    case ErrorCode::auth_required:
      return "auth_required";
    case ErrorCode::too_long:
      return "too_long";
    case ErrorCode::too_large:
      return "too_large";
    case ErrorCode::invalid_name:
      return "invalid_name";
    case ErrorCode::no_such_file:
      return "no_such_file";
    case ErrorCode::forbidden:
      return "forbidden";
    case ErrorCode::quota_exceeded:
      return "quota_exceeded";
    case ErrorCode::too_many_uploads:
      return "too_many_uploads";
    case ErrorCode::bad_upload:
      return "bad_upload";
    case ErrorCode::size_mismatch:
      return "size_mismatch";
    case ErrorCode::checksum_mismatch:
      return "checksum_mismatch";
    case ErrorCode::rate_limited:
      return "rate_limited";
    case ErrorCode::bad_frame:
      return "bad_frame";
    case ErrorCode::bad_request:
      return "bad_request";
    case ErrorCode::unknown_op:
      return "unknown_op";
    case ErrorCode::hello_required:
      return "hello_required";
    case ErrorCode::already_hello:
      return "already_hello";
    case ErrorCode::frame_too_large:
      return "frame_too_large";
    case ErrorCode::login_timeout:
      return "login_timeout";
    case ErrorCode::too_many_connections:
      return "too_many_connections";
    case ErrorCode::bad_query:
      return "bad_query";
  }
  return "internal";
}

}  // namespace confab::net
