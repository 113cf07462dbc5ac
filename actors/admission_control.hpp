#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <unordered_map>

#include "actors/window_counter.hpp"

namespace confab {

// Which new connections the gateway takes. Limits count address groups
// (net::address_group: IPv4 addresses, IPv6 /64s): connections open at once
// in all and per group, and connections opened per group within a window,
// so one host can neither hold the server's slots nor churn through them.
// Loopback is exempt from the per-group limits unless told otherwise: local
// bridges, bouncers and load generators all come from there.
class AdmissionControl {
 public:
  using Clock = std::chrono::steady_clock;

  struct Policy {
    std::size_t max_connections = 20000;
    std::size_t max_per_group = 16;
    std::size_t new_per_group = 32;
    std::chrono::seconds new_window{600};
    bool limit_loopback = false;
  };

  struct Decision {
    bool admitted = true;
    std::string reason;  // for the refused client and the log
    std::int64_t retry_after_ms = 0;
  };

  explicit AdmissionControl(Policy policy)
      : policy_(policy), opened_(policy.new_per_group, policy.new_window) {}

  // Whether a connection from `address` may open now; when it may, it is
  // counted until released.
  Decision admit(const std::string& address, Clock::time_point now = Clock::now());
  void release(const std::string& address);

  // Forgets windows that have ended; returns how many groups remain known.
  std::size_t expire(Clock::time_point now = Clock::now());

  std::size_t open() const { return open_; }

 private:
  Policy policy_;
  // Connections open now, and opened lately, per address group.
  std::unordered_map<std::string, std::size_t> open_by_group_;
  WindowCounter opened_;
  std::size_t open_ = 0;
};

}  // namespace confab
