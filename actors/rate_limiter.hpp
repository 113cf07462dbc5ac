#pragma once

#include <algorithm>
#include <chrono>
#include <cmath>

namespace confab {

// Token bucket: `rate` messages per second on average, bursts up to `burst`.
// A rate of 0 disables limiting.
class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;

  RateLimiter(double rate, double burst)
      : rate_(rate), burst_(std::max(burst, 1.0)), tokens_(burst_), last_(Clock::now()) {}

  // Takes one token. Returns 0 when allowed, otherwise how many milliseconds
  // until a token will be available.
  long acquire(Clock::time_point now = Clock::now()) {
    if (rate_ <= 0) {
      return 0;
    }
    const std::chrono::duration<double> elapsed = now - last_;
    last_ = now;
    tokens_ = std::min(burst_, tokens_ + elapsed.count() * rate_);
    if (tokens_ >= 1.0) {
      tokens_ -= 1.0;
      return 0;
    }
    return static_cast<long>(std::ceil((1.0 - tokens_) / rate_ * 1000.0));
  }

 private:
  double rate_;
  double burst_;
  double tokens_;
  Clock::time_point last_;
};

}  // namespace confab
