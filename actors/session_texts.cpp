#include "actors/session_texts.hpp"

namespace confab {
namespace {

using net::Json;
using net::Request;

// Lines to show as they are: already rendered.
Request info_lines(std::string lines) {
  return Request{"text_info", {}, Json{{"text", std::move(lines)}}};
}
Request info(std::string_view text) {
  return info_lines(net::text_info_line(text));
}
Request error(std::string text) {
  return Request{"text_error", {}, Json{{"text", text}}};
}
Request make(std::string op, Json body) {
  return Request{std::move(op), {}, std::move(body)};
}

std::string join_names(const Json& names) {
  std::string out;
  for (const auto& name : names) {
    if (!out.empty()) {
      out += ", ";
    }
    out += name.get<std::string>();
  }
  return out.empty() ? "(nobody)" : out;
}

std::string history_lines(const Json& events) {
  std::string out;
  for (const auto& event : events) {
    net::MessageRecord message;
    message.room = event.value("room", std::string{});
    message.from = event.value("from", std::string{});
    message.to = event.value("to", std::string{});
    message.text = event.value("text", std::string{});
    out += net::text_message_line(message);
  }
  return out;
}

}  // namespace

std::string trim_copy(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) {
    return {};
  }
  return std::string(text.substr(first, text.find_last_not_of(" \t") - first + 1));
}

std::optional<Request> text_command_request(const net::TextCommand& command,
                                            const std::string& current_room) {
  const auto& name = command.name;
  const auto& arg = command.argument;
  auto needs_room = [&](Request request) {
    return current_room.empty() ? error("you are in no room; /join one first") : request;
  };
  if (name.empty()) {
    if (trim_copy(arg).empty()) {
      return std::nullopt;
    }
    return needs_room(make("say", {{"room", current_room}, {"text", arg}}));
  }
  if (name == "create" || name == "join") {
    if (arg.empty()) {
      return error("usage: /" + name + " ROOM");
    }
    return make(name, {{"room", arg}});
  }
  if (name == "leave") {
    return needs_room(make("leave", {{"room", current_room}}));
  }
  if (name == "rooms") {
    return make("rooms", arg.empty() ? Json::object() : Json{{"after", arg}});
  }
  if (name == "users") {
    if (arg == "*") {
      return make("users", Json::object());
    }
    return needs_room(make("users", {{"room", current_room}}));
  }
  if (name == "current") {
    return info(current_room.empty() ? "* you are in no room" : "* current room: " + current_room);
  }
  if (name == "msg") {
    const auto space = arg.find_first_of(" \t");
    if (space == std::string::npos || trim_copy(arg.substr(space)).empty()) {
      return error("usage: /msg NICK TEXT");
    }
    return make("pm", {{"to", arg.substr(0, space)}, {"text", trim_copy(arg.substr(space))}});
  }
  if (name == "history") {
    Json body{{"room", current_room}};
    if (!arg.empty()) {
      try {
        body["limit"] = std::stoi(arg);
      } catch (const std::exception&) {
        return error("usage: /history [N]");
      }
    }
    return needs_room(make("history", std::move(body)));
  }
  if (name == "files") {
    return needs_room(make("files", {{"room", current_room}}));
  }
  if (name == "help") {
    return info_lines(net::text_help());
  }
  if (name == "quit") {
    return make("quit", Json::object());
  }
  return error("unknown command: /" + name + " (try /help)");
}

std::string render_text_reply(std::string_view op, const Json& result) {
  const auto room = result.value("room", std::string{});
  if (op == "hello") {
    return net::text_info_line("* welcome " + result.value("nick", std::string{}) +
                               ", you are in main. Type /help for commands.");
  }
  if (op == "create") {
    return net::text_info_line("* you created and joined " + room);
  }
  if (op == "join") {
    std::string out = net::text_info_line("* you joined " + room +
                                          " (topic: " + result.value("topic", std::string{}) + ")");
    out += history_lines(result["history"]);
    out += net::text_info_line("* members: " + join_names(result["members"]));
    return out;
  }
  if (op == "leave") {
    const auto current = result.value("current", std::string{});
    return net::text_info_line("* you left " + room +
                               (current.empty() ? "" : "; current room: " + current));
  }
  if (op == "rooms") {
    std::string out = net::text_info_line("* rooms:");
    for (const auto& entry : result["rooms"]) {
      std::string line = "  " + entry.value("name", std::string{}) + " (" +
                         std::to_string(entry.value("members", 0)) + " members)";
      const auto topic = entry.value("topic", std::string{});
      if (!topic.empty()) {
        line += " - " + topic;
      }
      out += net::text_info_line(line);
    }
    if (result.value("more", false) && !result["rooms"].empty()) {
      out += net::text_info_line("* more: /rooms " +
                                 result["rooms"].back().value("name", std::string{}));
    }
    return out;
  }
  if (op == "users") {
    return net::text_info_line((room.empty() ? "* online: " : "* users in " + room + ": ") +
                               join_names(result["users"]));
  }
  if (op == "pm") {
    if (!result.value("delivered", true)) {
      return net::text_info_line("* " + result.value("to", std::string{}) +
                                 " is offline and will get it at next login");
    }
    return {};
  }
  if (op == "history") {
    return history_lines(result["messages"]);
  }
  if (op == "quit") {
    return net::text_info_line("* bye");
  }
  if (op == "files") {
    std::string out = net::text_info_line("* files in " + room + ":");
    for (const auto& file : result["files"]) {
      out += net::text_info_line("  #" + std::to_string(file.value("file_id", 0)) + " " +
                                 file.value("name", std::string{}) + " (" +
                                 std::to_string(file.value("size", 0)) + " bytes) from " +
                                 file.value("from", std::string{}) + " at " +
                                 file.value("ts", std::string{}));
    }
    if (result["files"].empty()) {
      out += net::text_info_line("  (none; upload with a JSON client)");
    }
    return out;
  }
  return {};
}

}  // namespace confab
