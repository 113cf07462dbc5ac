#include <doctest/doctest.h>

#include "tests/unit/messages.hpp"

#include "actors/session_texts.hpp"
#include "net/text_commands.hpp"

using namespace confab;

TEST_CASE("text lines become commands or plain messages") {
  auto plain = net::parse_text_line("hello there");
  CHECK(plain.name.empty());
  CHECK(plain.argument == "hello there");
  auto join = net::parse_text_line("/join   dev  ");
  CHECK(join.name == "join");
  CHECK(join.argument == "dev");
  auto msg = net::parse_text_line("/msg bob see you soon");
  CHECK(msg.name == "msg");
  CHECK(msg.argument == "bob see you soon");
}

TEST_CASE("text commands map onto protocol requests") {
  auto say = text_command_request(net::parse_text_line("hi all"), "main");
  REQUIRE(say);
  CHECK(say->op == "say");
  CHECK(say->body["room"] == "main");
  CHECK(say->body["text"] == "hi all");

  auto pm = text_command_request(net::parse_text_line("/msg bob see you"), "main");
  REQUIRE(pm);
  CHECK(pm->op == "pm");
  CHECK(pm->body["to"] == "bob");
  CHECK(pm->body["text"] == "see you");

  auto everyone = text_command_request(net::parse_text_line("/users *"), "main");
  CHECK(everyone->op == "users");
  CHECK(!everyone->body.contains("room"));

  auto history = text_command_request(net::parse_text_line("/history 5"), "dev");
  CHECK(history->body["limit"] == 5);
  CHECK(history->body["room"] == "dev");

  CHECK(text_command_request(net::parse_text_line("/frobnicate"), "main")->op == "text_error");
  CHECK(text_command_request(net::parse_text_line("/msg bob"), "main")->op == "text_error");
  CHECK(text_command_request(net::parse_text_line("hi"), "")->op == "text_error");
  CHECK(!text_command_request(net::parse_text_line("   "), "main"));
}

TEST_CASE("server lines read as the protocol shows them") {
  net::MessageRecord message = test::text_message(1, "t", "main", "alice", "", "hi");
  CHECK(net::text_message_line(message) == "[main] alice: hi\r\n");
  message.room.clear();
  message.to = "bob";
  CHECK(net::text_message_line(message) == "[pm from alice] hi\r\n");
  CHECK(net::text_presence_line("main", "bob", "join") == "* bob joined main\r\n");
  CHECK(net::text_error_line("no such room: dev") == "! no such room: dev\r\n");
}
