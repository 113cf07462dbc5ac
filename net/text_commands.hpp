#pragma once

#include <string>
#include <string_view>

#include "net/message_record.hpp"

namespace confab::net {

// One line typed by a text-mode (telnet / netcat) user. A line starting with
// '/' is a command; anything else is a message to the current room.
struct TextCommand {
  std::string name;      // "create", "join", ...; empty for a plain message
  std::string argument;  // the rest of the line, trimmed
};

TextCommand parse_text_line(std::string_view line);

// Without leading and trailing spaces and tabs.
std::string_view trim_blanks(std::string_view text);

// Server lines for text-mode clients, each ending in "\r\n" so that telnet and
// netcat both show them as lines. Whatever text they carry is made safe for
// a terminal (net/control_characters.hpp): a message's own line breaks
// become indented continuation lines.
std::string text_message_line(const MessageRecord& message);
// `reason`: why a user quit, when it said.
std::string text_presence_line(std::string_view room, std::string_view nick, std::string_view event,
                               std::string_view reason = {});
std::string text_kick_line(std::string_view room, std::string_view nick, std::string_view by,
                           std::string_view reason);
std::string text_topic_line(std::string_view room, std::string_view topic, std::string_view by);
std::string text_notice_line(std::string_view text);
// Removed from a room by its operators or an administrator.
std::string text_removed_line(std::string_view room, std::string_view by, std::string_view reason);
// A message shown earlier could not be stored.
std::string text_retract_line(const MessageRecord& message);
std::string text_error_line(std::string_view text);
std::string text_info_line(std::string_view text);

// The command list, already as lines.
std::string text_help();

}  // namespace confab::net
