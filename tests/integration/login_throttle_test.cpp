#include <atomic>
#include <memory>
#include <thread>

#include "tests/integration/server_fixture.hpp"

using namespace confab::test;

namespace {

Json hello_with(TestClient& client, const std::string& nick, const std::string& password) {
  return client.request({{"op", "hello"}, {"nick", nick}, {"password", password}},
                        std::chrono::seconds(30));
}

void register_account(ServerFixture& f, const std::string& nick, const std::string& password) {
  auto owner = f.connect();
  REQUIRE(is_ok(hello_with(*owner, nick, password)));
  REQUIRE(is_ok(owner->request({{"op", "quit"}})));
  REQUIRE(owner->wait_closed());
}

}  // namespace

TEST_CASE("password guesses from one address are refused with retry_after_ms") {
  ServerFixture f;
  register_account(f, "alice", "correct horse");
  auto guesser = f.connect();
  Json reply;
  int wrong = 0;
  for (; wrong < 20; ++wrong) {
    reply = hello_with(*guesser, "alice", "guess " + std::to_string(wrong));
    if (code_of(reply) != "auth_failed") {
      break;
    }
  }
  CHECK(wrong >= 1);
  CHECK(wrong <= 10);
  REQUIRE(code_of(reply) == "rate_limited");
  CHECK(reply["retry_after_ms"].get<std::int64_t>() > 0);
  // While refused, even the right password from that address waits.
  CHECK(code_of(hello_with(*guesser, "alice", "correct horse")) == "rate_limited");
  // The connection stays usable.
  CHECK(is_ok(guesser->request({{"op", "ping"}})));
}

TEST_CASE("the owner logs in while others guess at her password") {
  ServerFixture f;
  register_account(f, "alice", "correct horse");
  std::atomic<bool> stop{false};
  std::atomic<int> guesses{0};
  std::vector<std::thread> guessers;
  for (int i = 0; i < 4; ++i) {
    guessers.emplace_back([&, i] {
      auto guesser = std::make_unique<TestClient>(f.server.port());
      for (int n = 0; !stop; ++n) {
        Json reply;
        try {
          reply = hello_with(*guesser, "alice", "guess " + std::to_string(i * 1000 + n));
        } catch (const std::exception&) {
          // The server closes a connection that has not logged in after
          // 10 s; slowed down (sanitizers), a guesser outlives that and
          // dials again.
          guesser = std::make_unique<TestClient>(f.server.port());
          continue;
        }
        if (code_of(reply) == "auth_failed") {
          ++guesses;
        } else if (code_of(reply) != "rate_limited") {
          return;
        }
      }
    });
  }
  struct StopGuessers {
    std::atomic<bool>& stop;
    std::vector<std::thread>& threads;
    ~StopGuessers() {
      stop = true;
      for (auto& thread : threads) {
        thread.join();
      }
    }
  } stop_guessers{stop, guessers};

  for (int login = 0; login < 5; ++login) {
    TestClient owner(f.server.port(), "127.0.0.2");
    auto reply = hello_with(owner, "alice", "correct horse");
    CHECK_MESSAGE(is_ok(reply), reply.dump());
    REQUIRE(is_ok(owner.request({{"op", "quit"}})));
    REQUIRE(owner.wait_closed());
  }
  CHECK(guesses > 0);
}

TEST_CASE("a flood of logins from one address hashes at most two passwords at a time") {
  ServerFixture f;
  register_account(f, "alice", "correct horse");
  constexpr int kClients = 10;
  std::vector<std::unique_ptr<TestClient>> clients;
  for (int i = 0; i < kClients; ++i) {
    clients.push_back(f.connect());
  }
  for (int i = 0; i < kClients; ++i) {
    clients[static_cast<std::size_t>(i)]->send(
        {{"op", "hello"}, {"nick", "alice"}, {"password", "wrong"}, {"id", i}});
  }
  int busy = 0;
  for (auto& client : clients) {
    auto reply =
        client->wait_for([](const Json& frame) { return frame.value("op", "") == "hello"; },
                         std::chrono::seconds(30));
    REQUIRE(reply);
    if (code_of(*reply) == "rate_limited") {
      CHECK((*reply)["retry_after_ms"].get<std::int64_t>() > 0);
      ++busy;
    } else {
      CHECK(code_of(*reply) == "auth_failed");
    }
  }
  CHECK(busy >= kClients - 2 - 1);
}

TEST_CASE("admin token guesses are throttled, the right token from elsewhere still works") {
  ServerFixture f({"--admin-token", "the-real-token"});
  Json reply;
  int wrong = 0;
  for (; wrong < 20; ++wrong) {
    TestClient guesser(f.server.admin_port());
    reply = guesser.request({{"op", "hello"}, {"token", "guess" + std::to_string(wrong)}});
    if (code_of(reply) != "auth_failed") {
      break;
    }
  }
  CHECK(wrong <= 10);
  REQUIRE(code_of(reply) == "rate_limited");
  CHECK(reply["retry_after_ms"].get<std::int64_t>() > 0);
  TestClient admin(f.server.admin_port(), "127.0.0.2");
  CHECK(is_ok(admin.request({{"op", "hello"}, {"token", "the-real-token"}})));
}
