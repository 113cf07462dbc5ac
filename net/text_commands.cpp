#include "net/text_commands.hpp"

#include "net/control_characters.hpp"
#include "net/ctcp_action.hpp"

namespace confab::net {
namespace {

// Where a message's second and later lines start: never at the margin, where
// only the server's own lines begin.
constexpr std::string_view kContinuationIndent = "    ";

// Everything shown to a text-mode user passes here: what a client wrote can
// neither start a line of its own nor reach the terminal as a control.
std::string line(std::string_view text) {
  auto safe = terminal_text(text, kContinuationIndent);
  safe += "\r\n";
  return safe;
}

}  // namespace

std::string_view trim_blanks(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) {
    return {};
  }
  const auto last = text.find_last_not_of(" \t");
  return text.substr(first, last - first + 1);
}

TextCommand parse_text_line(std::string_view line) {
  if (line.empty() || line.front() != '/') {
    return TextCommand{{}, std::string(line)};
  }
  line.remove_prefix(1);
  const auto space = line.find_first_of(" \t");
  TextCommand command;
  command.name = std::string(line.substr(0, space));
  if (space != std::string_view::npos) {
    command.argument = std::string(trim_blanks(line.substr(space)));
  }
  return command;
}

std::string text_message_line(const MessageRecord& message) {
  if (message.is_file()) {
    const std::string what = message.from + " shared " + message.text + " (" +
                             std::to_string(message.file_size) + " bytes, file " +
                             std::to_string(message.file_id) + ")";
    return line(message.is_private() ? "[pm] " + what : "[" + message.room + "] " + what);
  }
  if (const auto action = ctcp_action(message.text)) {
    const auto what = "* " + message.from + " " + std::string(*action);
    return line(message.is_private() ? "[pm] " + what : "[" + message.room + "] " + what);
  }
  if (message.is_private()) {
    return line("[pm from " + message.from + "] " + message.text);
  }
  return line("[" + message.room + "] " + message.from + ": " + message.text);
}

std::string text_presence_line(std::string_view room, std::string_view nick, std::string_view event,
                               std::string_view reason) {
  std::string text = "* ";
  text.append(nick);
  if (event == "join") {
    text.append(" joined ").append(room);
  } else if (event == "leave") {
    text.append(" left ").append(room);
  } else {
    text.append(" quit");
    if (!reason.empty()) {
      text.append(" (").append(reason).append(")");
    }
  }
  return line(std::move(text));
}

std::string text_kick_line(std::string_view room, std::string_view nick, std::string_view by,
                           std::string_view reason) {
  return line("* " + std::string(nick) + " was removed from " + std::string(room) + " by " +
              std::string(by) + (reason.empty() ? "" : ": " + std::string(reason)));
}

std::string text_topic_line(std::string_view room, std::string_view topic, std::string_view by) {
  return line("* " + std::string(by) + " set the topic of " + std::string(room) + ": " +
              std::string(topic));
}

std::string text_removed_line(std::string_view room, std::string_view by, std::string_view reason) {
  return line("* you were removed from " + std::string(room) + " by " + std::string(by) + ": " +
              std::string(reason));
}

std::string text_retract_line(const MessageRecord& message) {
  const auto where =
      message.is_private() ? std::string("private message") : "message in " + message.room;
  return line("* the " + where + " from " + message.from + " (#" + std::to_string(message.msg_id) +
              ") could not be saved; disregard it");
}

std::string text_notice_line(std::string_view text) {
  return line("* notice: " + std::string(text));
}

std::string text_error_line(std::string_view text) {
  return line("! " + std::string(text));
}

std::string text_info_line(std::string_view text) {
  return line(std::string(text));
}

std::string text_help() {
  return "Commands:\r\n"
         "  /create ROOM     create a room and join it\r\n"
         "  /join ROOM       join a room and make it current\r\n"
         "  /leave           leave the current room\r\n"
         "  /rooms [AFTER]   list rooms (500 at a time, after AFTER)\r\n"
         "  /users           members of the current room (/users * for everyone online)\r\n"
         "  /current         show the current room\r\n"
         "  /msg NICK TEXT   private message\r\n"
         "  /me TEXT         an action in the current room (* you TEXT)\r\n"
         "  /history [N]     last N messages of the current room\r\n"
         "  /files           files shared in the current room\r\n"
         "  /search WORDS    find messages in your rooms and conversations\r\n"
         "  /topic [TEXT]    show or set the current room's topic\r\n"
         "  /kick NICK [WHY] remove someone from the current room (its operators)\r\n"
         "  /help            this help\r\n"
         "  /quit            disconnect\r\n"
         "Any other line is sent to the current room.\r\n";
}

}  // namespace confab::net
