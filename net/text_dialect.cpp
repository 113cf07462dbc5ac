#include "net/text_dialect.hpp"

#include <string>

#include "net/ctcp_action.hpp"
#include "net/overloaded.hpp"
#include "net/text_commands.hpp"
#include "net/utf8.hpp"

namespace confab::net {
namespace {

constexpr std::string_view kNamePrompt = "Enter your name: ";

std::string trim_copy(std::string_view text) {
  return std::string(trim_blanks(text));
}

Answer show(std::string_view text) {
  return Answer{text_info_line(text)};
}

Answer refuse(std::string_view text) {
  return Answer{text_error_line(text)};
}

Request make(std::string op, Json body) {
  return Request{std::move(op), {}, std::move(body)};
}

// A typed line, once the user is logged in: the request it stands for, or
// what to show without asking the server.
ParsedLine command(const TextCommand& typed, std::string_view current) {
  const auto& name = typed.name;
  const auto& arg = typed.argument;
  const std::string room(current);
  auto needs_room = [&](Request request) -> ParsedLine {
    if (room.empty()) {
      return refuse("you are in no room; /join one first");
    }
    return request;
  };
  if (name.empty()) {
    if (trim_copy(arg).empty()) {
      return std::monostate{};
    }
    return needs_room(make("say", {{"room", room}, {"text", arg}}));
  }
  if (name == "create" || name == "join") {
    if (arg.empty()) {
      return refuse("usage: /" + name + " ROOM");
    }
    return make(name, {{"room", arg}});
  }
  if (name == "leave") {
    return needs_room(make("leave", {{"room", room}}));
  }
  if (name == "rooms") {
    return make("rooms", arg.empty() ? Json::object() : Json{{"after", arg}});
  }
  if (name == "users") {
    if (arg == "*") {
      return make("users", Json::object());
    }
    return needs_room(make("users", {{"room", room}}));
  }
  if (name == "current") {
    return show(room.empty() ? "* you are in no room" : "* current room: " + room);
  }
  if (name == "me") {
    if (trim_copy(arg).empty()) {
      return refuse("usage: /me TEXT");
    }
    return needs_room(make("say", {{"room", room}, {"text", make_ctcp_action(arg)}}));
  }
  if (name == "msg") {
    const auto space = arg.find_first_of(" \t");
    if (space == std::string::npos || trim_copy(arg.substr(space)).empty()) {
      return refuse("usage: /msg NICK TEXT");
    }
    return make("pm", {{"to", arg.substr(0, space)}, {"text", trim_copy(arg.substr(space))}});
  }
  if (name == "history") {
    Json body{{"room", room}};
    if (!arg.empty()) {
      try {
        body["limit"] = std::stoi(arg);
      } catch (const std::exception&) {
        return refuse("usage: /history [N]");
      }
    }
    return needs_room(make("history", std::move(body)));
  }
  if (name == "topic") {
    Json body{{"room", room}};
    if (!arg.empty()) {
      body["topic"] = arg;
    }
    return needs_room(make("topic", std::move(body)));
  }
  if (name == "kick") {
    if (arg.empty()) {
      return refuse("usage: /kick NICK [REASON]");
    }
    const auto space = arg.find_first_of(" \t");
    Json body{{"room", room}, {"nick", arg.substr(0, space)}};
    if (space != std::string::npos && !trim_copy(arg.substr(space)).empty()) {
      body["reason"] = trim_copy(arg.substr(space));
    }
    return needs_room(make("kick", std::move(body)));
  }
  if (name == "search") {
    if (trim_copy(arg).empty()) {
      return refuse("usage: /search WORDS");
    }
    return make("search", {{"query", arg}});
  }
  if (name == "files") {
    return needs_room(make("files", {{"room", room}}));
  }
  if (name == "help") {
    return Answer{text_help()};
  }
  if (name == "quit") {
    return make("quit", Json::object());
  }
  return refuse("unknown command: /" + name + " (try /help)");
}

std::string join_names(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& name : names) {
    if (!out.empty()) {
      out += ", ";
    }
    out += name;
  }
  return out.empty() ? "(nobody)" : out;
}

std::string message_lines(const std::vector<MessageRecord>& messages) {
  std::string out;
  for (const auto& message : messages) {
    out += text_message_line(message);
  }
  return out;
}

std::string rooms_lines(const RoomsResult& result) {
  std::string out = text_info_line("* rooms:");
  for (const auto& room : result.rooms) {
    std::string line = "  " + room.name + " (" + std::to_string(room.members) + " members)";
    if (!room.topic.empty()) {
      line += " - " + room.topic;
    }
    out += text_info_line(line);
  }
  if (result.more && !result.rooms.empty()) {
    out += text_info_line("* more: /rooms " + result.rooms.back().name);
  }
  return out;
}

std::string found_lines(const SearchResultPage& found) {
  if (found.messages.empty()) {
    return text_info_line("* no messages found");
  }
  std::string out = text_info_line("* found, newest first:");
  for (const auto& message : found.messages) {
    // "2026-12-04T17:44:52.123Z" is shown as "2026-12-04 17:44".
    auto when = message.ts.substr(0, 16);
    if (when.size() > 10) {
      when[10] = ' ';
    }
    out += "(" + when + ") " + text_message_line(message);
  }
  if (found.more) {
    out += text_info_line("* older matches exist; add words to narrow the search");
  }
  return out;
}

std::string files_lines(const FilesResult& result) {
  std::string out = text_info_line("* files in " + result.room + ":");
  for (const auto& file : result.files) {
    out +=
        text_info_line("  #" + std::to_string(file.file_id) + " " + file.name + " (" +
                       std::to_string(file.size) + " bytes) from " + file.from + " at " + file.ts);
  }
  if (result.files.empty()) {
    out += text_info_line("  (none; upload with a JSON client)");
  }
  return out;
}

class TextDialect final : public Dialect {
 public:
  DialectId id() const override { return DialectId::text; }
  std::string_view name() const override { return "text"; }

