// libFuzzer target: the text dialect's line parser and its line renderer.
// Parsing never throws, and nothing a client typed reaches a terminal as a
// control character or starts a line of its own.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "net/control_characters.hpp"
#include "net/ctcp_action.hpp"
#include "net/text_commands.hpp"
#include "net/text_dialect.hpp"

using namespace confab;

namespace {

bool safe_for_terminal(std::string_view rendered) {
  for (std::size_t i = 0; i < rendered.size(); ++i) {
    const auto c = static_cast<unsigned char>(rendered[i]);
    if (c == '\r') {
      // Only as a line end, and the next line is indented.
      if (rendered.substr(i, 6) != "\r\n    " && i + 2 != rendered.size()) {
        return false;
      }
      continue;
    }
    if (c == '\n') {
      if (i == 0 || rendered[i - 1] != '\r') {
        return false;
      }
      continue;
    }
    if ((c < 0x20 && c != '\t') || c == 0x7F) {
      return false;
    }
    // C1 controls as UTF-8 (U+0080..U+009F): 0xC2 0x80..0x9F.
    if (c == 0xC2 && i + 1 < rendered.size() &&
        static_cast<unsigned char>(rendered[i + 1]) >= 0x80 &&
        static_cast<unsigned char>(rendered[i + 1]) <= 0x9F) {
      return false;
    }
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view line(reinterpret_cast<const char*>(data), size);
  const auto& text = net::text_dialect();
  for (const auto login : {net::LineContext::Login::needed, net::LineContext::Login::done}) {
    (void)text.parse(line, net::LineContext{login, "main"});
    (void)text.parse(line, net::LineContext{login, ""});
  }
  net::MessageRecord message;
  message.room = "main";
  message.from = "mallory";
  message.text = std::string(line);
  const auto rendered = net::text_message_line(message);
  // An action ("/me") is shown as one: "[main] * mallory waves".
  const auto* const start = net::ctcp_action(line) ? "[main] * mallory " : "[main] mallory: ";
  if (!safe_for_terminal(rendered) || rendered.rfind(start, 0) != 0) {
    std::abort();
  }
  if (net::escape_control_characters(line).find_first_of("\r\n\x1b") != std::string::npos) {
    std::abort();
  }
  return 0;
}
