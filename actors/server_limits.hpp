#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>

namespace confab {

// Every limit that protects the server from one client, each with a flag.
struct ServerLimits {
  std::size_t max_frame = 64 * 1024;
  // Unsent bytes one connection may have before it is dropped, and all of
  // them together before the largest backlogs are dropped.
  std::size_t max_outbound_bytes = 1024 * 1024;
  std::uint64_t max_outbound_total = 256ull * 1024 * 1024;
  double rate_limit_per_second = 20;  // 0 = unlimited
  double rate_limit_burst = 40;
  std::size_t max_connections = 20000;
  // Per address group (IPv4 address, IPv6 /64): open at once, and opened
  // within new_connections_window. Loopback is exempt unless limit_loopback.
  std::size_t max_connections_per_ip = 16;
  std::size_t new_connections_per_ip = 32;
  std::chrono::seconds new_connections_window{600};
  bool limit_loopback = false;
  // Rooms are permanent: at most this many, and at most rooms_per_creator
  // created per rooms_window by one account, or by the guests of one
  // address group (loopback exempt unless limit_loopback).
  std::size_t max_rooms = 10000;
  std::size_t rooms_per_creator = 10;
  std::chrono::seconds rooms_window{3600};
  // A connection that has not logged in by then is closed.
  std::chrono::seconds login_timeout{10};
  std::chrono::seconds idle_timeout{300};
  std::size_t max_text_chars = 4000;
  std::size_t presence_limit = 1000;
  std::size_t join_history = 50;
  // How long a silent new client is given before the server speaks first
  // (net::silent_client_dialect).
  std::chrono::milliseconds silent_client_delay{1000};
  std::uint64_t max_file_size = 64ull * 1024 * 1024;
  std::size_t max_uploads_per_connection = 4;
  // Per account; guests share one per address group, and may upload no file
  // larger than it.
  std::uint64_t user_quota = 1024ull * 1024 * 1024;
  std::uint64_t guest_quota = 64ull * 1024 * 1024;
  // An upload without a chunk for this long is cancelled, so silent uploads
  // cannot hold their declared size of the quotas.
  std::chrono::seconds upload_timeout{60};
  // Writes the database refuses are retried this long before they fail.
  std::chrono::seconds storage_retry{10};
  // Files are refused while the database's disk has less free than this.
  std::uint64_t min_free_disk = 128ull * 1024 * 1024;
  std::uint64_t storage_quota = 10ull * 1024 * 1024 * 1024;  // 0 = unlimited
  // Messages older than this many days are deleted, unless their room sets
  // its own retention; 0 keeps them forever.
  std::uint32_t retention_days = 0;
};

// A century: retention beyond it is "forever" spelled differently.
inline constexpr std::uint32_t kMaxRetentionDays = 36500;

}  // namespace confab
