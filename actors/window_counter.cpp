#include "actors/window_counter.hpp"

namespace confab {

std::int64_t WindowCounter::take(const std::string& key, Clock::time_point now) {
  auto& window = windows_[key];
  if (window.count == 0 || now - window.start >= window_) {
    window.start = now;
    window.count = 0;
  }
  if (window.count >= limit_) {
    return std::chrono::ceil<std::chrono::milliseconds>(window.start + window_ - now).count();
  }
  ++window.count;
  return 0;
}

void WindowCounter::expire(Clock::time_point now) {
  for (auto it = windows_.begin(); it != windows_.end();) {
    if (now - it->second.start >= window_) {
      it = windows_.erase(it);
    } else {
      ++it;
    }
  }
}

}  // namespace confab
