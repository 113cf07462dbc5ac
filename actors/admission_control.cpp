#include "actors/admission_control.hpp"

#include "net/address_group.hpp"

namespace confab {

AdmissionControl::Decision AdmissionControl::admit(const std::string& address,
                                                   Clock::time_point now) {
  if (open_ >= policy_.max_connections) {
    return {false, "the server is full", 0};
  }
  const auto group = net::address_group(address);
  if (policy_.limit_loopback || !net::is_loopback(address)) {
    auto open = open_by_group_.find(group);
    if (open != open_by_group_.end() && open->second >= policy_.max_per_group) {
      return {false, "too many connections from your address", 0};
    }
    if (const auto wait = opened_.take(group, now); wait > 0) {
      return {false, "too many new connections from your address; retry later", wait};
    }
  }
  ++open_by_group_[group];
  ++open_;
  return {};
}

void AdmissionControl::release(const std::string& address) {
  auto it = open_by_group_.find(net::address_group(address));
  if (it == open_by_group_.end()) {
    return;
  }
  --open_;
  if (--it->second == 0) {
    open_by_group_.erase(it);
  }
}

std::size_t AdmissionControl::expire(Clock::time_point now) {
  opened_.expire(now);
  return open_by_group_.size() + opened_.size();
}

}  // namespace confab
