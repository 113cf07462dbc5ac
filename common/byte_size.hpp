#pragma once

#include <cstdint>
#include <string>

namespace confab {

// A size as people read it: "64 MiB", "1.5 GiB", "700 KiB", "12 bytes"
// (binary units, one decimal when it is not whole).
std::string format_byte_size(std::uint64_t bytes);

}  // namespace confab
