// Reading a request's fields, and the limits every message is held to.
#include "actors/session/session_state.hpp"
#include "net/control_characters.hpp"
#include "net/utf8.hpp"

namespace confab::session_detail {

// --- field checks -------------------------------------------------------------

// Each returns nullptr/false after answering bad_request, so handlers read as
// a list of requirements.
const std::string* require_string(session_pointer self, const Request& request, const char* key) {
  const auto* value = net::string_field(request.body, key);
  if (value == nullptr) {
    reply_error(self, request, ChatError::bad_request, std::string(key) + " must be a string");
  }
  return value;
}

bool optional_string(session_pointer self, const Request& request, const char* key,
                     std::string& out) {
  if (!request.body.contains(key)) {
    return true;
  }
  const auto* value = net::string_field(request.body, key);
  if (value == nullptr) {
    reply_error(self, request, ChatError::bad_request, std::string(key) + " must be a string");
    return false;
  }
  out = *value;
  return true;
}

bool optional_integer(session_pointer self, const Request& request, const char* key,
                      caf::optional<std::int64_t>& out) {
  if (!request.body.contains(key)) {
    return true;
  }
  auto value = net::integer_field(request.body, key);
  if (!value) {
    reply_error(self, request, ChatError::bad_request, std::string(key) + " must be an integer");
    return false;
  }
  out = *value;
  return true;
}

bool check_text(session_pointer self, const Request& request, const std::string& text) {
  if (text.empty()) {
    reply_error(self, request, ChatError::bad_request, "text must not be empty");
    return false;
  }
  if (net::utf8_length(text) > self->state.context->limits.max_text_chars) {
    reply_error(self, request, ChatError::too_long,
                "text is longer than " +
                    std::to_string(self->state.context->limits.max_text_chars) + " characters");
    return false;
  }
  return true;
}

bool check_one_line(session_pointer self, const Request& request, const char* key,
                    const std::string& value) {
  const auto problem =
      net::one_line_problem(key, value, self->state.context->limits.max_text_chars);
  if (!problem.empty()) {
    reply_error(self, request, ChatError::bad_request, problem);
    return false;
  }
  return true;
}

bool within_rate(session_pointer self, const Request& request) {
  const long retry_after = self->state.rate_limiter.acquire();
  if (retry_after == 0) {
    return true;
  }
  reply_error(self, request, ChatError::rate_limited, "slow down: too many messages", retry_after);
  return false;
}

}  // namespace confab::session_detail
