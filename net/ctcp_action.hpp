#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace confab::net {

// An action ("/me waves") is stored as IRC writes it, CTCP ACTION: the text
// "\x01ACTION waves\x01". IRC clients get it back unchanged; other dialects
// show it as one.

// What the action does ("waves"), when `text` is one; the closing \x01 may
// be missing, as some clients leave it out.
std::optional<std::string_view> ctcp_action(std::string_view text);

std::string make_ctcp_action(std::string_view what);

}  // namespace confab::net
