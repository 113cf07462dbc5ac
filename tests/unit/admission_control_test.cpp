#include <doctest/doctest.h>

#include "actors/admission_control.hpp"

using namespace confab;
using namespace std::chrono_literals;

TEST_CASE("one IPv6 /64 is one address for the connection limits") {
  AdmissionControl admission({100, 2, 100, 600s, false});
  CHECK(admission.admit("2001:db8::1").admitted);
  CHECK(admission.admit("2001:db8::2").admitted);
  CHECK_FALSE(admission.admit("2001:db8::ffff:3").admitted);
  CHECK(admission.admit("2001:db8:0:1::1").admitted);
  admission.release("2001:db8::1");
  CHECK(admission.admit("2001:db8::9").admitted);
}

TEST_CASE("new connections per address are counted per window") {
  AdmissionControl admission({100, 100, 3, 600s, true});
  const auto t0 = AdmissionControl::Clock::now();
  for (int i = 0; i < 3; ++i) {
    CHECK(admission.admit("10.0.0.1", t0).admitted);
    admission.release("10.0.0.1");
  }
  const auto refused = admission.admit("10.0.0.1", t0 + 60s);
  CHECK_FALSE(refused.admitted);
  CHECK(refused.retry_after_ms == 540000);
  CHECK(admission.admit("10.0.0.1", t0 + 600s).admitted);
  admission.release("10.0.0.1");
  CHECK(admission.expire(t0 + 1200s) == 0);
}

TEST_CASE("loopback is exempt unless told otherwise, the total never") {
  AdmissionControl admission({3, 1, 1, 600s, false});
  CHECK(admission.admit("127.0.0.1").admitted);
  CHECK(admission.admit("127.0.0.1").admitted);
  CHECK(admission.admit("::1").admitted);
  const auto full = admission.admit("127.0.0.1");
  CHECK_FALSE(full.admitted);
  CHECK(full.reason == "the server is full");
}
