#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace confab::net {

// One IRC message as the Modern IRC client protocol and IRCv3 message-tags
// define it: `[@tags] [:source] COMMAND [params...] [:trailing]`, without
// its line ending. Tag values are kept unescaped; the command as sent
// (commands are compared case-insensitively: irc_command_is).
struct IrcMessage {
  std::vector<std::pair<std::string, std::string>> tags;
  std::string source;
  std::string command;
  std::vector<std::string> params;

  // The tag's value; nullopt when the message has no such tag (a tag sent
  // without a value has an empty one).
  std::optional<std::string_view> tag(std::string_view key) const;
};

// The limits IRC puts on one line: 512 bytes for the message itself,
// line ending included, and 8191 more for tags (IRCv3 message-tags).
inline constexpr std::size_t kIrcMaxMessageBytes = 512;
inline constexpr std::size_t kIrcMaxTagBytes = 8191;

// Reads a line (no CR LF). Nothing when it holds no command: empty, only
// spaces, only tags and a source, or a second source where the command
// belongs. Tags without a key are dropped; of a key sent twice, the last.
std::optional<IrcMessage> parse_irc_message(std::string_view line);

// Writes a message without its line ending; the last parameter is written
// as a trailing one (":…") when it must be: empty, starting with ':' or
// holding a space.
std::string format_irc_message(const IrcMessage& message);

bool irc_command_is(std::string_view command, std::string_view expected);
std::string irc_command_upper(std::string_view command);

// Tag values travel escaped: ';' '\\' ' ' CR LF become \: \\ \s \r \n.
std::string escape_irc_tag_value(std::string_view value);
std::string unescape_irc_tag_value(std::string_view value);

}  // namespace confab::net
