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

}  // namespace confab::net
