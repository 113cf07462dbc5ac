// Writes one JSON object frame straight into a string, byte for byte as
// encode_frame() would write the same object (keys in sorted order, UTF-8
// unescaped, control characters escaped), without building a Json tree: the
// per-message frames are written this way because the tree costs an
// allocation per key and value.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "net/message_record.hpp"
#include "net/protocol_codec.hpp"

namespace confab::net {

class FrameWriter {
 public:
  // Keys and string values are referenced, not copied, until finish().
  FrameWriter& string(std::string_view key, std::string_view value);
  FrameWriter& number(std::string_view key, std::int64_t value);
  // Any other JSON value (a request id is a string or a number).
  FrameWriter& json(std::string_view key, const Json& value);
  // A value already serialised as JSON, written as it is.
  FrameWriter& raw(std::string_view key, std::string_view json_text);

  // The frame with its newline; empty if a string was not valid UTF-8, in
  // which case the caller encodes the Json tree, whose error handler
  // replaces the bad bytes.
  std::string finish();

 private:
  enum class Kind { string, number, json, raw };
  struct Field {
    std::string_view key;
    Kind kind = Kind::string;
    std::string_view text;
    std::int64_t number = 0;
    const Json* json = nullptr;
  };
  void push(const Field& field);

  static constexpr std::size_t kMaxFields = 12;
  std::array<Field, kMaxFields> fields_{};
  std::size_t count_ = 0;
};

// The `message`, `pm` or `file` event for a message, as a frame.
std::string encode_message_frame(const MessageRecord& message);

// The `ok` reply to `say`: msg_id and ts; `id` is the request id's text.
std::string encode_message_ack(std::string_view op, std::string_view id, std::int64_t msg_id,
                               std::string_view ts);

}  // namespace confab::net
