#include "net/protocol_codec.hpp"

#include "net/base64.hpp"
#include "net/flat_object_reader.hpp"
#include "net/utf8.hpp"

namespace confab::net {

std::variant<Request, DecodeError> decode_request(std::string_view line) {
  if (!is_valid_utf8(line)) {
    return DecodeError{"bad_frame", "frame is not valid UTF-8", nullptr, {}};
  }
  auto flat = read_flat_object(line);
  Json frame = flat ? std::move(*flat)
                    : Json::parse(line.begin(), line.end(), nullptr, /*allow_exceptions=*/false);
  if (frame.is_discarded()) {
    return DecodeError{"bad_frame", "frame is not valid JSON", nullptr, {}};
  }
  if (!frame.is_object()) {
    return DecodeError{"bad_frame", "frame must be a JSON object", nullptr, {}};
  }
  Json id = nullptr;
  if (auto it = frame.find("id"); it != frame.end()) {
    if (!it->is_string() && !it->is_number()) {
      return DecodeError{"bad_request", "id must be a string or a number", nullptr, {}};
    }
    id = *it;
  }
  auto op = frame.find("op");
  if (op == frame.end() || !op->is_string()) {
    return DecodeError{"bad_request", "op must be a string", id, {}};
  }
  std::string op_name = op->get<std::string>();
  return Request{std::move(op_name), std::move(id), std::move(frame)};
}

std::string encode_frame(const Json& frame) {
  std::string out = frame.dump(-1, ' ', false, Json::error_handler_t::replace);
  out.push_back('\n');
  return out;
}

namespace {

Json reply_head(std::string_view type, std::string_view op, const Json& id) {
  Json reply = Json::object();
  reply["type"] = type;
  if (!id.is_null()) {
    reply["id"] = id;
  }
  if (!op.empty()) {
    reply["op"] = op;
  }
  return reply;
}

}  // namespace

std::string encode_ok(std::string_view op, const Json& id, Json result) {
  Json reply = reply_head("ok", op, id);
  if (result.is_object()) {
    for (auto& [key, value] : result.items()) {
      reply[key] = std::move(value);
    }
  }
  return encode_frame(reply);
}

std::string encode_error(std::string_view op, const Json& id, std::string_view code,
                         std::string_view message, Json extra) {
  Json reply = reply_head("error", op, id);
  reply["code"] = code;
  reply["message"] = message;
  if (extra.is_object()) {
    for (auto& [key, value] : extra.items()) {
      reply[key] = std::move(value);
    }
  }
  return encode_frame(reply);
}

Json message_event(const MessageRecord& message) {
  Json event = Json::object();
  if (message.is_file()) {
    event["type"] = "file";
    event["file_id"] = message.file_id;
    event["name"] = message.text;
    event["size"] = message.file_size;
    event["sha256"] = message.file_sha256;
  } else {
    event["type"] = message.is_private() ? "pm" : "message";
    event["text"] = message.text;
  }
  event["from"] = message.from;
  if (message.is_private()) {
    event["to"] = message.to;
  } else {
    event["room"] = message.room;
  }
  event["msg_id"] = message.msg_id;
  event["ts"] = message.ts;
  return event;
}

Json chunk_event(std::int64_t file_id, std::int64_t seq, std::string_view bytes) {
  return Json{
      {"type", "chunk"}, {"file_id", file_id}, {"seq", seq}, {"data", base64_encode(bytes)}};
}

Json file_end_event(std::int64_t file_id) {
  return Json{{"type", "file_end"}, {"file_id", file_id}};
}

Json presence_event(std::string_view room, std::string_view nick, std::string_view event) {
  return Json{{"type", "presence"}, {"room", room}, {"nick", nick}, {"event", event}};
}

Json notice_event(std::string_view text) {
  return Json{{"type", "notice"}, {"text", text}};
}

Json shutdown_event(std::string_view text) {
  return Json{{"type", "shutdown"}, {"text", text}};
}

Json kicked_event(std::string_view reason) {
  return Json{{"type", "kicked"}, {"reason", reason}};
}

Json retract_event(const MessageRecord& message) {
  Json event{{"type", "retract"}, {"msg_id", message.msg_id}};
  if (message.is_private()) {
    event["from"] = message.from;
    event["to"] = message.to;
  } else {
    event["room"] = message.room;
  }
  return event;
}

const std::string* string_field(const Json& body, std::string_view key) {
  auto it = body.find(key);
  if (it == body.end() || !it->is_string()) {
    return nullptr;
  }
  return it->get_ptr<const std::string*>();
}

std::optional<std::int64_t> integer_field(const Json& body, std::string_view key) {
  auto it = body.find(key);
  if (it == body.end() || !it->is_number_integer()) {
    return std::nullopt;
  }
  return it->get<std::int64_t>();
}

}  // namespace confab::net
