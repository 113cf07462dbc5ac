#include <doctest/doctest.h>

#include "actors/rate_limiter.hpp"

using confab::RateLimiter;
using namespace std::chrono_literals;

TEST_CASE("a burst passes, then the limiter says how long to wait") {
  RateLimiter limiter(10, 3);
  const auto start = RateLimiter::Clock::now();
  CHECK(limiter.acquire(start) == 0);
  CHECK(limiter.acquire(start) == 0);
  CHECK(limiter.acquire(start) == 0);
  const long wait = limiter.acquire(start);
  CHECK(wait > 0);
  CHECK(wait <= 100);
  CHECK(limiter.acquire(start + 100ms) == 0);
}

TEST_CASE("tokens refill at the configured rate but never beyond the burst") {
  RateLimiter limiter(20, 2);
  const auto start = RateLimiter::Clock::now();
  limiter.acquire(start);
  limiter.acquire(start);
  const auto later = start + 10s;
  CHECK(limiter.acquire(later) == 0);
  CHECK(limiter.acquire(later) == 0);
  CHECK(limiter.acquire(later) > 0);
}

TEST_CASE("a rate of zero means unlimited") {
  RateLimiter limiter(0, 1);
  const auto now = RateLimiter::Clock::now();
  for (int i = 0; i < 10000; ++i) {
    REQUIRE(limiter.acquire(now) == 0);
  }
}
