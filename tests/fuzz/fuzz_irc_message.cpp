// Any bytes as an IRC line: parsing never fails badly, and what a parsed
// message is written as reads back as the same message.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "net/irc_message.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view line(reinterpret_cast<const char*>(data), size);
  const auto message = confab::net::parse_irc_message(line);
  if (!message) {
    return 0;
  }
  // Parameters read from one line hold no line ending and, but for the
  // last, no space: writing them needs no escape the format lacks.
  const auto written = confab::net::format_irc_message(*message);
  const auto again = confab::net::parse_irc_message(written);
  if (!again || again->command != message->command || again->source != message->source ||
      again->params != message->params || again->tags != message->tags) {
    std::abort();
  }
  return 0;
}
