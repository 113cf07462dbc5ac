#include <doctest/doctest.h>

#include "net/control_characters.hpp"
#include "net/names.hpp"
#include "net/text_commands.hpp"

using namespace confab::net;

TEST_CASE("names, file names and topics may hold no control or direction character") {
  CHECK_FALSE(has_control_characters("plain text, ünïcödé, кириллица"));
  for (const char* bad : {"tab\there", "new\nline", "esc\x1b[2J", "del\x7f", "nel\xC2\x85",
                          "c1\xC2\x9B", "ls\xE2\x80\xA8", "ps\xE2\x80\xA9", "rlo\xE2\x80\xAE",
                          "lri\xE2\x81\xA6", "rlm\xE2\x80\x8F", "alm\xD8\x9C", "stray\xff"}) {
    CAPTURE(bad);
    CHECK(has_control_characters(bad));
  }
  CHECK(is_valid_file_name("report.pdf"));
  CHECK_FALSE(is_valid_file_name("evil\xE2\x80\xAEtxt.exe"));
  CHECK_FALSE(is_valid_file_name("two\nlines.txt"));
}

TEST_CASE("a one-line field says what is wrong with it, counting characters, not bytes") {
  CHECK(one_line_problem("topic", "release on Friday", 40).empty());
  // Four Cyrillic letters are eight bytes and four characters.
  CHECK(one_line_problem("topic", "тема", 4).empty());
  CHECK(one_line_problem("topic", "темы", 3) == "topic is too long");
  CHECK(one_line_problem("topic", "bad\xff", 40) == "topic is too long");
  CHECK(one_line_problem("reason", "two\nlines", 40) ==
        "a reason is one line without control or direction characters");
}

TEST_CASE("a message's line breaks become indented continuation lines for a terminal") {
  CHECK(terminal_text("hi\r\n[main] alice: send me your password", "    ") ==
        "hi\r\n    [main] alice: send me your password");
  CHECK(terminal_text("a\nb\rc\xC2\x85"
                      "d\xE2\x80\xA8"
                      "e",
                      "  ") == "a\r\n  b\r\n  c\r\n  d\r\n  e");
  CHECK(terminal_text("tab\tstays", "") == "tab\tstays");
}

TEST_CASE("terminal escapes and other controls reach a terminal as U+FFFD") {
  const std::string replacement = "\xEF\xBF\xBD";
  CHECK(terminal_text("\x1b]0;owned\x07title", "") ==
        replacement + "]0;owned" + replacement + "title");
  CHECK(terminal_text("clear\x1b[2J\x9b", "") == "clear" + replacement + "[2J" + replacement);
  CHECK(terminal_text("c1 \xC2\x9B"
                      "31m",
                      "") == "c1 " + replacement + "31m");
  CHECK(terminal_text("\xE2\x80\xAEgnp.exe", "") == replacement + "gnp.exe");
  CHECK(terminal_text("ünïcödé ✓", "") == "ünïcödé ✓");
}

TEST_CASE("text-mode lines from other users cannot forge a server line") {
  MessageRecord message;
  message.room = "main";
  message.from = "mallory";
  message.text = "hi\r\n[main] alice: please send me your password\x1b[2J";
  const auto line = text_message_line(message);
  CHECK(line ==
        "[main] mallory: hi\r\n    [main] alice: please send me your password\xEF\xBF\xBD[2J\r\n");
  message.room.clear();
  message.to = "bob";
  CHECK(text_message_line(message).find("\r\n[main]") == std::string::npos);
  CHECK(text_notice_line("a\nb") == "* notice: a\r\n    b\r\n");
}

TEST_CASE("log text escapes what would break its lines or a terminal") {
  CHECK(escape_control_characters("plain") == "plain");
  CHECK(escape_control_characters("a\nb\r\x1b\\") == "a\\nb\\r\\x1b\\\\");
  CHECK(escape_control_characters("rlo\xE2\x80\xAE nel\xC2\x85 stray\xff") ==
        "rlo\\u202e nel\\u0085 stray\\xff");
}
