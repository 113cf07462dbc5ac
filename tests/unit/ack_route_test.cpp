#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "actors/ack_route.hpp"
#include "actors/chat_error.hpp"
#include "net/irc_dialect.hpp"

using namespace confab;
using nlohmann::json;

namespace {

net::MessageRecord committed(std::int64_t msg_id, std::string ts) {
  net::MessageRecord message;
  message.msg_id = msg_id;
  message.ts = std::move(ts);
  message.room = "dev";
  message.from = "ian";
  message.text = "hello";
  return message;
}

}  // namespace

TEST_CASE("a committed say is answered ok only to a JSON request with an id") {
  const auto ok = json::parse(ack_ok_frame(AckRoute{3, "7", net::DialectId::json},
                                           committed(42, "2026-11-23T10:00:00.000Z")));
  CHECK(ok == json{{"type", "ok"},
                   {"op", "say"},
                   {"id", 7},
                   {"msg_id", 42},
                   {"ts", "2026-11-23T10:00:00.000Z"}});
  const auto string_id =
      json::parse(ack_ok_frame(AckRoute{3, "\"a\\\"b\"", net::DialectId::json}, committed(1, "t")));
  CHECK(string_id["id"] == "a\"b");
  CHECK(ack_ok_frame(AckRoute{3, "", net::DialectId::json}, committed(42, "t")).empty());
  CHECK(ack_ok_frame(AckRoute{3, "", net::DialectId::text}, committed(42, "t")).empty());
}

TEST_CASE("IRC acknowledges by nothing, or with echo-message by the message as others see it") {
  const auto message = committed(42, "2026-11-23T10:00:00.000Z");
  CHECK(ack_ok_frame(AckRoute{3, "", net::DialectId::irc}, message).empty());
  CHECK(ack_ok_frame(AckRoute{3, "", net::DialectId::irc, true}, message) ==
        ":ian!ian@confab PRIVMSG #dev :hello\r\n");
  const auto tagged = net::irc_dialect_id(net::kIrcServerTime | net::kIrcMessageTags);
  CHECK(ack_ok_frame(AckRoute{3, "", tagged, true}, message) ==
        "@time=2026-11-23T10:00:00.000Z;msgid=42 :ian!ian@confab PRIVMSG #dev :hello\r\n");
}

TEST_CASE("a failed say is answered in the sender's mode, with or without an id") {
  const auto failure = make_chat_error(ChatError::internal, "the server could not save this");
  const auto with_id =
      json::parse(ack_error_frame(AckRoute{3, "\"x\"", net::DialectId::json}, failure));
  CHECK(with_id["type"] == "error");
  CHECK(with_id["op"] == "say");
  CHECK(with_id["id"] == "x");
  CHECK(with_id["code"] == "internal");
  CHECK(with_id["message"] == "the server could not save this");
  const auto without_id =
      json::parse(ack_error_frame(AckRoute{3, "", net::DialectId::json}, failure));
  CHECK(without_id["code"] == "internal");
  CHECK_FALSE(without_id.contains("id"));
  const auto text = ack_error_frame(AckRoute{3, "", net::DialectId::text}, failure);
  CHECK(text.find("the server could not save this") != std::string::npos);
  CHECK(text.front() != '{');
}
