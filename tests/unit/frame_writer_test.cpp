#include <doctest/doctest.h>

#include "net/frame_writer.hpp"

using namespace confab::net;

namespace {

MessageRecord room_message(std::string text) {
  MessageRecord message;
  message.msg_id = 9007199254740993;
  message.ts = "2026-11-23T10:00:00.123Z";
  message.room = "dev";
  message.from = "alice";
  message.text = std::move(text);
  return message;
}

}  // namespace

// Clients parse these frames, and tests compare them; the fast path must
// write exactly what the Json tree would.
TEST_CASE("message frames are byte-identical to the Json encoding") {
  const std::string texts[] = {
      "hi",
      "",
      "quotes \" and backslash \\ and slash /",
      "controls \b\f\n\r\t \x01\x1f and \x7f",
      "unicode: h\xC3\xA9llo \xE2\x82\xAC \xF0\x9F\x98\x80",
      std::string(4000, 'x'),
  };
  for (const auto& text : texts) {
    CAPTURE(text);
    auto message = room_message(text);
    CHECK(encode_message_frame(message) == encode_frame(message_event(message)));

    message.to = "bob";
    message.room.clear();
    CHECK(encode_message_frame(message) == encode_frame(message_event(message)));

    message.file_id = 42;
    message.file_size = 1 << 20;
    message.file_sha256 = std::string(64, 'a');
    CHECK(encode_message_frame(message) == encode_frame(message_event(message)));
    message.room = "dev";
    CHECK(encode_message_frame(message) == encode_frame(message_event(message)));
  }
}

TEST_CASE("invalid UTF-8 falls back to the Json encoding's replacement") {
  const auto message = room_message("bad \xC3\x28 byte");
  CHECK(encode_message_frame(message) == encode_frame(message_event(message)));
}

TEST_CASE("say acknowledgements are byte-identical to encode_ok") {
  const Json ids[] = {Json(7), Json("req-\"1\""), Json(nullptr), Json(-3)};
  for (const auto& id : ids) {
    CAPTURE(id.dump());
    const auto text = id.is_null() ? std::string{} : id.dump();
    CHECK(encode_message_ack("say", text, 12, "2026-11-23T10:00:00.123Z") ==
          encode_ok("say", text, Json{{"msg_id", 12}, {"ts", "2026-11-23T10:00:00.123Z"}}));
  }
}
