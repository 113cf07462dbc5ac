#pragma once

#include <cstddef>
#include <string_view>

namespace confab::net {

// Strict UTF-8 validation: rejects overlong forms, surrogates and code points
// above U+10FFFF, so that what we store and relay is always valid text.
bool is_valid_utf8(std::string_view text);

// Number of code points in valid UTF-8 text (the protocol counts characters).
std::size_t utf8_length(std::string_view text);

// The code point starting at `at` and the bytes it takes; kInvalidCodePoint
// and 1 when no valid UTF-8 starts there (the same rules as is_valid_utf8).
inline constexpr char32_t kInvalidCodePoint = 0xFFFFFFFF;
struct DecodedCodePoint {
  char32_t code_point;
  std::size_t length;
};
DecodedCodePoint decode_utf8(std::string_view text, std::size_t at);

}  // namespace confab::net
