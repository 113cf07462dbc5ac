#pragma once

#include <chrono>
#include <string>

namespace confab::net {

// UTC ISO 8601 with milliseconds, e.g. 2026-11-22T10:00:00.123Z.
std::string format_timestamp(std::chrono::system_clock::time_point when);

inline std::string now_timestamp() {
  return format_timestamp(std::chrono::system_clock::now());
}

}  // namespace confab::net
