// What a room's operators may do: set its topic and remove its members.
// Every member may read the topic; the room decides who is an operator.
#include <optional>

#include "actors/chat_error.hpp"
#include "actors/session/operations.hpp"
#include "actors/session/session_state.hpp"
#include "net/names.hpp"

namespace confab::session_detail {

void handle_topic(session_pointer self, const Request& request) {
  const auto* room = require_string(self, request, "room");
  if (room == nullptr) {
    return;
  }
  std::optional<std::string> topic;
  if (request.body.contains("topic")) {
    std::string text;
    if (!optional_string(self, request, "topic", text) ||
        !check_one_line(self, request, "topic", text)) {
      return;
    }
    topic = std::move(text);
  }
  auto* joined = require_joined(self, request, *room);
  if (joined == nullptr) {
    return;
  }
  auto answer = [self, request, changed = topic.has_value()](std::string& name, std::string& text) {
    if (changed) {
      self->state.context->log->info(self->state.nick, " set the topic of ", name);
    }
    reply_ok(self, request, net::TopicResult{std::move(name), std::move(text), changed});
  };
  auto refused = [self, request](caf::error& error) { reply_error(self, request, error); };
  if (topic) {
    self->request(joined->handle, kRequestTimeout, atoms::topic::value, self->state.nick, *topic)
        .await(answer, refused);
  } else {
    self->request(joined->handle, kRequestTimeout, atoms::topic::value, self->state.nick)
        .await(answer, refused);
  }
}

void handle_kick(session_pointer self, const Request& request) {
  const auto* room = require_string(self, request, "room");
  if (room == nullptr) {
    return;
  }
  const auto* nick = require_string(self, request, "nick");
  if (nick == nullptr) {
    return;
  }
  std::string reason;
  if (!optional_string(self, request, "reason", reason) ||
      !check_one_line(self, request, "reason", reason)) {
    return;
  }
  auto* joined = require_joined(self, request, *room);
  if (joined == nullptr) {
    return;
  }
  self->request(joined->handle, kRequestTimeout, atoms::kick::value, self->state.nick, *nick,
                reason)
      .await(
          [self, request, reason](std::string& name, std::string& kicked) {
            reply_ok(self, request, net::KickResult{std::move(name), std::move(kicked), reason});
          },
          [self, request](caf::error& error) { reply_error(self, request, error); });
}

}  // namespace confab::session_detail
