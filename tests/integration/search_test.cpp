// search: what a user finds, and what they never find, through the real
// confabd; and an older database's history becoming searchable after an
// upgrade.
#include <SQLiteCpp/Database.h>

#include "storage/chat_store.hpp"
#include "storage/database.hpp"
#include "storage/migrations.hpp"
#include "tests/integration/server_fixture.hpp"
#include "tests/support/database_queries.hpp"
#include "tests/support/file_transfer_client.hpp"

using namespace confab::test;

namespace {

Json search(TestClient& client, Json fields) {
  fields["op"] = "search";
  return client.request(std::move(fields));
}

std::vector<std::string> texts(const Json& reply) {
  std::vector<std::string> out;
  for (const auto& message : reply["messages"]) {
    out.push_back(message.value("text", message.value("name", "")));
  }
  return out;
}

using Texts = std::vector<std::string>;

void say(TestClient& client, const std::string& room, const std::string& text) {
  REQUIRE(is_ok(client.request({{"op", "say"}, {"room", room}, {"text", text}})));
}

// A message as an older server wrote it: alice in main, "<prefix><id>".
confab::net::MessageRecord alice_in_main(std::int64_t id, const std::string& prefix) {
  confab::net::MessageRecord message;
  message.msg_id = id;
  message.ts = "2026-01-01T00:00:00.000Z";
  message.room = "main";
  message.from = "alice";
  message.text = prefix + std::to_string(id);
  return message;
}

}  // namespace

TEST_CASE_FIXTURE(ServerFixture,
                  "search finds words by prefix, in any case, with yo and ye equal") {
  auto alice = login("alice");
  say(*alice, "main", "Ёжик в тумане");
  say(*alice, "main", "ТУМАННОЕ УТРО над рекой");
  say(*alice, "main", "deploy on Friday evening");
  say(*alice, "main", "friday: no deploy");
  auto bob = login("bob");

  auto found = search(*bob, {{"query", "туман"}});
  REQUIRE(is_ok(found));
  CHECK(texts(found) == Texts{"ТУМАННОЕ УТРО над рекой", "Ёжик в тумане"});
  CHECK(found["more"] == false);
  const auto& newest = found["messages"][0];
  CHECK(newest["type"] == "message");
  CHECK(newest["room"] == "main");
  CHECK(newest["from"] == "alice");
  CHECK(newest["msg_id"].is_number_integer());
  CHECK(newest["ts"].is_string());

  CHECK(texts(search(*bob, {{"query", "ежик"}})) == Texts{"Ёжик в тумане"});
  CHECK(texts(search(*bob, {{"query", "ЁЖИК"}})) == Texts{"Ёжик в тумане"});
  CHECK(texts(search(*bob, {{"query", "утро туман"}})) == Texts{"ТУМАННОЕ УТРО над рекой"});
  CHECK(texts(search(*bob, {{"query", "\"deploy on friday\""}})) ==
        Texts{"deploy on Friday evening"});
  CHECK(texts(search(*bob, {{"query", "deploy -evening"}})) == Texts{"friday: no deploy"});
  CHECK(texts(search(*bob, {{"query", "deploy"}, {"room", "main"}})).size() == 2);
  CHECK(search(*bob, {{"query", "nothing-here"}})["messages"].empty());
}

TEST_CASE_FIXTURE(ServerFixture, "search pages newest first with before, limit and more") {
  auto alice = login("alice");
  std::vector<std::int64_t> ids;
  for (int i = 1; i <= 25; ++i) {
    auto said =
        alice->request({{"op", "say"}, {"room", "main"}, {"text", "tick " + std::to_string(i)}});
    REQUIRE(is_ok(said));
    ids.push_back(said["msg_id"]);
  }
  auto first = search(*alice, {{"query", "tick"}});
  REQUIRE(first["messages"].size() == 20);  // the default page
  CHECK(first["more"] == true);
  CHECK(first["messages"][0]["text"] == "tick 25");
  auto rest = search(*alice, {{"query", "tick"}, {"before", first["messages"][19]["msg_id"]}});
  CHECK(texts(rest) == Texts{"tick 5", "tick 4", "tick 3", "tick 2", "tick 1"});
  CHECK(rest["more"] == false);
  auto small = search(*alice, {{"query", "tick"}, {"limit", 2}, {"before", ids[10]}});
  CHECK(texts(small) == Texts{"tick 10", "tick 9"});
  CHECK(small["more"] == true);
  CHECK(search(*alice, {{"query", "tick"}, {"limit", 1000}})["messages"].size() == 25);
  CHECK(code_of(search(*alice, {{"query", "tick"}, {"limit", 0}})) == "bad_request");
}

