#pragma once

#include "net/dialect.hpp"

namespace confab::net {

// JSON lines, PROTOCOL.md's own dialect: one object per line each way.
const Dialect& json_dialect();

}  // namespace confab::net
