#include <sys/socket.h>

#include <SQLiteCpp/Database.h>

#include "tests/integration/server_fixture.hpp"

using namespace confab::test;

namespace {

// 1500 x 3.9 KB = 5.9 MB: more than the kernel buffers on both sides of
// loopback, less than the outbound limit that would drop the reader.
constexpr int kBacklogMessages = 1500;

// A client that takes almost nothing off its socket, logged in as `nick`.
std::unique_ptr<TestClient> stalled_client(std::uint16_t port, const std::string& nick) {
  auto stalled = std::make_unique<TestClient>(port);
  int small = 4096;
  setsockopt(stalled->fd(), SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
  stalled->hello(nick);
  return stalled;
}

// Leaves the server holding megabytes for every member of main that does not
// read; returns once every message is acknowledged, so every fan-out has
// reached the gateway.
void build_backlog(TestClient& sender) {
  const std::string padding(3900, 'p');
  for (int i = 0; i < kBacklogMessages; ++i) {
    sender.send({{"op", "say"}, {"room", "main"}, {"text", padding}, {"id", i}});
  }
  for (int acked = 0; acked < kBacklogMessages; ++acked) {
    auto ack = sender.wait_for([](const Json& frame) { return frame.value("op", "") == "say"; });
    REQUIRE(ack);
    REQUIRE(is_ok(*ack));
  }
}

}  // namespace

TEST_CASE("SIGTERM exits within 5 s although a client never reads what it was sent") {
  TempDir dir;
  const auto db = dir.file("chat.db");
  ConfabdProcess server(db, {"--rate-limit", "0", "--max-outbound", "16777216"});
  auto stalled = stalled_client(server.port(), "stalled");
  TestClient sender(server.port());
  sender.hello("sender");
  build_backlog(sender);

  const auto start = std::chrono::steady_clock::now();
  const auto code = server.terminate(std::chrono::seconds(30));
  const auto took = std::chrono::steady_clock::now() - start;
  // Once seen failing under ASan beside other tests (not reproduced): the
  // next failure shows how the server ended and what it logged.
  CHECK_MESSAGE(code == 0, "exit status " << (code ? std::to_string(*code) : "none (a signal)")
                                          << "; log:\n"
                                          << server.log());
  CHECK(took < std::chrono::seconds(5));
  CHECK(server.log().find("stopped") != std::string::npos);
  SQLite::Database database(db, SQLite::OPEN_READONLY);
  SQLite::Statement count(database, "SELECT COUNT(*) FROM history");
  REQUIRE(count.executeStep());
  CHECK(count.getColumn(0).getInt() == kBacklogMessages);
}

TEST_CASE("a client that quits without reading its backlog is closed within seconds") {
  ServerFixture f({"--rate-limit", "0", "--max-outbound", "16777216"});
  auto stalled = stalled_client(f.server.port(), "stalled");
  auto sender = f.login("sender");
  build_backlog(*sender);
  stalled->send({{"op", "quit"}});
  CHECK(f.server.wait_for_log("did not read its last frames", std::chrono::seconds(10)));
  CHECK(is_ok(sender->request({{"op", "ping"}})));
}
