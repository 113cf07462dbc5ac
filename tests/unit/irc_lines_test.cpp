// confab's messages as IRC clients receive them: targets, tags, and texts
// too long for one IRC line split without losing a byte.
#include <doctest/doctest.h>

#include "net/irc_lines.hpp"
#include "net/irc_message.hpp"

using namespace confab::net;

namespace {

MessageRecord room_message(std::string text) {
  MessageRecord message;
  message.msg_id = 42;
  message.ts = "2026-12-04T12:00:00.123Z";
  message.room = "dev";
  message.from = "alice";
  message.text = std::move(text);
  return message;
}

// The text each line carries, and that no line is over IRC's limit.
std::string carried(const std::vector<std::string>& lines) {
  std::string text;
  for (const auto& line : lines) {
    const auto tags_end = line.front() == '@' ? line.find(' ') + 1 : 0;
    CHECK(line.size() - tags_end + 2 <= kIrcMaxMessageBytes);
    const auto parsed = parse_irc_message(line);
    REQUIRE(parsed);
    REQUIRE(parsed->params.size() == 2);
    text += parsed->params[1];
  }
  return text;
}

bool valid_utf8_start(const std::string& text) {
  return text.empty() || (static_cast<unsigned char>(text.front()) & 0xC0) != 0x80;
}

}  // namespace

TEST_CASE("a room message is a PRIVMSG to #room from nick!nick@host") {
  CHECK(irc_message_lines(room_message("hello there"), "irc.test", {}) ==
        std::vector<std::string>{":alice!alice@irc.test PRIVMSG #dev :hello there"});
}

TEST_CASE("a private message goes to the recipient's nick") {
  auto message = room_message("psst");
  message.room.clear();
  message.to = "bob";
  CHECK(irc_message_lines(message, "irc.test", {}) ==
        std::vector<std::string>{":alice!alice@irc.test PRIVMSG bob :psst"});
}

TEST_CASE("server-time and message-tags put the timestamp and the msg_id in tags") {
  const auto message = room_message("hi");
  CHECK(irc_message_lines(message, "h", {true, false}) ==
        std::vector<std::string>{"@time=2026-12-04T12:00:00.123Z :alice!alice@h PRIVMSG #dev :hi"});
  const auto tagged = irc_message_lines(message, "h", {true, true});
  REQUIRE(tagged.size() == 1);
  const auto parsed = parse_irc_message(tagged[0]);
  REQUIRE(parsed);
  CHECK(parsed->tag("time") == std::optional<std::string_view>("2026-12-04T12:00:00.123Z"));
  CHECK(parsed->tag("msgid") == std::optional<std::string_view>("42"));
  CHECK_FALSE(parsed->tag("account"));
}

TEST_CASE("message-tags alone carry the msgid, account-tag names a logged-in sender") {
  auto message = room_message("hi");
  CHECK(irc_message_lines(message, "h", {false, true, false}) ==
        std::vector<std::string>{"@msgid=42 :alice!alice@h PRIVMSG #dev :hi"});
  CHECK(irc_message_lines(message, "h", {false, false, true}) ==
        std::vector<std::string>{":alice!alice@h PRIVMSG #dev :hi"});
  message.from_account = 7;
  CHECK(irc_message_lines(message, "h", {false, false, true}) ==
        std::vector<std::string>{"@account=alice :alice!alice@h PRIVMSG #dev :hi"});
}

TEST_CASE("a message split into several lines has one msgid, on its first line") {
  const auto lines = irc_message_lines(room_message("one\ntwo"), "h", {true, true});
  REQUIRE(lines.size() == 2);
  CHECK(parse_irc_message(lines[0])->tag("msgid") == std::optional<std::string_view>("42"));
  CHECK_FALSE(parse_irc_message(lines[1])->tag("msgid"));
  CHECK(parse_irc_message(lines[1])->tag("time"));
}

TEST_CASE("a long text is split at spaces into lines within 512 bytes, nothing lost") {
  std::string text;
  for (int i = 0; text.size() < 4000; ++i) {
    text += "word" + std::to_string(i) + " ";
  }
  text.resize(4000);
  const auto lines = irc_message_lines(room_message(text), "irc.test", {true, true});
  CHECK(lines.size() == 9);
  CHECK(carried(lines) == text);
  // Every piece but the last ends where a word did.
  for (std::size_t i = 0; i + 1 < lines.size(); ++i) {
    CHECK(lines[i].back() == ' ');
  }
}

TEST_CASE("a long text without spaces is split between characters, never inside one") {
  std::string text;
  for (int i = 0; i < 1500; ++i) {
    text += "ё";
  }
  const auto lines = irc_message_lines(room_message(text), "irc.test", {});
  CHECK(lines.size() > 1);
  CHECK(carried(lines) == text);
  for (const auto& line : lines) {
    const auto parsed = parse_irc_message(line);
    REQUIRE(parsed);
    CHECK(valid_utf8_start(parsed->params[1]));
    CHECK(parsed->params[1].size() % 2 == 0);
  }
}

TEST_CASE("a text of several lines is several messages, without empty ones") {
  const auto lines = irc_message_lines(room_message("one\r\ntwo\n\nthree\n"), "h", {});
  CHECK(lines == std::vector<std::string>{":alice!alice@h PRIVMSG #dev :one",
                                          ":alice!alice@h PRIVMSG #dev :two",
                                          ":alice!alice@h PRIVMSG #dev :three"});
}

TEST_CASE("a shared file is a NOTICE that names it and says how to fetch it") {
  auto message = room_message("report.pdf");
  message.file_id = 17;
  message.file_size = 123456;
  const auto lines = irc_message_lines(message, "h", {});
  REQUIRE(lines.size() == 1);
  CHECK(lines[0] ==
        ":alice!alice@h NOTICE #dev :alice shared the file \"report.pdf\" (123456 bytes, file 17): "
        "download it with a confab client");
}

TEST_CASE("a tag joins every line of a block, before the tags it has") {
  CHECK(add_irc_tag(":a PRIVMSG #x :hi\r\n@time=1 :b PRIVMSG #x :yo\r\n", "batch", "h1") ==
        "@batch=h1 :a PRIVMSG #x :hi\r\n@batch=h1;time=1 :b PRIVMSG #x :yo\r\n");
  CHECK(add_irc_tag(":a PONG s :t\r\n", "label", "a b;c") == "@label=a\\sb\\:c :a PONG s :t\r\n");
  CHECK(add_irc_tag("", "batch", "h1").empty());
  CHECK(irc_line_count("a\r\nb\r\n") == 2);
  CHECK(irc_line_count("") == 0);
}
