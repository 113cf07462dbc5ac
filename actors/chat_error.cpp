#include "actors/chat_error.hpp"

#include <caf/make_message.hpp>

#include "net/protocol_codec.hpp"

namespace confab {

caf::error make_chat_error(ChatError code, std::string message) {
  return caf::error(static_cast<std::uint8_t>(code), kChatErrorCategory,
                    caf::make_message(std::move(message)));
}

caf::error make_chat_error(ChatError code, std::string message, std::int64_t retry_after_ms) {
  return caf::error(static_cast<std::uint8_t>(code), kChatErrorCategory,
                    caf::make_message(std::move(message), retry_after_ms));
}

std::string_view error_code_name(const caf::error& error) {
  if (error.category() != kChatErrorCategory) {
    return "internal";
  }
  switch (static_cast<ChatError>(error.code())) {
    case ChatError::internal:
      return "internal";
    case ChatError::invalid_nick:
      return "invalid_nick";
    case ChatError::nick_taken:
      return "nick_taken";
    case ChatError::auth_failed:
      return "auth_failed";
    case ChatError::invalid_room:
      return "invalid_room";
    case ChatError::room_exists:
      return "room_exists";
    case ChatError::no_such_room:
      return "no_such_room";
    case ChatError::already_member:
      return "already_member";
    case ChatError::not_member:
      return "not_member";
    case ChatError::no_such_user:
      return "no_such_user";
    case ChatError::auth_required:
      return "auth_required";
    case ChatError::too_long:
      return "too_long";
    case ChatError::too_large:
      return "too_large";
    case ChatError::invalid_name:
      return "invalid_name";
    case ChatError::no_such_file:
      return "no_such_file";
    case ChatError::forbidden:
      return "forbidden";
    case ChatError::quota_exceeded:
      return "quota_exceeded";
    case ChatError::too_many_uploads:
      return "too_many_uploads";
    case ChatError::bad_upload:
      return "bad_upload";
    case ChatError::size_mismatch:
      return "size_mismatch";
    case ChatError::checksum_mismatch:
      return "checksum_mismatch";
    case ChatError::rate_limited:
      return "rate_limited";
  }
  return "internal";
}

std::string error_message(const caf::error& error) {
  const auto& context = error.context();
  if (error.category() == kChatErrorCategory && !context.empty() &&
      context.match_element<std::string>(0)) {
    return context.get_as<std::string>(0);
  }
  return "server error, please retry";
}

std::string encode_chat_error(std::string_view op, std::string_view id, const caf::error& error) {
  net::Json extra = net::Json::object();
  if (const auto retry_after = error_retry_after_ms(error); retry_after > 0) {
    extra["retry_after_ms"] = retry_after;
  }
  return net::encode_error(op, id, error_code_name(error), error_message(error), std::move(extra));
}

std::int64_t error_retry_after_ms(const caf::error& error) {
  if (error.category() == kChatErrorCategory &&
      error.context().match_elements<std::string, std::int64_t>()) {
    return error.context().get_as<std::int64_t>(1);
  }
  return 0;
}

}  // namespace confab
