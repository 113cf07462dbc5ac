#pragma once

#include <cstddef>
#include <string_view>

namespace confab::net {

// Strict UTF-8 validation: rejects overlong forms, surrogates and code points
// above U+10FFFF, so that what we store and relay is always valid text.
bool is_valid_utf8(std::string_view text);

// Number of code points in valid UTF-8 text (the protocol counts characters).
std::size_t utf8_length(std::string_view text);

}  // namespace confab::net
