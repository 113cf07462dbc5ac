#include "net/irc_message.hpp"

#include <algorithm>
#include <cctype>

namespace confab::net {
namespace {

// Parameters and the parts before them are separated by one or more spaces.
std::string_view next_word(std::string_view& rest) {
  const auto end = rest.find(' ');
  const auto word = rest.substr(0, end);
  rest.remove_prefix(end == std::string_view::npos ? rest.size() : end);
  const auto more = rest.find_first_not_of(' ');
  rest.remove_prefix(more == std::string_view::npos ? rest.size() : more);
  return word;
}

void read_tags(std::string_view text, IrcMessage& message) {
  while (!text.empty()) {
    const auto end = text.find(';');
    const auto tag = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    if (tag.empty()) {
      continue;
    }
    const auto equals = tag.find('=');
    std::string key(tag.substr(0, equals));
    if (key.empty()) {
      continue;
    }
    std::string value = equals == std::string_view::npos
                            ? std::string{}
                            : unescape_irc_tag_value(tag.substr(equals + 1));
    // A key sent twice: the last one counts.
    auto known = std::find_if(message.tags.begin(), message.tags.end(),
                              [&](const auto& entry) { return entry.first == key; });
    if (known != message.tags.end()) {
      known->second = std::move(value);
    } else {
      message.tags.emplace_back(std::move(key), std::move(value));
    }
  }
}

bool needs_trailing(std::string_view param) {
  return param.empty() || param.front() == ':' || param.find(' ') != std::string_view::npos;
}

}  // namespace

std::optional<std::string_view> IrcMessage::tag(std::string_view key) const {
  for (const auto& [name, value] : tags) {
    if (name == key) {
      return std::string_view(value);
    }
  }
  return std::nullopt;
}

std::optional<IrcMessage> parse_irc_message(std::string_view line) {
  IrcMessage message;
  auto rest = line;
  const auto leading = rest.find_first_not_of(' ');
  rest.remove_prefix(leading == std::string_view::npos ? rest.size() : leading);
  if (!rest.empty() && rest.front() == '@') {
    rest.remove_prefix(1);
    read_tags(next_word(rest), message);
  }
  if (!rest.empty() && rest.front() == ':') {
    rest.remove_prefix(1);
    message.source = std::string(next_word(rest));
  }
  message.command = std::string(next_word(rest));
  // Not a command but a second source or tags: the line is garbage.
  if (message.command.empty() || message.command.front() == ':' || message.command.front() == '@') {
    return std::nullopt;
  }
  while (!rest.empty()) {
    if (rest.front() == ':') {
      message.params.emplace_back(rest.substr(1));
      break;
    }
    message.params.emplace_back(next_word(rest));
  }
  return message;
}

std::string format_irc_message(const IrcMessage& message) {
  std::string line;
  if (!message.tags.empty()) {
    line += '@';
    for (std::size_t i = 0; i < message.tags.size(); ++i) {
      if (i > 0) {
        line += ';';
      }
      line += message.tags[i].first;
      if (!message.tags[i].second.empty()) {
        line += '=';
        line += escape_irc_tag_value(message.tags[i].second);
      }
    }
    line += ' ';
  }
  if (!message.source.empty()) {
    line += ':';
    line += message.source;
    line += ' ';
  }
  line += message.command;
  for (std::size_t i = 0; i < message.params.size(); ++i) {
    line += ' ';
    if (i + 1 == message.params.size() && needs_trailing(message.params[i])) {
      line += ':';
    }
    line += message.params[i];
  }
  return line;
}

bool irc_command_is(std::string_view command, std::string_view expected) {
  return command.size() == expected.size() &&
         std::equal(command.begin(), command.end(), expected.begin(), [](char a, char b) {
           return std::toupper(static_cast<unsigned char>(a)) ==
                  std::toupper(static_cast<unsigned char>(b));
         });
}

std::string irc_command_upper(std::string_view command) {
  std::string upper(command);
  std::transform(upper.begin(), upper.end(), upper.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return upper;
}

std::string escape_irc_tag_value(std::string_view value) {
  std::string escaped;
  escaped.reserve(value.size());
  for (const char c : value) {
    switch (c) {
      case ';':
        escaped += "\\:";
        break;
      case ' ':
        escaped += "\\s";
        break;
      case '\\':
        escaped += "\\\\";
        break;
      case '\r':
        escaped += "\\r";
        break;
      case '\n':
        escaped += "\\n";
        break;
      default:
        escaped += c;
    }
  }
  return escaped;
}

std::string unescape_irc_tag_value(std::string_view value) {
  std::string plain;
  plain.reserve(value.size());
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (value[i] != '\\') {
      plain += value[i];
      continue;
    }
    // A lone backslash at the end is dropped; an unknown escape is its
    // character.
    if (++i == value.size()) {
      break;
    }
    switch (value[i]) {
      case ':':
        plain += ';';
        break;
      case 's':
        plain += ' ';
        break;
      case 'r':
        plain += '\r';
        break;
      case 'n':
        plain += '\n';
        break;
      default:
        plain += value[i];
    }
  }
  return plain;
}

}  // namespace confab::net
