#pragma once

#include <string>
#include <string_view>

namespace confab::net {

// Nick: 1-32 of [A-Za-z0-9_-]. Room: 1-64 of [A-Za-z0-9_.-].
bool is_valid_nick(std::string_view nick);
bool is_valid_room(std::string_view room);

// A file's display name: 1-255 bytes of valid UTF-8 without path separators
// or control characters (net/control_characters.hpp), and not "." or "..".
// It is never used as a path.
bool is_valid_file_name(std::string_view name);

// Names are unique case-insensitively; every lookup goes through this key.
std::string name_key(std::string_view name);

// What a nick looks like, after Unicode's confusables table (UTS #39) for
// the characters a nick may hold, case aside as it is for uniqueness: I, i
// and 1 read as l (a capital I is an l in most fonts, and case is not the
// nick's own), 0 as o, rn as m, cl as d, vv as w. `aIice`, `a1ice` and
// `ALICE` share a skeleton; no one may take a nick that looks like another's
// account.
std::string nick_skeleton(std::string_view nick);

}  // namespace confab::net
