#include <doctest/doctest.h>

#include "actors/login_throttle.hpp"
#include "net/address_group.hpp"

using namespace confab;
using namespace std::chrono_literals;

TEST_CASE("failures beyond the free ones refuse for a doubling time") {
  LoginThrottle throttle;
  const auto t0 = LoginThrottle::Clock::now();
  for (int i = 0; i < 3; ++i) {
    CHECK(throttle.retry_after("alice", "10.0.0.1", t0) == 0);
    throttle.failed("alice", "10.0.0.1", t0);
  }
  CHECK(throttle.retry_after("alice", "10.0.0.1", t0) == 0);
  throttle.failed("alice", "10.0.0.1", t0);
  CHECK(throttle.retry_after("alice", "10.0.0.1", t0) == 1000);
  throttle.failed("alice", "10.0.0.1", t0 + 1s);
  CHECK(throttle.retry_after("alice", "10.0.0.1", t0 + 1s) == 2000);
  throttle.failed("alice", "10.0.0.1", t0 + 3s);
  CHECK(throttle.retry_after("alice", "10.0.0.1", t0 + 3s) == 4000);
  CHECK(throttle.retry_after("alice", "10.0.0.1", t0 + 7s) == 0);
}

TEST_CASE("an account under attack still admits addresses that never failed for it") {
  LoginThrottle throttle;
  const auto t0 = LoginThrottle::Clock::now();
  // Five addresses, two guesses each: the account's five free failures are gone.
  for (int host = 1; host <= 5; ++host) {
    for (int i = 0; i < 2; ++i) {
      throttle.failed("alice", "10.0.0." + std::to_string(host), t0);
    }
  }
  CHECK(throttle.retry_after("alice", "10.0.0.1", t0) > 0);
  CHECK(throttle.retry_after("alice", "192.168.1.7", t0) == 0);
  CHECK(throttle.retry_after("bob", "10.0.0.1", t0) == 0);
}

TEST_CASE("an address guessing at many accounts is refused for all of them") {
  LoginThrottle throttle;
  const auto t0 = LoginThrottle::Clock::now();
  for (int account = 0; account < 11; ++account) {
    throttle.failed("user" + std::to_string(account), "10.0.0.1", t0);
  }
  CHECK(throttle.retry_after("someone-else", "10.0.0.1", t0) > 0);
  CHECK(throttle.retry_after("someone-else", "10.0.0.2", t0) == 0);
}

TEST_CASE("success clears the account, old records are forgotten") {
  LoginThrottle throttle;
  const auto t0 = LoginThrottle::Clock::now();
  for (int i = 0; i < 4; ++i) {
    throttle.failed("alice", "10.0.0.1", t0);
  }
  throttle.succeeded("alice", "10.0.0.1");
  CHECK(throttle.retry_after("alice", "10.0.0.1", t0) == 0);
  CHECK(throttle.expire(t0 + 16min) == 0);
}

TEST_CASE("limits count IPv6 clients by their /64 and IPv4-mapped ones as IPv4") {
  CHECK(net::address_group("2001:db8:1:2:aaaa::1") == "2001:db8:1:2::/64");
  CHECK(net::address_group("2001:db8:1:2:bbbb::9") == "2001:db8:1:2::/64");
  CHECK(net::address_group("::ffff:192.0.2.7") == "192.0.2.7");
  CHECK(net::address_group("192.0.2.7") == "192.0.2.7");
  CHECK(net::is_loopback("127.0.0.2"));
  CHECK(net::is_loopback("::1"));
  CHECK(net::is_loopback("::ffff:127.0.0.1"));
  CHECK_FALSE(net::is_loopback("10.0.0.1"));
}
