#include "net/frame_writer.hpp"

#include <algorithm>
#include <charconv>
#include <stdexcept>

#include "net/utf8.hpp"

namespace confab::net {
namespace {

bool needs_escape(char c) {
  return c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20;
}

// The escaping nlohmann::json's dump() applies with ensure_ascii off; runs
// that need none are appended whole.
void append_escaped(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  std::size_t run = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (!needs_escape(c)) {
      continue;
    }
    out.append(text.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        out += "\\u00";
        out.push_back(kHex[(c >> 4) & 0xF]);
        out.push_back(kHex[c & 0xF]);
    }
  }
  out.append(text.data() + run, text.size() - run);
  out.push_back('"');
}

void append_number(std::string& out, std::int64_t value) {
  char buffer[24];
  const auto end = std::to_chars(buffer, buffer + sizeof buffer, value).ptr;
  out.append(buffer, end);
}

}  // namespace

void FrameWriter::push(const Field& field) {
  // A fixed array keeps the per-message path free of allocation; a frame
  // with more fields is a programming error, not a client's doing.
  if (count_ == kMaxFields) {
    throw std::logic_error("FrameWriter: more than 12 fields");
  }
  fields_[count_++] = field;
}

FrameWriter& FrameWriter::string(std::string_view key, std::string_view value) {
  push(Field{key, Kind::string, value, 0, nullptr});
  return *this;
}

FrameWriter& FrameWriter::number(std::string_view key, std::int64_t value) {
  push(Field{key, Kind::number, {}, value, nullptr});
  return *this;
}

FrameWriter& FrameWriter::json(std::string_view key, const Json& value) {
  push(Field{key, Kind::json, {}, 0, &value});
  return *this;
}

FrameWriter& FrameWriter::raw(std::string_view key, std::string_view json_text) {
  push(Field{key, Kind::raw, json_text, 0, nullptr});
  return *this;
}

std::string FrameWriter::finish() {
  const auto fields = fields_.begin();
  const auto end = fields + static_cast<std::ptrdiff_t>(count_);
  // Json objects are std::maps: keys come out in byte order.
  std::sort(fields, end, [](const Field& a, const Field& b) { return a.key < b.key; });
  std::size_t size = 2;
  for (auto field = fields; field != end; ++field) {
    if (field->kind == Kind::string && !is_valid_utf8(field->text)) {
      return {};
    }
    size += field->key.size() + field->text.size() + 24;
  }
  std::string out;
  out.reserve(size);
  out.push_back('{');
  for (auto field = fields; field != end; ++field) {
    if (field != fields) {
      out.push_back(',');
    }
    append_escaped(out, field->key);
    out.push_back(':');
    switch (field->kind) {
      case Kind::string:
        append_escaped(out, field->text);
        break;
      case Kind::number:
        append_number(out, field->number);
        break;
      case Kind::json:
        out += field->json->dump(-1, ' ', false, Json::error_handler_t::replace);
        break;
      case Kind::raw:
        out += field->text;
        break;
    }
  }
  out += "}\n";
  return out;
}

std::string encode_message_frame(const MessageRecord& message) {
  FrameWriter writer;
  if (message.is_file()) {
    writer.string("type", "file")
        .number("file_id", message.file_id)
        .string("name", message.text)
        .number("size", message.file_size)
        .string("sha256", message.file_sha256);
  } else {
    writer.string("type", message.is_private() ? "pm" : "message").string("text", message.text);
  }
  writer.string("from", message.from);
  if (message.is_private()) {
    writer.string("to", message.to);
  } else {
    writer.string("room", message.room);
  }
  writer.number("msg_id", message.msg_id).string("ts", message.ts);
  auto frame = writer.finish();
  return frame.empty() ? encode_frame(message_event(message)) : frame;
}

std::string encode_message_ack(std::string_view op, std::string_view id, std::int64_t msg_id,
                               std::string_view ts) {
  FrameWriter writer;
  writer.string("type", "ok").string("op", op).number("msg_id", msg_id).string("ts", ts);
  if (!id.empty()) {
    writer.raw("id", id);
  }
  auto frame = writer.finish();
  return frame.empty() ? encode_ok(op, id, Json{{"msg_id", msg_id}, {"ts", ts}}) : frame;
}

}  // namespace confab::net
