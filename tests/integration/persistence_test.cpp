#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include "tests/integration/server_fixture.hpp"

using namespace confab::test;

TEST_CASE("rooms, topics and history survive a restart, msg_ids continue") {
  TempDir dir;
  const auto db = dir.file("chat.db");
  std::int64_t last_id = 0;
  {
    ConfabdProcess server(db);
    TestClient alice(server.port());
    alice.hello("alice");
    REQUIRE(is_ok(alice.request({{"op", "create"}, {"room", "Dev"}, {"topic", "builds"}})));
    for (int i = 0; i < 5; ++i) {
      auto said =
          alice.request({{"op", "say"}, {"room", "Dev"}, {"text", "note " + std::to_string(i)}});
      REQUIRE(is_ok(said));
      last_id = said["msg_id"];
    }
    CHECK(server.terminate() == 0);
  }
  ConfabdProcess server(db);
  TestClient bob(server.port());
  bob.hello("bob");
  auto rooms = bob.request({{"op", "rooms"}});
  bool found = false;
  for (const auto& room : rooms["rooms"]) {
    if (room["name"] == "Dev") {
      found = true;
      CHECK(room["topic"] == "builds");
    }
  }
  CHECK(found);
  auto joined = bob.request({{"op", "join"}, {"room", "dev"}});
  REQUIRE(is_ok(joined));
  REQUIRE(joined["history"].size() == 5);
  CHECK(joined["history"][0]["text"] == "note 0");
  CHECK(joined["history"][4]["msg_id"] == last_id);
  auto said = bob.request({{"op", "say"}, {"room", "dev"}, {"text", "after restart"}});
  CHECK(said["msg_id"].get<std::int64_t>() > last_id);
}

TEST_CASE("SIGKILL right after acks loses no acknowledged message") {
  TempDir dir;
  const auto db = dir.file("chat.db");
  std::vector<std::int64_t> acknowledged;
  {
    ConfabdProcess server(db, {"--rate-limit", "0"});
    TestClient alice(server.port());
    alice.hello("alice");
    TestClient bob(server.port());
    bob.hello("bob");
    for (int i = 0; i < 300; ++i) {
      auto& sender = i % 2 == 0 ? alice : bob;
      auto reply =
          sender.request({{"op", "say"}, {"room", "main"}, {"text", "m" + std::to_string(i)}});
      REQUIRE(is_ok(reply));
      acknowledged.push_back(reply["msg_id"]);
    }
    auto pm = alice.request({{"op", "pm"}, {"to", "bob"}, {"text", "last words"}});
    REQUIRE(is_ok(pm));
    acknowledged.push_back(pm["msg_id"]);
    server.kill_hard();
  }
  SQLite::Database database(db, SQLite::OPEN_READONLY);
  SQLite::Statement query(database, "SELECT msg_id FROM history ORDER BY msg_id");
  std::vector<std::int64_t> stored;
  while (query.executeStep()) {
    stored.push_back(query.getColumn(0).getInt64());
  }
  CHECK(stored == acknowledged);
}

TEST_CASE("SIGTERM tells every client and exits 0 with everything saved") {
  TempDir dir;
  const auto db = dir.file("chat.db");
  ConfabdProcess server(db, {"--rate-limit", "0"});
  std::vector<std::unique_ptr<TestClient>> clients;
  for (int i = 0; i < 20; ++i) {
    clients.push_back(std::make_unique<TestClient>(server.port()));
    clients.back()->hello("user" + std::to_string(i));
  }
  auto nc = std::make_unique<TestClient>(server.port());
  nc->send_raw("texter\n");
  REQUIRE(nc->wait_for_text("welcome texter"));
  // Messages in flight while the signal arrives.
  for (int i = 0; i < 200; ++i) {
    clients[static_cast<std::size_t>(i) % clients.size()]->send(
        {{"op", "say"}, {"room", "main"}, {"text", "busy " + std::to_string(i)}, {"id", 1000 + i}});
  }
  const auto start = std::chrono::steady_clock::now();
  auto code = server.terminate(std::chrono::seconds(10));
  const auto took = std::chrono::steady_clock::now() - start;
  CHECK(code == 0);
  CHECK(took < std::chrono::seconds(5));
  int acked = 0;
  for (auto& client : clients) {
    CHECK(client->wait_for_type("shutdown", std::chrono::seconds(5)));
    CHECK(client->wait_closed());
    for (const auto& frame : client->queued()) {
      acked += frame.value("type", "") == "ok" && frame.value("op", "") == "say";
    }
  }
  CHECK(nc->wait_for_text("server shutting down"));
  SQLite::Database database(db, SQLite::OPEN_READONLY);
  SQLite::Statement count(database, "SELECT COUNT(*) FROM history");
  REQUIRE(count.executeStep());
  CHECK(count.getColumn(0).getInt() >= acked);
}
