#include <cstdint>
#include <cstdio>
#include <ctime>
#include <string>

#include <doctest/doctest.h>

#include "net/names.hpp"
#include "net/timestamp.hpp"
#include "net/utf8.hpp"

using namespace confab::net;

TEST_CASE("nicks: 1-32 of letters, digits, underscore and dash") {
  CHECK(is_valid_nick("alice"));
  CHECK(is_valid_nick("A_b-9"));
  CHECK(is_valid_nick(std::string(32, 'n')));
  CHECK_FALSE(is_valid_nick(""));
  CHECK_FALSE(is_valid_nick(std::string(33, 'n')));
  CHECK_FALSE(is_valid_nick("al ice"));
  CHECK_FALSE(is_valid_nick("al.ice"));
  CHECK_FALSE(is_valid_nick("ünicode"));
}

TEST_CASE("rooms: 1-64 of letters, digits, underscore, dot and dash") {
  CHECK(is_valid_room("main"));
  CHECK(is_valid_room("dev.ops-2_x"));
  CHECK(is_valid_room(std::string(64, 'r')));
  CHECK_FALSE(is_valid_room(std::string(65, 'r')));
  CHECK_FALSE(is_valid_room(""));
  CHECK_FALSE(is_valid_room("a/b"));
  CHECK_FALSE(is_valid_room("#main"));
}

TEST_CASE("names compare case-insensitively through their key") {
  CHECK(name_key("Alice") == name_key("aLICE"));
  CHECK(name_key("Dev.Ops") == "dev.ops");
}

TEST_CASE("UTF-8 validation rejects what JSON must not carry") {
  CHECK(is_valid_utf8("plain"));
  CHECK(is_valid_utf8("h\xc3\xa9llo \xe2\x82\xac \xf0\x9f\x98\x80"));
  CHECK_FALSE(is_valid_utf8("\xc3"));              // truncated
  CHECK_FALSE(is_valid_utf8("\xc0\xaf"));          // overlong '/'
  CHECK_FALSE(is_valid_utf8("\xed\xa0\x80"));      // surrogate
  CHECK_FALSE(is_valid_utf8("\xf4\x90\x80\x80"));  // above U+10FFFF
  CHECK_FALSE(is_valid_utf8("\xff"));
  // Bad bytes after, inside and at the end of long ASCII runs, which are
  // checked eight bytes at a time.
  CHECK(
      is_valid_utf8("0123456789abcdef\xc3\xa9"
                    "0123456789abcdef"));
  CHECK_FALSE(
      is_valid_utf8("0123456789abcdef\xc3"
                    "0123456789abcdef"));
  CHECK_FALSE(
      is_valid_utf8("01234567\xff"
                    "0123456789"));
  CHECK_FALSE(is_valid_utf8("0123456789abcdef\xe2\x82"));
  CHECK(utf8_length("h\xc3\xa9llo") == 5);
  CHECK(utf8_length("\xf0\x9f\x98\x80") == 1);
}

TEST_CASE("timestamps are UTC ISO 8601 with milliseconds") {
  using namespace std::chrono;
  const system_clock::time_point when{milliseconds(1795341600123)};
  CHECK(format_timestamp(when) == "2026-11-22T10:00:00.123Z");
  CHECK(now_timestamp().size() == 24);
  CHECK(format_timestamp(system_clock::time_point{}) == "1970-01-01T00:00:00.000Z");
  CHECK(format_timestamp(system_clock::time_point{milliseconds(951782400000)}) ==
        "2000-02-29T00:00:00.000Z");
  CHECK(format_timestamp(system_clock::time_point{milliseconds(-1)}) == "1969-12-31T23:59:59.999Z");
}

TEST_CASE("timestamps agree with gmtime across leap years and month ends") {
  using namespace std::chrono;
  // A step that is not a whole number of days or hours walks every month
  // end, leap day and century rule between 1970 and 2200.
  constexpr std::int64_t kStepMillis = 86'400'000LL * 3 + 3'723'457;
  for (std::int64_t millis = 0; millis < 7'258'118'400'000LL; millis += kStepMillis) {
    const std::time_t seconds = static_cast<std::time_t>(millis / 1000);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char expected[96];
    std::snprintf(expected, sizeof expected, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
                  utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min,
                  utc.tm_sec, static_cast<int>(millis % 1000));
    const auto formatted = format_timestamp(system_clock::time_point{milliseconds(millis)});
    if (formatted != expected) {
      CHECK(formatted == std::string(expected));
      break;
    }
  }
}

TEST_CASE("look-alike nicks share a skeleton") {
  using confab::net::nick_skeleton;
  CHECK(nick_skeleton("aIice") == nick_skeleton("alice"));
  CHECK(nick_skeleton("a1ice") == nick_skeleton("ALICE"));
  CHECK(nick_skeleton("AIice") == nick_skeleton("alice"));
  CHECK(nick_skeleton("b0b") == nick_skeleton("bob"));
  CHECK(nick_skeleton("rnallory") == nick_skeleton("mallory"));
  CHECK(nick_skeleton("clave") == nick_skeleton("dave"));
  CHECK(nick_skeleton("vvendy") == nick_skeleton("wendy"));
  CHECK(nick_skeleton("alice") != nick_skeleton("alicia"));
  CHECK(nick_skeleton("bob_1") != nick_skeleton("bob_2"));
}