  ParsedLine parse(std::string_view line, const LineContext& context) const override {
    if (!is_valid_utf8(line)) {
      return refuse("that line is not valid UTF-8");
    }
    switch (context.login) {
      case LineContext::Login::needed:
        // The first line is the name to log in with.
        return make("hello", Json{{"nick", trim_copy(line)}});
      case LineContext::Login::in_progress:
        return std::monostate{};
      case LineContext::Login::done:
        break;
    }
    return command(parse_text_line(line), context.current_room);
  }

  std::string render(const Event& event) const override {
    return std::visit(
        Overloaded{
            [](const MessageEvent& e) { return text_message_line(e.message); },
            [](const RetractEvent& e) { return text_retract_line(e.message); },
            [](const PresenceEvent& e) {
              if (e.change == PresenceChange::kick) {
                return text_kick_line(e.room, e.nick, e.by, e.reason);
              }
              return text_presence_line(e.room, e.nick, presence_name(e.change), e.reason);
            },
            [](const TopicEvent& e) { return text_topic_line(e.room, e.topic, e.by); },
            [](const AwayEvent&) { return std::string{}; },
            [](const NoticeEvent& e) { return text_notice_line(e.text); },
            [](const ShutdownEvent& e) {
              return text_notice_line("server shutting down: " + std::string(e.reason));
            },
            [](const KickedEvent& e) {
              return text_error_line("kicked: " + std::string(e.reason));
            },
            [](const RemovedEvent& e) { return text_removed_line(e.room, e.by, e.reason); },
            [](const IdleTimeoutEvent& e) {
              return text_notice_line("disconnected after " + std::to_string(e.seconds) +
                                      " s without activity");
            },
            [](const LoginTimeoutEvent& e) {
              return text_error_line("no login within " + std::to_string(e.seconds) +
                                     " s; closing");
            },
            [](const FrameTooLargeEvent&) { return text_error_line("line too long; closing"); },
            // Files travel only to clients that can carry bytes.
            [](const ChunkEvent&) { return std::string{}; },
            [](const FileEndEvent&) { return std::string{}; },
            [](const UploadCancelledEvent& e) { return text_error_line(e.message); },
        },
        event);
  }

  std::string ok(const ReplyTo&, const Result& result) const override {
    return std::visit(
        Overloaded{
            [](const Done&) { return std::string{}; },
            [](const SentResult&) { return std::string{}; },
            [](const FieldsResult&) { return std::string{}; },
            [](const QuitResult&) { return text_info_line("* bye"); },
            [](const HelloResult& hello) {
              return text_info_line("* welcome " + hello.nick +
                                    ", you are in main. Type /help for commands.");
            },
            [](const CreateResult& create) {
              return text_info_line("* you created and joined " + create.room);
            },
            [](const JoinResult& join) {
              return text_info_line("* you joined " + join.room + " (topic: " + join.topic + ")") +
                     message_lines(join.history) +
                     text_info_line("* members: " + join_names(join.members));
            },
            [](const LeaveResult& leave) {
              return text_info_line(
                  "* you left " + leave.room +
                  (leave.current.empty() ? "" : "; current room: " + leave.current));
            },
            [](const RoomsResult& rooms) { return rooms_lines(rooms); },
            [](const UsersResult& users) {
              return text_info_line(
                  (users.room.empty() ? "* online: " : "* users in " + users.room + ": ") +
                  join_names(users.users));
            },
            [](const PmResult& pm) {
              return pm.delivered ? std::string{}
                                  : text_info_line("* " + pm.to +
                                                   " is offline and will get it at next login");
            },
            [](const HistoryResult& history) { return message_lines(history.messages); },
            [](const SearchResultPage& found) { return found_lines(found); },
            [](const FilesResult& files) { return files_lines(files); },
            [](const TopicResult& topic) {
              if (topic.changed) {
                return text_info_line("* you set the topic of " + topic.room + ": " + topic.topic);
              }
              return text_info_line("* topic of " + topic.room + ": " +
                                    (topic.topic.empty() ? "(none)" : topic.topic));
            },
            [](const KickResult& kick) {
              return text_info_line("* you removed " + kick.nick + " from " + kick.room);
            },
        },
        result);
  }

  std::string error(const ReplyTo& request, ErrorCode, std::string_view message,
                    std::int64_t) const override {
    auto out = text_error_line(message);
    if (request.op == "hello") {
      // A refused name is asked for again.
      out += text_info_line(kNamePrompt);
    }
    return out;
  }

  std::string prompt() const override { return std::string(kNamePrompt); }
};

}  // namespace

const Dialect& text_dialect() {
  static const TextDialect instance;
  return instance;
}

}  // namespace confab::net
