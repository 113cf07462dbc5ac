#pragma once

#include <optional>
#include <string_view>

#include <nlohmann/json.hpp>

namespace confab::net {

// Reads the shape nearly every client frame has: one JSON object whose
// values are strings without escapes, integers, true, false or null. It
// builds the same nlohmann::json the full parser would (unsigned for
// non-negative integers, as nlohmann does), without that parser's
// character-by-character token buffer, which was the largest user-space
// cost of a `say` in scenario C. Anything else — escapes, nested values,
// fractions, duplicate keys, malformed text — is std::nullopt, and the
// caller falls back to the full parser, so this never accepts what the full
// parser rejects. `text` must be valid UTF-8.
std::optional<nlohmann::json> read_flat_object(std::string_view text);

}  // namespace confab::net
