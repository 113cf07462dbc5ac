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

std::string nick_skeleton(std::string_view nick) {
  std::string single = name_key(nick);
  for (auto& c : single) {
    if (c == 'i' || c == '1') {
      c = 'l';
    } else if (c == '0') {
      c = 'o';
    }
  }
  // Pairs that read as one letter, replaced left to right as UTS #39 does.
  std::string skeleton;
  skeleton.reserve(single.size());
  for (std::size_t i = 0; i < single.size(); ++i) {
    const auto pair = std::string_view(single).substr(i, 2);
    if (pair == "rn") {
      skeleton.push_back('m');
      ++i;
    } else if (pair == "cl") {
      skeleton.push_back('d');
      ++i;
    } else if (pair == "vv") {
      skeleton.push_back('w');
      ++i;
    } else {
      skeleton.push_back(single[i]);
    }
  }
  return skeleton;
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
