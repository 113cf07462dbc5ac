#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "net/error_code.hpp"
#include "net/message_record.hpp"

namespace confab::net {

using Json = nlohmann::json;

// A decoded client frame. `id` is the request id's JSON text exactly as the
// client wrote it (a reply echoes it byte for byte: 1e2 stays 1e2, a
// 5000-digit number stays whole); empty when the client sent none.
struct Request {
  std::string op;
  std::string id;
  Json body;
};

// Why a frame could not become a Request; the codes are the protocol's.
struct DecodeError {
  ErrorCode code = ErrorCode::bad_frame;
  std::string message;
  std::string id;
  std::string op;
};

// A line of nothing but JSON whitespace: clients (and people typing JSON by
// hand) send them between frames; they are skipped, never an error.
bool is_blank_line(std::string_view line);

// Never throws: every byte sequence becomes a Request or a DecodeError.
// Duplicate keys are refused (bad_frame): parsers disagree on which wins.
std::variant<Request, DecodeError> decode_request(std::string_view line);

// Serialises one frame and appends the terminating newline. Never throws.
std::string encode_frame(const Json& frame);

// Replies; `id` is a request id's JSON text (Request::id), empty for none.
std::string encode_ok(std::string_view op, std::string_view id, Json result = Json::object());
std::string encode_error(std::string_view op, std::string_view id, std::string_view code,
                         std::string_view message, Json extra = Json::object());

// Events (server to client).
Json message_event(const MessageRecord& message);
Json message_events(const std::vector<MessageRecord>& messages);
Json chunk_event(std::int64_t file_id, std::int64_t seq, std::string_view bytes);
Json file_end_event(std::int64_t file_id);
Json presence_event(std::string_view room, std::string_view nick, std::string_view event);
// A member removed by the room's operator `by`.
Json kick_presence_event(std::string_view room, std::string_view nick, std::string_view by,
                         std::string_view reason);
Json topic_event(std::string_view room, std::string_view topic, std::string_view by);
Json notice_event(std::string_view text);
Json shutdown_event(std::string_view text);
Json kicked_event(std::string_view reason);
// Removed from one room, staying connected (PROTOCOL.md version 2).
Json room_kicked_event(std::string_view room, std::string_view by, std::string_view reason);
// A message members saw could not be stored: `room` for a room message, or
// the private message's `from` and `to`.
Json retract_event(const MessageRecord& message);

// Field access for request bodies: nullptr / nullopt when the field is missing
// or has another JSON type.
const std::string* string_field(const Json& body, std::string_view key);
std::optional<std::int64_t> integer_field(const Json& body, std::string_view key);

}  // namespace confab::net
