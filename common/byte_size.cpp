#include "common/byte_size.hpp"

#include <array>
#include <cstdio>

namespace confab {

std::string format_byte_size(std::uint64_t bytes) {
  static constexpr std::array<const char*, 5> kUnits{"KiB", "MiB", "GiB", "TiB", "PiB"};
  if (bytes < 1024) {
    return std::to_string(bytes) + (bytes == 1 ? " byte" : " bytes");
  }
  double value = static_cast<double>(bytes) / 1024.0;
  std::size_t unit = 0;
  while (value >= 1024.0 && unit + 1 < kUnits.size()) {
    value /= 1024.0;
    ++unit;
  }
  char text[32];
  // Whole numbers without a decimal; otherwise one, rounded down so that a
  // limit is never shown larger than it is.
  const auto tenths = static_cast<std::uint64_t>(value * 10.0);
  if (tenths % 10 == 0) {
    std::snprintf(text, sizeof text, "%llu %s", static_cast<unsigned long long>(tenths / 10),
                  kUnits[unit]);
  } else {
    std::snprintf(text, sizeof text, "%llu.%llu %s", static_cast<unsigned long long>(tenths / 10),
                  static_cast<unsigned long long>(tenths % 10), kUnits[unit]);
  }
  return text;
}

}  // namespace confab
