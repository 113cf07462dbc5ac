#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "actors/ack_route.hpp"
#include "actors/chat_error.hpp"

using namespace confab;
using nlohmann::json;

TEST_CASE("a committed say is answered ok only to a JSON request with an id") {
  const auto ok = json::parse(
      ack_ok_frame(AckRoute{3, "7", net::DialectId::json}, 42, "2026-11-23T10:00:00.000Z"));
  CHECK(ok == json{{"type", "ok"},
                   {"op", "say"},
                   {"id", 7},
                   {"msg_id", 42},
                   {"ts", "2026-11-23T10:00:00.000Z"}});
  const auto string_id =
      json::parse(ack_ok_frame(AckRoute{3, "\"a\\\"b\"", net::DialectId::json}, 1, "t"));
  CHECK(string_id["id"] == "a\"b");
  CHECK(ack_ok_frame(AckRoute{3, "", net::DialectId::json}, 42, "t").empty());
  CHECK(ack_ok_frame(AckRoute{3, "", net::DialectId::text}, 42, "t").empty());
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
