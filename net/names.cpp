#include "net/names.hpp"

#include <algorithm>

#include "net/control_characters.hpp"
#include "net/utf8.hpp"

namespace confab::net {
namespace {

bool is_ascii_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

template <class Allowed>
bool valid_name(std::string_view name, std::size_t max_length, Allowed&& allowed) {
  return !name.empty() && name.size() <= max_length &&
         std::all_of(name.begin(), name.end(), allowed);
}

}  // namespace

bool is_valid_nick(std::string_view nick) {
  return valid_name(nick, 32, [](char c) { return is_ascii_alnum(c) || c == '_' || c == '-'; });
}

bool is_valid_room(std::string_view room) {
  return valid_name(room, 64,
                    [](char c) { return is_ascii_alnum(c) || c == '_' || c == '-' || c == '.'; });
}

bool is_valid_file_name(std::string_view name) {
  if (name.empty() || name.size() > 255 || name == "." || name == ".." || !is_valid_utf8(name)) {
    return false;
  }
  return name.find_first_of("/\\") == std::string_view::npos && !has_control_characters(name);
}

std::string name_key(std::string_view name) {
  std::string key(name);
  for (auto& c : key) {
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c - 'A' + 'a');
    }
  }
  return key;
}

}  // namespace confab::net
