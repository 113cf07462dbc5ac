#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "net/flat_object_reader.hpp"

using confab::net::read_flat_object;
using Json = nlohmann::json;

namespace {

// The same value and, member by member, the same stored type: nlohmann's
// operator== calls 1 and 1u equal, the protocol code does not always.
bool identical(const Json& a, const Json& b) {
  if (a.type() != b.type() || a.dump() != b.dump()) {
    return false;
  }
  if (a.is_object()) {
    for (auto it = a.begin(); it != a.end(); ++it) {
      if (it->type() != b.at(it.key()).type()) {
        return false;
      }
    }
  }
  return true;
}

// Whenever the reader answers, the full parser must accept the text and
// build the identical value.
void check_agrees(const std::string& text) {
  auto flat = read_flat_object(text);
  if (!flat) {
    return;
  }
  auto full = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  INFO("text: ", text);
  REQUIRE_FALSE(full.is_discarded());
  CHECK(identical(*flat, full));
}

}  // namespace

TEST_CASE("the flat reader reads the frames clients send, as the full parser would") {
  for (const std::string text : {
           R"({"op":"say","room":"dev","text":"hi there","id":7})",
           R"({"op":"hello","nick":"alice","id":"a-1"})",
           R"( { "op" : "ping" , "flag" : true, "other": false, "none": null } )",
           "{}",
           " {\t}\r\n",
           R"({"n":0,"m":-5,"big":18446744073709551615,"low":-9223372036854775808})",
           "{\"text\":\"h\xc3\xa9llo \xf0\x9f\x98\x80\"}",
       }) {
    INFO("text: ", text);
    REQUIRE(read_flat_object(text).has_value());
    check_agrees(text);
  }
  auto say = *read_flat_object(R"({"op":"say","id":7,"n":-2})");
  CHECK(say["op"] == "say");
  CHECK(say["id"].is_number_unsigned());
  CHECK(say["n"].is_number_integer());
  CHECK_FALSE(say["n"].is_number_unsigned());
}

TEST_CASE("the flat reader leaves everything else to the full parser") {
  for (const std::string text : {
           R"({"text":"a\nb"})",             // escapes
           R"({"a":{"b":1}})",               // nested object
           R"({"a":[1]})",                   // array
           R"({"a":1.5})",                   // fraction
           R"({"a":1e3})",                   // exponent
           R"({"a":-0})",                    // negative zero
           R"({"a":01})",                    // leading zero (invalid JSON)
           R"({"a":18446744073709551616})",  // beyond uint64
           R"({"a":-9223372036854775809})",  // beyond int64
           R"({"a":1,"a":2})",               // duplicate key
           R"({"a":1,})",                    // trailing comma
           R"({"a" 1})",                     // missing colon
           R"({"a":1} x)",                   // trailing text
           "{\"a\":\"\x01\"}",               // control character
           R"({"a":"open)",                  // unterminated
           R"({"a":tru})",                   // misspelt literal
           R"([1])",
           R"("s")",
           "",
           "   ",
           "{",
       }) {
    INFO("text: ", text);
    CHECK_FALSE(read_flat_object(text).has_value());
  }
}

TEST_CASE("the flat reader agrees with the full parser on generated text") {
  // Fragments that make valid flat objects often and near misses more often.
  const std::vector<std::string> pieces = {"{",
                                           "}",
                                           "{",
                                           "}",
                                           ":",
                                           ":",
                                           ",",
                                           ",",
                                           " ",
                                           "\t",
                                           "\"op\"",
                                           "\"text\"",
                                           "\"id\"",
                                           "\"a b\"",
                                           "\"\"",
                                           "\"\xc3\xa9\"",
                                           "\"x\\\"y\"",
                                           "\"\\u0041\"",
                                           "\"\x02\"",
                                           "0",
                                           "7",
                                           "-3",
                                           "12345678901234567890",
                                           "-0",
                                           "1.5",
                                           "2e9",
                                           "true",
                                           "false",
                                           "null",
                                           "nul",
                                           "[",
                                           "]",
                                           "\"op\":\"say\"",
                                           "\"id\":42",
                                           ",\"room\":\"dev\"",
                                           "\"n\":-12"};
  // Members for objects that are well formed apart from what a member holds.
  const std::vector<std::string> keys = {"\"op\"",   "\"id\"",       "\"text\"", "\"\"",
                                         "\"k\\n\"", "\"\xc3\xa9\"", "op",       "\"op"};
  const std::vector<std::string> values = {"\"say\"",
                                           "\"\"",
                                           "\"a\\tb\"",
                                           "\"\x03\"",
                                           "0",
                                           "00",
                                           "42",
                                           "-7",
                                           "-0",
                                           "3.0",
                                           "1E2",
                                           "18446744073709551615",
                                           "18446744073709551616",
                                           "-9223372036854775808",
                                           "-9223372036854775809",
                                           "true",
                                           "false",
                                           "null",
                                           "True",
                                           "{}",
                                           "[]",
                                           "\"\xf0\x9f\x98\x80\""};
  std::mt19937 random(20261123);
  std::uniform_int_distribution<std::size_t> pick(0, pieces.size() - 1);
  std::uniform_int_distribution<std::size_t> pick_key(0, keys.size() - 1);
  std::uniform_int_distribution<std::size_t> pick_value(0, values.size() - 1);
  std::uniform_int_distribution<int> length(1, 12);
  int accepted = 0;
  for (int i = 0; i < 60000; ++i) {
    std::string text;
    const int n = length(random);
    if (i % 3 == 0) {
      text = "{";
      for (int j = 0; j < n % 5; ++j) {
        text += (j > 0 ? ", " : "") + keys[pick_key(random)] + ":" + values[pick_value(random)];
      }
      text += "}";
    } else {
      if (i % 3 == 1) {
        text = "{";  // starts like an object, to reach deeper
      }
      for (int j = 0; j < n; ++j) {
        text += pieces[pick(random)];
      }
      if (i % 3 == 1) {
        text += "}";
      }
    }
    check_agrees(text);
    accepted += read_flat_object(text).has_value() ? 1 : 0;
  }
  // The comparison above only bites where the reader answers.
  CHECK(accepted > 2000);
}
