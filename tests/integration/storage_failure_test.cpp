#include <unistd.h>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include "tests/integration/server_fixture.hpp"
#include "tests/support/database_queries.hpp"

using namespace confab::test;

namespace {

std::int64_t rows_with_text(const std::string& db, const std::string& text) {
  return count_rows(db, "SELECT COUNT(*) FROM history WHERE text = ?", {text});
}

// Another process's write lock on the database, as `sqlite3` with
// BEGIN EXCLUSIVE holds it.
struct HeldLock {
  explicit HeldLock(const std::string& path) : db(path, SQLite::OPEN_READWRITE) {
    db.exec("BEGIN EXCLUSIVE");
  }
  void release() { db.exec("COMMIT"); }
  SQLite::Database db;
};

}  // namespace

TEST_CASE("a say while another process locks the database waits and is stored once") {
  ServerFixture f({"--storage-retry", "30"});
  const auto db = f.dir.file("chat.db");
  auto alice = f.login("alice");
  auto bob = f.login("bob");
  HeldLock lock(db);
  alice->send({{"op", "say"}, {"room", "main"}, {"text", "patience"}, {"id", 7}});
  REQUIRE(bob->wait_for_type("message"));
  // Not acknowledged while it cannot be written...
  CHECK_FALSE(alice->wait_for([](const Json& f) { return f.value("id", 0) == 7; },
                              std::chrono::milliseconds(700)));
  lock.release();
  // ...and acknowledged once it is.
  auto ack = alice->wait_for([](const Json& f) { return f.value("id", 0) == 7; });
  REQUIRE(ack);
  CHECK(is_ok(*ack));
  CHECK(rows_with_text(db, "patience") == 1);
  CHECK_FALSE(bob->wait_for_type("retract", std::chrono::milliseconds(200)));
  // The next message goes through at once.
  CHECK(is_ok(alice->request({{"op", "say"}, {"room", "main"}, {"text", "after"}})));
  CHECK(rows_with_text(db, "after") == 1);
}

TEST_CASE("a message that cannot be stored is retracted from members and from history") {
  ServerFixture f({"--storage-retry", "1"});
  const auto db = f.dir.file("chat.db");
  auto alice = f.login("alice");
  auto bob = f.login("bob");
  auto nc = f.connect();
  nc->send_raw("tina\n");
  REQUIRE(nc->wait_for_text("welcome tina"));
  HeldLock lock(db);
  auto reply = alice->request({{"op", "say"}, {"room", "main"}, {"text", "doomed"}},
                              std::chrono::seconds(20));
  CHECK(code_of(reply) == "internal");
  auto seen = bob->wait_for_type("message");
  REQUIRE(seen);
  auto retract = bob->wait_for_type("retract");
  REQUIRE(retract);
  CHECK((*retract)["room"] == "main");
  CHECK((*retract)["msg_id"] == (*seen)["msg_id"]);
  CHECK(nc->wait_for_text("could not be saved; disregard it"));
  // Nobody joining later sees it.
  REQUIRE(is_ok(bob->request({{"op", "leave"}, {"room", "main"}})));
  auto joined = bob->request({{"op", "join"}, {"room", "main"}});
  REQUIRE(is_ok(joined));
  for (const auto& message : joined["history"]) {
    CHECK(message["text"] != "doomed");
  }
  // An account cannot be created meanwhile: the server says why.
  auto carol = f.connect();
  CHECK(code_of(carol->request({{"op", "hello"}, {"nick", "carol"}, {"password", "pw"}},
                               std::chrono::seconds(20))) == "internal");
  lock.release();
  CHECK(rows_with_text(db, "doomed") == 0);
  CHECK(is_ok(alice->request({{"op", "say"}, {"room", "main"}, {"text", "again"}})));
  CHECK(rows_with_text(db, "again") == 1);
}

TEST_CASE("a private message that cannot be stored is retracted from its recipient") {
  ServerFixture f({"--storage-retry", "1"});
  auto alice = f.login("alice");
  auto bob = f.login("bob");
  HeldLock lock(f.dir.file("chat.db"));
  auto reply =
      alice->request({{"op", "pm"}, {"to", "bob"}, {"text", "lost"}}, std::chrono::seconds(20));
  CHECK(code_of(reply) == "internal");
  auto pm = bob->wait_for_type("pm");
  REQUIRE(pm);
  auto retract = bob->wait_for_type("retract");
  REQUIRE(retract);
  CHECK((*retract)["msg_id"] == (*pm)["msg_id"]);
  CHECK((*retract)["from"] == "alice");
}

TEST_CASE(
    "with its database file deleted the server refuses writes instead of acknowledging them") {
  ServerFixture f;
  const auto db = f.dir.file("chat.db");
  auto alice = f.login("alice");
  auto bob = f.login("bob");
  REQUIRE(is_ok(alice->request({{"op", "say"}, {"room", "main"}, {"text", "kept"}})));
  REQUIRE(::unlink(db.c_str()) == 0);
  for (int i = 0; i < 5; ++i) {
    auto reply = alice->request({{"op", "say"}, {"room", "main"}, {"text", "into the void"}});
    CHECK(code_of(reply) == "internal");
    CHECK(reply["message"].get<std::string>().find("deleted") != std::string::npos);
    CHECK(bob->wait_for_type("retract"));
  }
  CHECK(f.server.wait_for_log("was deleted while the server ran"));
  CHECK(code_of(alice->request({{"op", "create"}, {"room", "ghost"}})) == "internal");
  // Reading still works.
  CHECK(is_ok(alice->request({{"op", "history"}, {"room", "main"}})));
}
