#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>

namespace confab {

// Every limit that protects the server from one client, each with a flag.
struct ServerLimits {
  std::size_t max_frame = 64 * 1024;
  std::size_t max_outbound_bytes = 8 * 1024 * 1024;
  double rate_limit_per_second = 20;  // 0 = unlimited
  double rate_limit_burst = 40;
  std::size_t max_connections = 20000;
  std::size_t max_connections_per_ip = 5000;
  std::chrono::seconds idle_timeout{300};
  std::size_t max_text_chars = 4000;
  std::size_t presence_limit = 1000;
  std::size_t join_history = 50;
  std::chrono::milliseconds text_mode_delay{1000};
  std::uint64_t max_file_size = 64ull * 1024 * 1024;
  std::size_t max_uploads_per_connection = 4;
  std::uint64_t storage_quota = 10ull * 1024 * 1024 * 1024;  // 0 = unlimited
};

}  // namespace confab
