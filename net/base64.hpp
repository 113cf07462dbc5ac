#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace confab::net {

// Standard base64 (RFC 4648, with padding), as file chunks travel in JSON.
std::string base64_encode(std::string_view bytes);

// Strict: nullopt for any character outside the alphabet, bad padding or a
// length that is not a multiple of four.
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace confab::net
