#include <sys/socket.h>

#include "tests/integration/server_fixture.hpp"

using namespace confab::test;

TEST_CASE("clients that never read cannot hold the server's memory: their backlogs are dropped") {
  // 10 stalled members x 1400 messages x 3.9 KB = 55 MB meant for clients
  // that take nothing. The kernel holds up to ~4 MB of each; the rest, 15 MB,
  // is far over the server's 2 MiB outbound budget.
  ServerFixture f({"--rate-limit", "0", "--max-outbound-total", "2097152"});
  std::vector<std::unique_ptr<TestClient>> stalled;
  for (int i = 0; i < 10; ++i) {
    stalled.push_back(f.connect());
    int small = 4096;
    setsockopt(stalled.back()->fd(), SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
    stalled.back()->hello("stalled" + std::to_string(i));
  }
  auto reader = f.login("reader");
  auto sender = f.login("sender");
  const long rss_before = f.server.rss_kib();

  const std::string padding(3900, 'p');
  constexpr int kMessages = 1400;
  int received = 0;
  for (int i = 0; i < kMessages; ++i) {
    const bool ask = i % 50 == 49;
    Json say{{"op", "say"}, {"room", "main"}, {"text", std::to_string(i) + " " + padding}};
    if (!ask) {
      sender->send(say);
      continue;
    }
    REQUIRE(is_ok(sender->request(say)));
    // The reader keeps up, as a real client would.
    while (received <= i) {
      auto message = reader->wait_for_type("message");
      REQUIRE(message);
      const auto text = (*message)["text"].get<std::string>();
      REQUIRE(text.substr(0, text.find(' ')) == std::to_string(received));
      ++received;
    }
  }
  CHECK(received == kMessages);
  CHECK(f.server.wait_for_log("outbound budget"));
  CHECK(is_ok(sender->request({{"op", "ping"}})));
#ifndef CONFAB_SANITIZE
  // What the dropped backlogs held goes back to the system within a tick or
  // two. (ASan's quarantine keeps freed memory, so only this build can tell.)
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  long grown = 0;
  do {
    grown = f.server.rss_kib() - rss_before;
  } while (grown > 12 * 1024 && std::chrono::steady_clock::now() < deadline &&
           !reader->wait_for_type("never", std::chrono::milliseconds(100)));
  CHECK(grown <= 12 * 1024);
#else
  (void)rss_before;
#endif
}
