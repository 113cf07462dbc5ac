#include "net/protocol_codec.hpp"

#include "net/base64.hpp"
#include "net/flat_object_reader.hpp"
#include "net/json_scan.hpp"
#include "net/utf8.hpp"

namespace confab::net {

namespace {

bool is_string_or_number(std::string_view json_text) {
  return !json_text.empty() && (json_text.front() == '"' || json_text.front() == '-' ||
                                (json_text.front() >= '0' && json_text.front() <= '9'));
}

// Frames the flat reader cannot take: escapes, nesting, fractions, numbers
// out of range, duplicate keys. The scan gives the id's exact text and
// refuses duplicates; nlohmann then builds the body.
std::variant<Request, DecodeError> decode_general(std::string_view line) {
  const auto scanned = scan_object(line);
  switch (scanned.error) {
    case ScannedObject::Error::none:
      break;
    case ScannedObject::Error::not_object:
      return DecodeError{ErrorCode::bad_frame, "frame must be a JSON object", {}, {}};
    case ScannedObject::Error::duplicate_key:
      return DecodeError{
          ErrorCode::bad_frame, "key \"" + scanned.duplicate + "\" appears twice", {}, {}};
    case ScannedObject::Error::too_deep:
      return DecodeError{ErrorCode::bad_frame, "frame is nested too deeply", {}, {}};
    case ScannedObject::Error::not_json:
      return DecodeError{ErrorCode::bad_frame, "frame is not valid JSON", {}, {}};
  }
  const auto id = scanned.value_of("id");
  if (!id.empty() && !is_string_or_number(id)) {
    return DecodeError{ErrorCode::bad_request, "id must be a string or a number", {}, {}};
  }
  Json frame = Json::parse(line.begin(), line.end(), nullptr, /*allow_exceptions=*/false);
  if (frame.is_discarded() && !id.empty()) {
    // Only a number out of double's range stops nlohmann after the scan; the
    // id is echoed as text and need not be one it can hold.
    std::string without_id(line);
    without_id.replace(static_cast<std::size_t>(id.data() - line.data()), id.size(), "0");
    frame = Json::parse(without_id, nullptr, /*allow_exceptions=*/false);
  }
  if (frame.is_discarded()) {
    return DecodeError{
        ErrorCode::bad_frame, "a number in the frame is out of range", std::string(id), {}};
  }
  auto op = frame.find("op");
  if (op == frame.end() || !op->is_string()) {
    return DecodeError{ErrorCode::bad_request, "op must be a string", std::string(id), {}};
  }
  std::string op_name = op->get<std::string>();
  return Request{std::move(op_name), std::string(id), std::move(frame)};
}

}  // namespace

bool is_blank_line(std::string_view line) {
  return line.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

std::variant<Request, DecodeError> decode_request(std::string_view line) {
  if (!is_valid_utf8(line)) {
    return DecodeError{ErrorCode::bad_frame, "frame is not valid UTF-8", {}, {}};
  }
  auto flat = read_flat_object(line);
  if (!flat) {
    return decode_general(line);
  }
  // The flat reader takes integers and strings only in the form nlohmann
  // writes them back, so the id's text is its dump.
  std::string id;
  if (auto it = flat->find("id"); it != flat->end()) {
    if (!it->is_string() && !it->is_number()) {
      return DecodeError{ErrorCode::bad_request, "id must be a string or a number", {}, {}};
    }
    id = it->dump();
  }
  auto op = flat->find("op");
  if (op == flat->end() || !op->is_string()) {
    return DecodeError{ErrorCode::bad_request, "op must be a string", std::move(id), {}};
  }
  std::string op_name = op->get<std::string>();
  return Request{std::move(op_name), std::move(id), std::move(*flat)};
}

std::string encode_frame(const Json& frame) {
  std::string out = frame.dump(-1, ' ', false, Json::error_handler_t::replace);
  out.push_back('\n');
  return out;
}

namespace {

Json reply_head(std::string_view type, std::string_view op) {
  Json reply = Json::object();
  reply["type"] = type;
  if (!op.empty()) {
    reply["op"] = op;
  }
  return reply;
}

// encode_frame() for an object, with the request id's text set in as it is:
// members in nlohmann's order (sorted by key), each written by nlohmann.
std::string encode_reply(const Json& reply, std::string_view id) {
  if (id.empty()) {
    return encode_frame(reply);
  }
  std::string out = "{";
  bool id_written = false;
  auto write_id = [&] {
    if (out.size() > 1) {
      out.push_back(',');
    }
    out.append("\"id\":").append(id);
    id_written = true;
  };
  for (const auto& [key, value] : reply.items()) {
    if (!id_written && key > "id") {
      write_id();
    }
    if (out.size() > 1) {
      out.push_back(',');
    }
    out.append(Json(key).dump()).push_back(':');
    out.append(value.dump(-1, ' ', false, Json::error_handler_t::replace));
  }
  if (!id_written) {
    write_id();
  }
  out.append("}\n");
  return out;
}

}  // namespace

std::string encode_ok(std::string_view op, std::string_view id, Json result) {
  Json reply = reply_head("ok", op);
  if (result.is_object()) {
    for (auto& [key, value] : result.items()) {
      reply[key] = std::move(value);
    }
  }
  return encode_reply(reply, id);
}

std::string encode_error(std::string_view op, std::string_view id, std::string_view code,
                         std::string_view message, Json extra) {
  Json reply = reply_head("error", op);
  reply["code"] = code;
  reply["message"] = message;
  if (extra.is_object()) {
    for (auto& [key, value] : extra.items()) {
      reply[key] = std::move(value);
    }
  }
  return encode_reply(reply, id);
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

Json message_events(const std::vector<MessageRecord>& messages) {
  Json events = Json::array();
  for (const auto& message : messages) {
    events.push_back(message_event(message));
  }
  return events;
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

Json kick_presence_event(std::string_view room, std::string_view nick, std::string_view by,
                         std::string_view reason) {
  auto event = presence_event(room, nick, "kick");
  event["by"] = by;
  event["reason"] = reason;
  return event;
}

Json topic_event(std::string_view room, std::string_view topic, std::string_view by) {
  return Json{{"type", "topic"}, {"room", room}, {"topic", topic}, {"by", by}};
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

Json room_kicked_event(std::string_view room, std::string_view by, std::string_view reason) {
  return Json{{"type", "kicked"}, {"room", room}, {"by", by}, {"reason", reason}};
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
