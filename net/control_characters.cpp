#include "net/control_characters.hpp"

#include <cstdint>
#include <cstdio>

#include "net/utf8.hpp"

namespace confab::net {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

bool is_line_break(char32_t c) {
  return c == '\n' || c == '\r' || c == 0x85 || c == 0x2028 || c == 0x2029;
}

bool is_control(char32_t c) {
  return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0x2028 || c == 0x2029 || c == 0x061C ||
         c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

}  // namespace

std::string one_line_problem(std::string_view key, std::string_view value, std::size_t max_chars) {
  if (!is_valid_utf8(value) || utf8_length(value) > max_chars) {
    return std::string(key) + " is too long";
  }
  if (has_control_characters(value)) {
    return "a " + std::string(key) + " is one line without control or direction characters";
  }
  return {};
}

bool has_control_characters(std::string_view text) {
  for (std::size_t at = 0; at < text.size();) {
    // ASCII above the C0 range is the common case and needs no decoding.
    const auto byte = static_cast<unsigned char>(text[at]);
    if (byte >= 0x20 && byte < 0x7F) {
      ++at;
      continue;
    }
    const auto [c, length] = decode_utf8(text, at);
    if (c == kInvalidCodePoint || is_control(c)) {
      return true;
    }
    at += length;
  }
  return false;
}

std::string terminal_text(std::string_view text, std::string_view indent) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t at = 0; at < text.size();) {
    const auto byte = static_cast<unsigned char>(text[at]);
    if ((byte >= 0x20 && byte < 0x7F) || byte == '\t') {
      out.push_back(static_cast<char>(byte));
      ++at;
      continue;
    }
    const auto [c, length] = decode_utf8(text, at);
    if (c == '\r' && at + 1 < text.size() && text[at + 1] == '\n') {
      ++at;  // \r\n is one break
      continue;
    }
    if (is_line_break(c)) {
      out.append("\r\n").append(indent);
    } else if (c == kInvalidCodePoint || is_control(c)) {
      out.append(kReplacement);
    } else {
      out.append(text.substr(at, length));
    }
    at += length;
  }
  return out;
}

std::string escape_control_characters(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  char escape[16];
  for (std::size_t at = 0; at < text.size();) {
    const auto byte = static_cast<unsigned char>(text[at]);
    if (byte >= 0x20 && byte < 0x7F && byte != '\\') {
      out.push_back(static_cast<char>(byte));
      ++at;
      continue;
    }
    const auto [c, length] = decode_utf8(text, at);
    if (c == '\\') {
      out.append("\\\\");
    } else if (c == '\n') {
      out.append("\\n");
    } else if (c == '\r') {
      out.append("\\r");
    } else if (c == '\t') {
      out.append("\\t");
    } else if (c == kInvalidCodePoint || c < 0x20 || c == 0x7F) {
      std::snprintf(escape, sizeof escape, "\\x%02x", byte);
      out.append(escape);
    } else if (is_control(c)) {
      std::snprintf(escape, sizeof escape, "\\u%04x", static_cast<unsigned>(c));
      out.append(escape);
    } else {
      out.append(text.substr(at, length));
    }
    at += length;
  }
  return out;
}

}  // namespace confab::net
