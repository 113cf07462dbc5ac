#include "net/utf8.hpp"

#include <cstdint>
#include <cstring>

namespace confab::net {

DecodedCodePoint decode_utf8(std::string_view text, std::size_t at) {
  const auto lead = static_cast<unsigned char>(text[at]);
  if (lead < 0x80) {
    return {lead, 1};
  }
  std::size_t length = 0;
  char32_t code_point = 0;
  char32_t minimum = 0;
  if ((lead & 0xE0) == 0xC0) {
    length = 2;
    code_point = lead & 0x1F;
    minimum = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3;
    code_point = lead & 0x0F;
    minimum = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4;
    code_point = lead & 0x07;
    minimum = 0x10000;
  } else {
    return {kInvalidCodePoint, 1};
  }
  if (at + length > text.size()) {
    return {kInvalidCodePoint, 1};
  }
  for (std::size_t i = 1; i < length; ++i) {
    const auto byte = static_cast<unsigned char>(text[at + i]);
    if ((byte & 0xC0) != 0x80) {
      return {kInvalidCodePoint, 1};
    }
    code_point = (code_point << 6) | (byte & 0x3F);
  }
  // Overlong forms, surrogates and what lies beyond Unicode are not text.
  if (code_point < minimum || code_point > 0x10FFFF ||
      (code_point >= 0xD800 && code_point <= 0xDFFF)) {
    return {kInvalidCodePoint, 1};
  }
  return {code_point, length};
}

bool is_valid_utf8(std::string_view text) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const auto* end = p + text.size();
  while (p < end) {
    // Chat text is mostly ASCII: skip it eight bytes at a time.
    while (end - p >= 8) {
      std::uint64_t word;
      std::memcpy(&word, p, sizeof word);
      if ((word & 0x8080808080808080ULL) != 0) {
        break;
      }
      p += 8;
    }
    if (p == end) {
      break;
    }
    const auto at =
        static_cast<std::size_t>(p - reinterpret_cast<const unsigned char*>(text.data()));
    const auto decoded = decode_utf8(text, at);
    if (decoded.code_point == kInvalidCodePoint) {
      return false;
    }
    p += decoded.length;
  }
  return true;
}

std::size_t utf8_length(std::string_view text) {
  std::size_t count = 0;
  for (const char c : text) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {
      ++count;
    }
  }
  return count;
}

}  // namespace confab::net
