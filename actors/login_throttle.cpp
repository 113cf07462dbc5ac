#include "actors/login_throttle.hpp"

#include <algorithm>

namespace confab {
namespace {

std::string pair_key(const std::string& account, const std::string& address) {
  return account + '\n' + address;
}

}  // namespace

std::int64_t LoginThrottle::remaining(const std::unordered_map<std::string, Record>& records,
                                      const std::string& key, Clock::time_point now) {
  auto it = records.find(key);
  if (it == records.end() || it->second.blocked_until <= now) {
    return 0;
  }
  return std::chrono::ceil<Milliseconds>(it->second.blocked_until - now).count();
}

std::int64_t LoginThrottle::retry_after(const std::string& account, const std::string& address,
                                        Clock::time_point now) const {
  auto wait = remaining(by_address_, address, now);
  const auto pair = pair_key(account, address);
  wait = std::max(wait, remaining(by_pair_, pair, now));
  if (by_pair_.count(pair) != 0) {
    wait = std::max(wait, remaining(by_account_, account, now));
  }
  return wait;
}

void LoginThrottle::count(std::unordered_map<std::string, Record>& records, const std::string& key,
                          int free_failures, Clock::time_point now) {
  auto& record = records[key];
  ++record.failures;
  record.last_failure = now;
  const int over = record.failures - free_failures;
  if (over <= 0) {
    return;
  }
  // Doubling from first_delay, without overflowing on the way to the cap.
  auto delay = policy_.first_delay;
  for (int i = 1; i < over && delay < policy_.max_delay; ++i) {
    delay *= 2;
  }
  record.blocked_until = now + std::min(delay, policy_.max_delay);
}

void LoginThrottle::failed(const std::string& account, const std::string& address,
                           Clock::time_point now) {
  count(by_address_, address, policy_.free_per_address, now);
  count(by_account_, account, policy_.free_per_account, now);
  count(by_pair_, pair_key(account, address), policy_.free_per_pair, now);
}

void LoginThrottle::succeeded(const std::string& account, const std::string& address) {
  by_account_.erase(account);
  by_pair_.erase(pair_key(account, address));
}

std::size_t LoginThrottle::expire(Clock::time_point now) {
  std::size_t left = 0;
  for (auto* records : {&by_address_, &by_account_, &by_pair_}) {
    for (auto it = records->begin(); it != records->end();) {
      if (now - it->second.last_failure >= policy_.forget_after &&
          it->second.blocked_until <= now) {
        it = records->erase(it);
      } else {
        ++it;
      }
    }
    left += records->size();
  }
  return left;
}

}  // namespace confab
