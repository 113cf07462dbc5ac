#include "actors/admission_control.hpp"

#include "net/address_group.hpp"

namespace confab {

AdmissionControl::Decision AdmissionControl::admit(const std::string& address,
                                                   Clock::time_point now) {
  if (open_ >= policy_.max_connections) {
    return {false, "the server is full", 0};
  }
  const bool exempt = !policy_.limit_loopback && net::is_loopback(address);
  auto& group = groups_[net::address_group(address)];
  if (now - group.window_start >= policy_.new_window) {
    group.window_start = now;
    group.opened_in_window = 0;
  }
  if (!exempt) {
    if (group.open >= policy_.max_per_group) {
      return {false, "too many connections from your address", 0};
    }
    if (group.opened_in_window >= policy_.new_per_group) {
      const auto wait = group.window_start + policy_.new_window - now;
      return {false, "too many new connections from your address; retry later",
              std::chrono::ceil<std::chrono::milliseconds>(wait).count()};
    }
  }
  ++group.open;
  ++group.opened_in_window;
  ++open_;
  return {};
}

void AdmissionControl::release(const std::string& address) {
  auto it = groups_.find(net::address_group(address));
  if (it != groups_.end() && it->second.open > 0) {
    --it->second.open;
    --open_;
  }
}

std::size_t AdmissionControl::expire(Clock::time_point now) {
  for (auto it = groups_.begin(); it != groups_.end();) {
    if (it->second.open == 0 && now - it->second.window_start >= policy_.new_window) {
      it = groups_.erase(it);
    } else {
      ++it;
    }
  }
  return groups_.size();
}

}  // namespace confab
