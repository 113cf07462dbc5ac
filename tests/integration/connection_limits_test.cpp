#include "tests/integration/server_fixture.hpp"

using namespace confab::test;

namespace {

Json refusal_of(TestClient& client) {
  auto error = client.wait_for_type("error");
  REQUIRE(error);
  CHECK(client.wait_closed());
  return *error;
}

}  // namespace

TEST_CASE("connections over the per-address limit are refused, other addresses keep working") {
  ServerFixture f({"--max-connections-per-ip", "3", "--limit-loopback"});
  auto a = f.login("a");
  auto b = f.login("b");
  auto c = f.login("c");
  auto refused = f.connect();
  auto error = refusal_of(*refused);
  CHECK(code_of(error) == "too_many_connections");
  CHECK(error["message"].get<std::string>().find("your address") != std::string::npos);
  CHECK(is_ok(a->request({{"op", "ping"}})));
  TestClient elsewhere(f.server.port(), "127.0.0.2");
  CHECK(is_ok(elsewhere.hello("elsewhere")));
}

TEST_CASE("an address opening connections too fast is refused for the rest of the window") {
  ServerFixture f({"--max-new-connections-per-ip", "5", "--limit-loopback"});
  for (int i = 0; i < 5; ++i) {
    auto client = f.connect();
    REQUIRE(is_ok(client->request({{"op", "ping"}})));
  }
  auto refused = f.connect();
  auto error = refusal_of(*refused);
  CHECK(code_of(error) == "too_many_connections");
  CHECK(error["retry_after_ms"].get<std::int64_t>() > 0);
  CHECK(error["retry_after_ms"].get<std::int64_t>() <= 600000);
  TestClient elsewhere(f.server.port(), "127.0.0.2");
  CHECK(is_ok(elsewhere.request({{"op", "ping"}})));
}

TEST_CASE("loopback clients are exempt from the per-address limits by default") {
  ServerFixture f;
  std::vector<std::unique_ptr<TestClient>> clients;
  for (int i = 0; i < 40; ++i) {
    clients.push_back(f.connect());
    REQUIRE(is_ok(clients.back()->request({{"op", "ping"}})));
  }
}

TEST_CASE("a connection that does not log in within --login-timeout is closed") {
  ServerFixture f({"--login-timeout", "2"});
  auto silent = f.connect();
  // Pings keep a connection from the idle timeout, not from logging in.
  auto pinger = f.connect();
  auto member = f.login("member");
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  bool pinger_closed = false;
  while (!pinger_closed && std::chrono::steady_clock::now() < deadline) {
    pinger->send({{"op", "ping"}});
    pinger_closed = pinger->wait_closed(std::chrono::milliseconds(300));
  }
  CHECK(pinger_closed);
  auto error = std::find_if(pinger->queued().begin(), pinger->queued().end(),
                            [](const Json& frame) { return code_of(frame) == "login_timeout"; });
  CHECK(error != pinger->queued().end());
  // The silent one was taken for a netcat user, prompted, then closed too.
  CHECK(silent->wait_for_text("no login within 2 s; closing"));
  CHECK(silent->wait_closed());
  CHECK(is_ok(member->request({{"op", "ping"}})));
}

TEST_CASE("with few file descriptors the server caps its connections and does not spin") {
  TempDir dir;
  ConfabdProcess server(dir.file("chat.db"), {}, ProcessLimits{100});
  CHECK(server.wait_for_log("lowered to 36"));
  std::vector<std::unique_ptr<TestClient>> clients;
  int refused = 0;
  // More clients than the process has descriptors.
  for (int i = 0; i < 120; ++i) {
    clients.push_back(std::make_unique<TestClient>(server.port()));
    clients.back()->send({{"op", "ping"}, {"id", i}});
    auto answer = clients.back()->wait_for(
        [](const Json& frame) { return is_ok(frame) || frame.value("type", "") == "error"; },
        std::chrono::seconds(5));
    REQUIRE(answer);
    if (code_of(*answer) == "too_many_connections") {
      ++refused;
    }
  }
  CHECK(refused >= 120 - 36);
  const auto before = server.cpu_time();
  clients.front()->wait_for_type("never", std::chrono::seconds(1));
  CHECK(server.cpu_time() - before < std::chrono::milliseconds(300));
  CHECK(is_ok(clients.front()->request({{"op", "ping"}})));
}

TEST_CASE("a flood of refused connections writes a few log lines and a count of the rest") {
  ServerFixture f({"--max-connections-per-ip", "1", "--limit-loopback"});
  auto held = f.login("held");
  constexpr int kAttempts = 200;
  for (int i = 0; i < kAttempts; ++i) {
    auto refused = f.connect();
    REQUIRE(refused->wait_closed());
  }
  REQUIRE(f.server.wait_for_log("more \"refused connection\" lines in that second"));
  const auto log = f.server.log();
  std::size_t written = 0;
  for (auto at = log.find("refusing connection from"); at != std::string::npos;
       at = log.find("refusing connection from", at + 1)) {
    ++written;
  }
  CHECK(written < kAttempts / 2);
  CHECK(is_ok(held->request({{"op", "ping"}})));
}
