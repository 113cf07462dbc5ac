#include <array>

#include "net/dialect.hpp"
#include "net/irc_dialect.hpp"
#include "net/json_dialect.hpp"
#include "net/text_dialect.hpp"

namespace confab::net {

const Dialect& dialect(DialectId id) {
  // By DialectId: a new dialect adds its enumerator and its line here.
  static const auto registered = [] {
    std::array<const Dialect*, kDialectCount> all{&json_dialect(), &text_dialect()};
    for (std::size_t flavour = 0; flavour < kIrcFlavours; ++flavour) {
      all[static_cast<std::size_t>(DialectId::irc) + flavour] =
          &irc_dialect(static_cast<IrcFeatures>(flavour));
    }
    return all;
  }();
  return *registered[static_cast<std::size_t>(id)];
}

DialectId sniff_dialect(char first_byte) {
  return first_byte == '{' ? DialectId::json : DialectId::text;
}

DialectId silent_client_dialect() {
  return DialectId::text;
}

DialectId undecided_dialect() {
  return DialectId::json;
}
}  // namespace confab::net