TEST_CASE_FIXTURE(ServerFixture,
                  "search never shows rooms the user is not in or others' private messages") {
  auto alice = login("alice");
  REQUIRE(is_ok(alice->request({{"op", "create"}, {"room", "vault"}})));
  say(*alice, "vault", "launch code is 1234");
  say(*alice, "main", "launch party tonight");

  auto bob = connect();
  REQUIRE(is_ok(bob->request({{"op", "hello"}, {"nick", "bob"}, {"password", "bob pw"}})));
  auto carol = connect();
  REQUIRE(is_ok(carol->request({{"op", "hello"}, {"nick", "carol"}, {"password", "carol pw"}})));
  auto dave = connect();
  REQUIRE(is_ok(dave->request({{"op", "hello"}, {"nick", "dave"}, {"password", "dave pw"}})));
  REQUIRE(is_ok(bob->request({{"op", "pm"}, {"to", "carol"}, {"text", "launch window moved"}})));
  REQUIRE(is_ok(dave->request({{"op", "pm"}, {"to", "carol"}, {"text", "launch snacks"}})));

  // Bob: main and his own conversation; not the vault, not dave's words.
  CHECK(texts(search(*bob, {{"query", "launch"}})) ==
        Texts{"launch window moved", "launch party tonight"});
  CHECK(code_of(search(*bob, {{"query", "launch"}, {"room", "vault"}})) == "not_member");
  CHECK(search(*bob, {{"query", "launch"}, {"with", "dave"}})["messages"].empty());
  auto with_carol = search(*bob, {{"query", "launch"}, {"with", "carol"}});
  REQUIRE(with_carol["messages"].size() == 1);
  CHECK(with_carol["messages"][0]["type"] == "pm");
  CHECK(with_carol["messages"][0]["from"] == "bob");
  CHECK(with_carol["messages"][0]["to"] == "carol");
  // Carol was in both conversations.
  CHECK(texts(search(*carol, {{"query", "launch"}, {"with", "dave"}})) == Texts{"launch snacks"});
  CHECK(texts(search(*carol, {{"query", "launch"}})) ==
        Texts{"launch snacks", "launch window moved", "launch party tonight"});
  // The room search never includes private messages.
  CHECK(texts(search(*carol, {{"query", "launch"}, {"room", "main"}})) ==
        Texts{"launch party tonight"});
  // Alice, a guest, has rooms only; private search needs an account.
  CHECK(texts(search(*alice, {{"query", "launch"}})) ==
        Texts{"launch party tonight", "launch code is 1234"});
  CHECK(code_of(search(*alice, {{"query", "launch"}, {"with", "bob"}})) == "auth_required");
  // A member who leaves no longer finds the room.
  REQUIRE(is_ok(alice->request({{"op", "leave"}, {"room", "vault"}})));
  CHECK(texts(search(*alice, {{"query", "launch"}})) == Texts{"launch party tonight"});
}

TEST_CASE_FIXTURE(ServerFixture,
                  "a query that cannot be read is bad_query and the connection goes on") {
  auto alice = login("alice");
  auto unclosed = search(*alice, {{"query", "\"half a phrase"}});
  CHECK(code_of(unclosed) == "bad_query");
  CHECK(unclosed["message"] == "a quote is not closed");
  auto empty = search(*alice, {{"query", "  !!! "}});
  CHECK(code_of(empty) == "bad_query");
  CHECK(empty["message"].get<std::string>().find("SQL") == std::string::npos);
  CHECK(code_of(search(*alice, {{"query", "NEAR(\"x"}})) == "bad_query");
  CHECK(code_of(search(*alice, {{"query", 5}})) == "bad_request");
  CHECK(code_of(search(*alice, {{"query", "x"}, {"room", "main"}, {"with", "bob"}})) ==
        "bad_request");
  // FTS5 operators typed by the user are words, not syntax.
  say(*alice, "main", "cats OR dogs");
  CHECK(texts(search(*alice, {{"query", "OR dogs"}})) == Texts{"cats OR dogs"});
  CHECK(is_ok(alice->request({{"op", "ping"}})));
}

