#include "net/irc_lines.hpp"

#include "net/irc_message.hpp"

namespace confab::net {
namespace {

// Everything of an IRC line but its tags, CR LF included.
constexpr std::size_t kLineBytes = kIrcMaxMessageBytes;

bool continuation_byte(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

// Where to end a piece of at most `room` bytes of `text` (which is longer).
std::size_t split_point(std::string_view text, std::size_t room) {
  std::size_t cut = room;
  while (cut > 0 && continuation_byte(text[cut])) {
    --cut;
  }
  // A whole character must fit, whatever the room.
  if (cut == 0) {
    cut = 1;
    while (cut < text.size() && continuation_byte(text[cut])) {
      ++cut;
    }
    return cut;
  }
  const auto space = text.rfind(' ', cut - 1);
  if (space != std::string_view::npos && space >= room / 2) {
    return space + 1;
  }
  return cut;
}

std::string tag_prefix(const MessageRecord& message, const IrcTags& tags, bool first) {
  std::string prefix;
  auto add = [&prefix](std::string_view key, const std::string& value) {
    prefix += prefix.empty() ? '@' : ';';
    prefix.append(key).append("=").append(escape_irc_tag_value(value));
  };
  if (tags.server_time) {
    add("time", message.ts);
  }
  if (tags.message_tags && first) {
    add("msgid", std::to_string(message.msg_id));
  }
  if (tags.account_tag && message.from_account != 0) {
    add("account", message.from);
  }
  return prefix.empty() ? prefix : prefix + " ";
}

std::string file_text(const MessageRecord& message) {
  return message.from + " shared the file \"" + message.text + "\" (" +
         std::to_string(message.file_size) + " bytes, file " + std::to_string(message.file_id) +
         "): download it with a confab client";
}

}  // namespace

std::string add_irc_tag(std::string_view lines, std::string_view key, std::string_view value) {
  const auto tag = std::string(key) + "=" + escape_irc_tag_value(value);
  std::string out;
  out.reserve(lines.size() + irc_line_count(lines) * (tag.size() + 2));
  while (!lines.empty()) {
    const auto end = lines.find("\r\n");
    auto line = lines.substr(0, end == std::string_view::npos ? lines.size() : end);
    lines.remove_prefix(end == std::string_view::npos ? lines.size() : end + 2);
    out += '@';
    out += tag;
    if (!line.empty() && line.front() == '@') {
      out += ';';
      line.remove_prefix(1);
    } else {
      out += ' ';
    }
    out.append(line);
    out += "\r\n";
  }
  return out;
}

std::size_t irc_line_count(std::string_view lines) {
  std::size_t count = 0;
  for (auto at = lines.find("\r\n"); at != std::string_view::npos;
       at = lines.find("\r\n", at + 2)) {
    ++count;
  }
  return count;
}

std::string irc_source(std::string_view nick, std::string_view host) {
  std::string source(nick);
  source += '!';
  source += nick;
  source += '@';
  source += host;
  return source;
}

std::vector<std::string> irc_message_lines(const MessageRecord& message, std::string_view host,
                                           const IrcTags& tags) {
  const std::string target = message.is_private() ? message.to : "#" + message.room;
  const std::string command = message.is_file() ? "NOTICE" : "PRIVMSG";
  const auto head = ":" + irc_source(message.from, host) + " " + command + " " + target + " :";
  // CR LF ends every line; what is left of 512 bytes carries the text.
  const auto room = kLineBytes > head.size() + 2 ? kLineBytes - head.size() - 2 : 1;
  const auto text = message.is_file() ? file_text(message) : message.text;

  std::vector<std::string> lines;
  std::string_view rest = text;
  while (!rest.empty()) {
    const auto end = rest.find('\n');
    auto line = rest.substr(0, end);
    rest.remove_prefix(end == std::string_view::npos ? rest.size() : end + 1);
    if (!line.empty() && line.back() == '\r') {
      line.remove_suffix(1);
    }
    while (!line.empty()) {
      const auto take = line.size() <= room ? line.size() : split_point(line, room);
      lines.push_back(tag_prefix(message, tags, lines.empty()) + head +
                      std::string(line.substr(0, take)));
      line.remove_prefix(take);
    }
  }
  return lines;
}

}  // namespace confab::net
