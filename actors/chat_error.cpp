#include "actors/chat_error.hpp"

#include <caf/make_message.hpp>

namespace confab {

caf::error make_chat_error(ChatError code, std::string message) {
  return caf::error(static_cast<std::uint8_t>(code), kChatErrorCategory,
                    caf::make_message(std::move(message)));
}

caf::error make_chat_error(ChatError code, std::string message, std::int64_t retry_after_ms) {
  return caf::error(static_cast<std::uint8_t>(code), kChatErrorCategory,
                    caf::make_message(std::move(message), retry_after_ms));
}

ChatError error_code(const caf::error& error) {
  if (error.category() != kChatErrorCategory) {
    return ChatError::internal;
  }
  return static_cast<ChatError>(error.code());
}

std::string_view error_code_name(const caf::error& error) {
  return net::wire_name(error_code(error));
}

std::string error_message(const caf::error& error) {
  const auto& context = error.context();
  if (error.category() == kChatErrorCategory && !context.empty() &&
      context.match_element<std::string>(0)) {
    return context.get_as<std::string>(0);
  }
  return "server error, please retry";
}

std::int64_t error_retry_after_ms(const caf::error& error) {
  if (error.category() == kChatErrorCategory &&
      error.context().match_elements<std::string, std::int64_t>()) {
    return error.context().get_as<std::int64_t>(1);
  }
  return 0;
}

std::string render_error(const net::Dialect& dialect, const net::ReplyTo& request,
                         const caf::error& error) {
  return dialect.error(request, error_code(error), error_message(error),
                       error_retry_after_ms(error));
}

}  // namespace confab
