// IRC lines as the Modern IRC document and IRCv3 message-tags read them; the
// cases follow the community's parser tests (ircdocs/parser-tests).
#include <doctest/doctest.h>

#include "net/irc_message.hpp"

using confab::net::format_irc_message;
using confab::net::IrcMessage;
using confab::net::parse_irc_message;

namespace {

struct Split {
  const char* line;
  std::vector<std::pair<std::string, std::string>> tags;
  std::string source;
  std::string command;
  std::vector<std::string> params;
};

}  // namespace

TEST_CASE("IRC lines split into tags, source, command and parameters") {
  const std::vector<Split> cases = {
      {"foo bar baz asdf", {}, "", "foo", {"bar", "baz", "asdf"}},
      {":coolguy foo bar baz asdf", {}, "coolguy", "foo", {"bar", "baz", "asdf"}},
      {"foo bar baz :asdf quux", {}, "", "foo", {"bar", "baz", "asdf quux"}},
      {"foo bar baz :", {}, "", "foo", {"bar", "baz", ""}},
      {"foo bar baz ::asdf", {}, "", "foo", {"bar", "baz", ":asdf"}},
      {":coolguy foo bar baz :  asdf quux ", {}, "coolguy", "foo", {"bar", "baz", "  asdf quux "}},
      {":coolguy PRIVMSG bar :lol :) ", {}, "coolguy", "PRIVMSG", {"bar", "lol :) "}},
      {":coolguy foo bar baz :  ", {}, "coolguy", "foo", {"bar", "baz", "  "}},
      {"@a=b;c=32;k;rt=ql7 foo",
       {{"a", "b"}, {"c", "32"}, {"k", ""}, {"rt", "ql7"}},
       "",
       "foo",
       {}},
      {"@a=b\\\\and\\nk;c=72\\s45;d=gh\\:764 foo",
       {{"a", "b\\and\nk"}, {"c", "72 45"}, {"d", "gh;764"}},
       "",
       "foo",
       {}},
      {"@c;h=;a=b :quux ab cd", {{"c", ""}, {"h", ""}, {"a", "b"}}, "quux", "ab", {"cd"}},
      {":src JOIN #chan", {}, "src", "JOIN", {"#chan"}},
      {":src JOIN :#chan", {}, "src", "JOIN", {"#chan"}},
      {":src AWAY", {}, "src", "AWAY", {}},
      {":src AWAY ", {}, "src", "AWAY", {}},
      {":cool\tguy foo bar baz", {}, "cool\tguy", "foo", {"bar", "baz"}},
      {":coolguy!ag@net\x03"
       "5w\x03ork.admin PRIVMSG foo :bar baz",
       {},
       "coolguy!ag@net\x03"
       "5w\x03ork.admin",
       "PRIVMSG",
       {"foo", "bar baz"}},
      {":gravel.mozilla.org 432  #momo :Erroneous Nickname: Illegal characters",
       {},
       "gravel.mozilla.org",
       "432",
       {"#momo", "Erroneous Nickname: Illegal characters"}},
      {"@tag1=value1;tag2;vendor1/tag3=value2;vendor2/tag4 :irc.example.com COMMAND param1 param2 "
       ":param3 param3",
       {{"tag1", "value1"}, {"tag2", ""}, {"vendor1/tag3", "value2"}, {"vendor2/tag4", ""}},
       "irc.example.com",
       "COMMAND",
       {"param1", "param2", "param3 param3"}},
      {"@foo=\\\\\\\\\\:\\\\s\\s\\r\\n COMMAND", {{"foo", "\\\\;\\s \r\n"}}, "", "COMMAND", {}},
      {"@tag1=value\\1 COMMAND", {{"tag1", "value1"}}, "", "COMMAND", {}},
      {"@tag1=value1\\ COMMAND", {{"tag1", "value1"}}, "", "COMMAND", {}},
      {"@tag1=1;tag2=3;tag3=4;tag1=5 COMMAND",
       {{"tag1", "5"}, {"tag2", "3"}, {"tag3", "4"}},
       "",
       "COMMAND",
       {}},
      {":SomeOp MODE #channel +oo SomeUser :AnotherUser",
       {},
       "SomeOp",
       "MODE",
       {"#channel", "+oo", "SomeUser", "AnotherUser"}},
      {"  PING   :x  ", {}, "", "PING", {"x  "}},
      {"@=x;;ok PING", {{"ok", ""}}, "", "PING", {}},
  };
  for (const auto& expected : cases) {
    CAPTURE(expected.line);
    const auto message = parse_irc_message(expected.line);
    REQUIRE(message);
    CHECK(message->tags == expected.tags);
    CHECK(message->source == expected.source);
    CHECK(message->command == expected.command);
    CHECK(message->params == expected.params);
  }
}

TEST_CASE("a line without a command is nothing") {
  CHECK_FALSE(parse_irc_message(""));
  CHECK_FALSE(parse_irc_message("   "));
  CHECK_FALSE(parse_irc_message("@a=b"));
  CHECK_FALSE(parse_irc_message("@a=b :source"));
  CHECK_FALSE(parse_irc_message(":source "));
  CHECK_FALSE(parse_irc_message(": :c d"));
  CHECK_FALSE(parse_irc_message("@a=b @c"));
}

TEST_CASE("messages are written so that they read back the same") {
  const std::vector<std::pair<IrcMessage, std::string>> cases = {
      {{{}, "", "foo", {"bar", "baz", "asdf"}}, "foo bar baz asdf"},
      {{{}, "src", "AWAY", {}}, ":src AWAY"},
      {{{}, "coolguy", "foo", {"bar", "baz", "asdf quux"}}, ":coolguy foo bar baz :asdf quux"},
      {{{}, "", "foo", {"bar", "baz", ""}}, "foo bar baz :"},
      {{{}, "", "foo", {"bar", "baz", ":asdf"}}, "foo bar baz ::asdf"},
      {{{{"a", "b"}, {"c", "32"}, {"k", ""}, {"rt", "ql7"}}, "", "foo", {}},
       "@a=b;c=32;k;rt=ql7 foo"},
      {{{{"a", "b\\and\nk"}, {"c", "72 45"}, {"d", "gh;764"}}, "", "foo", {}},
       "@a=b\\\\and\\nk;c=72\\s45;d=gh\\:764 foo"},
      {{{{"time", "2026-12-04T12:00:00.000Z"}}, "alice!alice@confab", "PRIVMSG", {"#dev", "hi"}},
       "@time=2026-12-04T12:00:00.000Z :alice!alice@confab PRIVMSG #dev hi"},
  };
  for (const auto& [message, line] : cases) {
    CAPTURE(line);
    CHECK(format_irc_message(message) == line);
    const auto back = parse_irc_message(line);
    REQUIRE(back);
    CHECK(back->tags == message.tags);
    CHECK(back->source == message.source);
    CHECK(back->command == message.command);
    CHECK(back->params == message.params);
  }
}

TEST_CASE("commands compare without case, and tags are found by key") {
  CHECK(confab::net::irc_command_is("privmsg", "PRIVMSG"));
  CHECK(confab::net::irc_command_is("PrivMsg", "PRIVMSG"));
  CHECK_FALSE(confab::net::irc_command_is("PRIVMSGX", "PRIVMSG"));
  const auto message = parse_irc_message("@label=abc;+draft/reply=7 PING x");
  REQUIRE(message);
  CHECK(message->tag("label") == std::optional<std::string_view>("abc"));
  CHECK(message->tag("+draft/reply") == std::optional<std::string_view>("7"));
  CHECK_FALSE(message->tag("msgid"));
}
