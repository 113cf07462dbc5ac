#include "net/json_dialect.hpp"

#include <string>

#include "net/frame_writer.hpp"
#include "net/overloaded.hpp"
#include "net/protocol_codec.hpp"

namespace confab::net {
namespace {

// An error frame that answers no request: the connection itself is at fault.
std::string connection_error(ErrorCode code, const std::string& message) {
  return encode_error({}, {}, wire_name(code), message);
}

Json rooms_json(const std::vector<RoomListing>& rooms) {
  Json list = Json::array();
  for (const auto& room : rooms) {
    list.push_back({{"name", room.name}, {"members", room.members}, {"topic", room.topic}});
  }
  return list;
}

Json files_json(const std::vector<FileListing>& files) {
  Json list = Json::array();
  for (const auto& file : files) {
    list.push_back({{"file_id", file.file_id},
                    {"name", file.name},
                    {"size", file.size},
                    {"from", file.from},
                    {"ts", file.ts}});
  }
  return list;
}

// PROTOCOL.md's result fields of each operation.
Json result_fields(const Result& result) {
  return std::visit(
      Overloaded{
          [](const Done&) { return Json::object(); },
          [](const QuitResult&) { return Json::object(); },
          [](const HelloResult& hello) {
            return Json{{"nick", hello.nick},
                        {"server", hello.server},
                        {"rooms", hello.rooms},
                        {"idle_timeout", hello.idle_timeout_s}};
          },
          [](const CreateResult& create) {
            return Json{{"room", create.room}};
          },
          [](const JoinResult& join) {
            return Json{{"room", join.room},
                        {"topic", join.topic},
                        {"members", join.members},
                        {"history", message_events(join.history)}};
          },
          [](const LeaveResult& leave) {
            return Json{{"room", leave.room}};
          },
          [](const RoomsResult& rooms) {
            return Json{{"rooms", rooms_json(rooms.rooms)}, {"more", rooms.more}};
          },
          [](const UsersResult& users) {
            return Json{{"users", users.users}};
          },
          [](const SentResult& sent) {
            return Json{{"msg_id", sent.msg_id}, {"ts", sent.ts}};
          },
          [](const PmResult& pm) {
            return Json{{"msg_id", pm.msg_id}, {"ts", pm.ts}, {"delivered", pm.delivered}};
          },
          [](const HistoryResult& history) {
            return Json{{"messages", message_events(history.messages)}};
          },
          [](const FilesResult& files) {
            return Json{{"files", files_json(files.files)}};
          },
          [](const SearchResultPage& found) {
            return Json{{"messages", message_events(found.messages)}, {"more", found.more}};
          },
          [](const FieldsResult& fields) { return fields.fields; },
          [](const TopicResult& topic) {
            return Json{{"room", topic.room}, {"topic", topic.topic}};
          },
          [](const KickResult& kick) {
            return Json{{"room", kick.room}, {"nick", kick.nick}};
          },
      },
      result);
}

class JsonDialect final : public Dialect {
 public:
  DialectId id() const override { return DialectId::json; }
  std::string_view name() const override { return "json"; }

  ParsedLine parse(std::string_view line, const LineContext&) const override {
    if (is_blank_line(line)) {
      return std::monostate{};
    }
    auto decoded = decode_request(line);
    if (auto* failure = std::get_if<DecodeError>(&decoded)) {
      return Answer{
          encode_error(failure->op, failure->id, wire_name(failure->code), failure->message)};
    }
    return std::get<Request>(std::move(decoded));
  }

  std::string render(const Event& event) const override {
    return std::visit(
        Overloaded{
            [](const MessageEvent& e) { return encode_message_frame(e.message); },
            [](const RetractEvent& e) { return encode_frame(retract_event(e.message)); },
            [](const PresenceEvent& e) {
              if (e.change == PresenceChange::kick) {
                return encode_frame(kick_presence_event(e.room, e.nick, e.by, e.reason));
              }
              return encode_frame(presence_event(e.room, e.nick, presence_name(e.change)));
            },
            [](const TopicEvent& e) { return encode_frame(topic_event(e.room, e.topic, e.by)); },
            [](const AwayEvent&) { return std::string{}; },
            [](const NoticeEvent& e) { return encode_frame(notice_event(e.text)); },
            [](const ShutdownEvent& e) { return encode_frame(shutdown_event(e.reason)); },
            [](const KickedEvent& e) { return encode_frame(kicked_event(e.reason)); },
            [](const RemovedEvent& e) {
              return encode_frame(room_kicked_event(e.room, e.by, e.reason));
            },
            [](const IdleTimeoutEvent& e) {
              return encode_frame(notice_event("disconnected after " + std::to_string(e.seconds) +
                                               " s without activity"));
            },
            [](const LoginTimeoutEvent& e) {
              return connection_error(
                  ErrorCode::login_timeout,
                  "no login within " + std::to_string(e.seconds) + " s; closing");
            },
            [](const FrameTooLargeEvent& e) {
              return connection_error(
                  ErrorCode::frame_too_large,
                  "frame exceeds " + std::to_string(e.limit) + " bytes; closing");
            },
            [](const ChunkEvent& e) {
              return encode_frame(chunk_event(e.file_id, e.seq, e.bytes));
            },
            [](const FileEndEvent& e) { return encode_frame(file_end_event(e.file_id)); },
            [](const UploadCancelledEvent& e) {
              return encode_error("upload", {}, wire_name(ErrorCode::bad_upload), e.message,
                                  Json{{"upload", e.token}});
            },
        },
        event);
  }

  std::string ok(const ReplyTo& request, const Result& result) const override {
    if (request.id.empty()) {
      return {};
    }
    // The one reply on the per-message path skips the Json tree.
    if (const auto* sent = std::get_if<SentResult>(&result)) {
      return encode_message_ack(request.op, request.id, sent->msg_id, sent->ts);
    }
    return encode_ok(request.op, request.id, result_fields(result));
  }

  std::string error(const ReplyTo& request, ErrorCode code, std::string_view message,
                    std::int64_t retry_after_ms) const override {
    Json extra = Json::object();
    if (retry_after_ms > 0) {
      extra["retry_after_ms"] = retry_after_ms;
    }
    return encode_error(request.op, request.id, wire_name(code), message, std::move(extra));
  }

  std::string prompt() const override { return {}; }
};

}  // namespace

const Dialect& json_dialect() {
  static const JsonDialect instance;
  return instance;
}

}  // namespace confab::net
