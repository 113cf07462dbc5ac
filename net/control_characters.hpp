#pragma once

#include <string>
#include <string_view>

namespace confab::net {

// Characters that change how a terminal or a line-based log shows what
// follows them rather than showing themselves: C0 controls but tab, DEL, C1
// controls (NEL among them), the line and paragraph separators, and the
// bidirectional marks, embeddings, overrides and isolates that reorder text.
// Messages may carry them in JSON; nothing renders them raw.

// True when `text` holds any of them, tab included: names, file names and
// topics are shown inline everywhere and may hold none.
bool has_control_characters(std::string_view text);

// Why `value` cannot be a one-line field named `key` (a topic, a kick
// reason) of at most `max_chars` characters: not UTF-8 or too long, or
// holding a control or direction character; empty when it can.
std::string one_line_problem(std::string_view key, std::string_view value, std::size_t max_chars);

// `text` for a text-mode (telnet / netcat) user: each line break (\r\n, \n,
// \r, NEL, U+2028, U+2029) becomes "\r\n" followed by `indent`, so a message
// can never start a line of its own that looks like the server's; every
// other such character, and any byte that is not UTF-8, becomes U+FFFD.
std::string terminal_text(std::string_view text, std::string_view indent);

// `text` for a log line: the same characters written as escapes (\n, \r,
// \x1b, \u202e, \xff for a stray byte), so every log entry is one line
// that shows exactly what was received.
std::string escape_control_characters(std::string_view text);

}  // namespace confab::net
