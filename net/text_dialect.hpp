#pragma once

#include "net/dialect.hpp"

namespace confab::net {

// Text mode, for telnet and netcat: a typed line is a message to the current
// room or a /command, and the server answers in readable lines ending in
// "\r\n" (net/text_commands.hpp).
const Dialect& text_dialect();

}  // namespace confab::net
