#include "net/ctcp_action.hpp"

namespace confab::net {
namespace {

constexpr std::string_view kActionStart =
    "\x01"
    "ACTION ";

}  // namespace

std::optional<std::string_view> ctcp_action(std::string_view text) {
  if (text.substr(0, kActionStart.size()) != kActionStart) {
    return std::nullopt;
  }
  text.remove_prefix(kActionStart.size());
  if (!text.empty() && text.back() == '\x01') {
    text.remove_suffix(1);
  }
  return text;
}

std::string make_ctcp_action(std::string_view what) {
  std::string text(kActionStart);
  text.append(what);
  text += '\x01';
  return text;
}

}  // namespace confab::net
