#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <unordered_map>

namespace confab {

// Counts events per key in fixed windows: at most `limit` per `window` for
// each key (new connections per address, rooms created per creator).
class WindowCounter {
 public:
  using Clock = std::chrono::steady_clock;

  WindowCounter(std::size_t limit, std::chrono::seconds window) : limit_(limit), window_(window) {}

  // Counts an event for `key` and returns 0, or, when its window is full,
  // counts nothing and returns the milliseconds until the window ends.
  std::int64_t take(const std::string& key, Clock::time_point now = Clock::now());

  // Forgets keys whose window has ended.
  void expire(Clock::time_point now = Clock::now());
  std::size_t size() const { return windows_.size(); }

 private:
  struct Window {
    Clock::time_point start{};
    std::size_t count = 0;
  };

  std::size_t limit_;
  std::chrono::seconds window_;
  std::unordered_map<std::string, Window> windows_;
};

}  // namespace confab
