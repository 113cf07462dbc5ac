#include <doctest/doctest.h>

#include "ReconnectPolicy.h"

TEST_CASE("reconnecting waits half a second, doubling to 30 s, and starts over after a success") {
  ReconnectPolicy policy;
  CHECK(policy.nextDelayMs() == 500);
  CHECK(policy.nextDelayMs() == 1000);
  CHECK(policy.nextDelayMs() == 2000);
  for (int i = 0; i < 10; ++i) {
    policy.nextDelayMs();
  }
  CHECK(policy.nextDelayMs() == 30000);
  policy.reset();
  CHECK(policy.nextDelayMs() == 500);
}