TEST_CASE_FIXTURE(ServerFixture, "search finds shared files by name") {
  auto alice = login("alice");
  REQUIRE(
      is_ok(upload(*alice, {{"room", "main"}}, "quarterly-report.pdf", std::string(1000, 'x'))));
  auto bob = login("bob");
  auto found = search(*bob, {{"query", "quarterly"}});
  REQUIRE(found["messages"].size() == 1);
  CHECK(found["messages"][0]["type"] == "file");
  CHECK(found["messages"][0]["name"] == "quarterly-report.pdf");
  CHECK(found["messages"][0]["size"] == 1000);
}

TEST_CASE("history from before search existed becomes searchable after the upgrade") {
  TempDir dir;
  const auto path = dir.file("chat.db");
  constexpr int kOldMessages = 3000;
  {
    SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    confab::storage::register_sql_functions(db);
    auto before_search = confab::storage::embedded_migrations();
    before_search.resize(6);
    confab::storage::apply_migrations(db, before_search);
    confab::storage::ChatStore store(db);
    db.exec("BEGIN");
    for (int id = 1; id <= kOldMessages; ++id) {
      store.insert_message(alice_in_main(id, "archived note "), 1, true);
    }
    db.exec("COMMIT");
  }
  ConfabdProcess server(path);
  CHECK(server.wait_for_log("search: indexing 3000 messages"));
  TestClient bob(server.port());
  bob.hello("bob");
  // New words are found at once, whatever the backlog.
  say(bob, "main", "archived yesterday");
  CHECK(texts(search(bob, {{"query", "archived"}, {"limit", 1}})) == Texts{"archived yesterday"});
  REQUIRE(server.wait_for_log("search: all 3000 older messages are indexed"));
  CHECK(texts(search(bob, {{"query", "\"archived note 1\""}})) == Texts{"archived note 1"});
  // 3000 in all, plus the new one.
  std::int64_t found = 0;
  Json page = search(bob, {{"query", "archived"}, {"limit", 100}});
  while (true) {
    found += static_cast<std::int64_t>(page["messages"].size());
    if (!page["more"].get<bool>()) {
      break;
    }
    page = search(
        bob,
        {{"query", "archived"}, {"limit", 100}, {"before", page["messages"].back()["msg_id"]}});
  }
  CHECK(found == kOldMessages + 1);
}

TEST_CASE("messages written but not yet indexed when the server died are searchable after it") {
  TempDir dir;
  const auto path = dir.file("chat.db");
  {
    // As a crash between a commit and the indexing after it leaves them:
    // written, above the index's watermark.
    auto db = confab::storage::open_database(path);
    confab::storage::ChatStore store(db);
    for (int id = 1; id <= 3; ++id) {
      store.insert_message(alice_in_main(id, "unindexed note "), 1, true);
    }
  }
  ConfabdProcess server(path);
  TestClient bob(server.port());
  bob.hello("bob");
  CHECK(texts(search(bob, {{"query", "unindexed"}})) ==
        Texts{"unindexed note 3", "unindexed note 2", "unindexed note 1"});
}

TEST_CASE("everything acknowledged before a SIGKILL is searchable after the restart") {
  TempDir dir;
  const auto path = dir.file("chat.db");
  constexpr int kMessages = 40;  // the default burst
  {
    ConfabdProcess server(path);
    TestClient alice(server.port());
    alice.hello("alice");
    // Sent without waiting, so that the last are acknowledged well before
    // the index catches up with them.
    for (int i = 1; i <= kMessages; ++i) {
      alice.send({{"op", "say"},
                  {"room", "main"},
                  {"text", "crashed note " + std::to_string(i)},
                  {"id", "say" + std::to_string(i)}});
    }
    for (int i = 1; i <= kMessages; ++i) {
      const auto id = "say" + std::to_string(i);
      const auto reply =
          alice.wait_for([&](const Json& frame) { return frame.value("id", "") == id; });
      REQUIRE(reply);
      REQUIRE(is_ok(*reply));
    }
    server.kill_hard();
  }
  ConfabdProcess server(path);
  TestClient bob(server.port());
  bob.hello("bob");
  const auto found = search(bob, {{"query", "crashed"}, {"limit", 100}});
  CHECK(found["messages"].size() == kMessages);
  CHECK(texts(found).front() == "crashed note 40");
  CHECK(count_rows(
            path, "SELECT COUNT(*) FROM pragma_integrity_check WHERE integrity_check = 'ok'") == 1);
  SQLite::Database db(path, SQLite::OPEN_READWRITE);
  db.setBusyTimeout(5000);
  CHECK_NOTHROW(db.exec("INSERT INTO message_search (message_search) VALUES ('integrity-check')"));
}
