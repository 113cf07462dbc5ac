#include <doctest/doctest.h>

#include "tests/unit/messages.hpp"

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

TEST_CASE("server lines read as the protocol shows them") {
  net::MessageRecord message = test::text_message(1, "t", "main", "alice", "", "hi");
  CHECK(net::text_message_line(message) == "[main] alice: hi\r\n");
  message.room.clear();
  message.to = "bob";
  CHECK(net::text_message_line(message) == "[pm from alice] hi\r\n");
  CHECK(net::text_presence_line("main", "bob", "join") == "* bob joined main\r\n");
  CHECK(net::text_error_line("no such room: dev") == "! no such room: dev\r\n");
}
