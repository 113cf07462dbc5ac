#include <map>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <doctest/doctest.h>

#include "tests/unit/messages.hpp"

#include "storage/chat_store.hpp"
#include "storage/database.hpp"
#include "storage/message_search.hpp"
#include "storage/migrations.hpp"
#include "storage/search_indexer.hpp"
#include "storage/search_query.hpp"
#include "tests/support/temp_dir.hpp"

using namespace confab;

namespace {

struct SearchFixture {
  test::TempDir dir;
  SQLite::Database db{storage::open_database(dir.file("search.db"))};
  storage::ChatStore store{db};
  std::int64_t main_id = store.rooms().at(0).room_id;
  std::int64_t dev_id =
      store.insert_room("dev", "", "alice", 0, "2026-01-01T00:00:00.000Z")->room_id;
  SQLite::Database reader{storage::open_reader(dir.file("search.db"))};
  storage::MessageSearch search{reader};
  storage::SearchIndexer indexer{db};

  void say(std::int64_t id, std::int64_t room_id, const std::string& text) {
    const auto room = room_id == main_id ? "main" : "dev";
    store.insert_message(
        test::text_message(id, "2026-01-01T00:00:00.000Z", room, "alice", "", text), room_id, true);
    indexer.message_inserted(id);
  }

  std::vector<std::int64_t> find(const std::string& typed, storage::SearchScope scope,
                                 std::optional<std::int64_t> before = {}, int limit = 20) {
    indexer.index_batch(1000000);
    const auto query = storage::compile_search_query(typed);
    REQUIRE(query.error.empty());
    std::vector<std::int64_t> ids;
    for (const auto& message : search.search(query.expression, scope, before, limit).messages) {
      ids.push_back(message.msg_id);
    }
    return ids;
  }

  storage::SearchScope rooms(std::vector<std::int64_t> ids) {
    return storage::SearchScope{std::move(ids), 0, "alice", {}};
  }
};

using Ids = std::vector<std::int64_t>;

}  // namespace

TEST_CASE_FIXTURE(SearchFixture, "words match as prefixes, in any case, with ё and е equal") {
  say(1, main_id, "В тумане ёжик");
  say(2, main_id, "ТУМАННОЕ утро");
  say(3, main_id, "ежевика");
  say(4, main_id, "Café crème");
  CHECK(find("туман", rooms({main_id})) == Ids{2, 1});
  CHECK(find("ЁЖ", rooms({main_id})) == Ids{3, 1});
  CHECK(find("ежик", rooms({main_id})) == Ids{1});
  CHECK(find("cafe CREME", rooms({main_id})) == Ids{4});
  CHECK(find("туман утро", rooms({main_id})) == Ids{2});
}

TEST_CASE_FIXTURE(SearchFixture, "phrases match words in order, and excluded words drop results") {
  say(1, main_id, "deploy on friday evening");
  say(2, main_id, "friday: no deploy");
  CHECK(find(R"("deploy on friday")", rooms({main_id})) == Ids{1});
  CHECK(find("deploy friday", rooms({main_id})) == Ids{2, 1});
  CHECK(find("deploy -evening", rooms({main_id})) == Ids{2});
}

TEST_CASE_FIXTURE(SearchFixture, "a search sees only the rooms and conversations in its scope") {
  say(1, main_id, "secret plan in main");
  say(2, dev_id, "secret plan in dev");
  std::map<std::string, std::int64_t> account;
  for (const auto* nick : {"alice", "bob", "carol", "dave"}) {
    account[nick] = *store.insert_account(nick, "hash", "2026-01-01T00:00:00.000Z");
  }
  store.insert_message(test::private_message(3, "alice", account["alice"], "bob", account["bob"],
                                             "secret plan for bob"),
                       0, true);
  store.insert_message(test::private_message(4, "carol", account["carol"], "dave", account["dave"],
                                             "secret plan of others"),
                       0, true);
  CHECK(find("secret", rooms({main_id})) == Ids{1});
  CHECK(find("secret", rooms({dev_id, main_id})) == Ids{2, 1});
  CHECK(find("secret", rooms({})).empty());
  // Alice's account adds her own conversations, never anyone else's.
  CHECK(find("secret", storage::SearchScope{{main_id}, account["alice"], "alice", {}}) ==
        Ids{3, 1});
  // One conversation only.
  CHECK(find("secret", storage::SearchScope{{}, account["alice"], "alice", "bob"}) == Ids{3});
  CHECK(find("secret", storage::SearchScope{{}, account["alice"], "alice", "carol"}).empty());
  // Bob reads the same conversation from his side.
  CHECK(find("secret", storage::SearchScope{{}, account["bob"], "bob", "alice"}) == Ids{3});
}

TEST_CASE_FIXTURE(SearchFixture, "results come newest first, a page at a time") {
  for (std::int64_t id = 1; id <= 7; ++id) {
    say(id, main_id, "ping number " + std::to_string(id));
  }
  indexer.index_batch(1000000);
  const auto query = storage::compile_search_query("ping").expression;
  auto page = search.search(query, rooms({main_id}), {}, 3);
  CHECK(page.more);
  REQUIRE(page.messages.size() == 3);
  CHECK(page.messages.front().msg_id == 7);
  CHECK(page.messages.front().room == "main");
  CHECK(page.messages.front().text == "ping number 7");
  CHECK(find("ping", rooms({main_id}), 5, 3) == Ids{4, 3, 2});
  auto last = search.search(query, rooms({main_id}), 2, 3);
  CHECK_FALSE(last.more);
  CHECK(last.messages.size() == 1);
}

TEST_CASE_FIXTURE(SearchFixture, "deleted messages leave the index") {
  say(1, dev_id, "temporary words");
  say(2, main_id, "temporary too");
  say(3, dev_id, "temporary and never indexed");
  indexer.index_batch(2);
  store.delete_room(dev_id);
  CHECK(find("temporary", rooms({dev_id, main_id})) == Ids{2});
  SQLite::Statement check(db,
                          "INSERT INTO message_search (message_search) VALUES ('integrity-check')");
  CHECK_NOTHROW(check.exec());
}

TEST_CASE("older history is indexed newest first, after what was said since the upgrade") {
  test::TempDir dir;
  const auto path = dir.file("old.db");
  {
    SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    storage::register_sql_functions(db);
    auto before_search = storage::embedded_migrations();
    before_search.resize(6);
    REQUIRE(before_search.back().version == 6);
    storage::apply_migrations(db, before_search);
    storage::ChatStore store(db);
    for (std::int64_t id = 1; id <= 10; ++id) {
      store.insert_message(
          test::text_message(id, "2026-01-01T00:00:00.000Z", "main", "alice", "", "old note"), 1,
          true);
    }
  }
  auto db = storage::open_database(path);
  storage::ChatStore store(db);
  storage::SearchIndexer indexer(db);
  SQLite::Database reader(storage::open_reader(path));
  storage::MessageSearch search(reader);
  const auto expression = storage::compile_search_query("old").expression;
  const storage::SearchScope scope{{1}, 0, "alice", {}};
  CHECK(indexer.unindexed() == 10);
  CHECK(search.search(expression, scope, {}, 20).messages.empty());
  store.insert_message(
      test::text_message(11, "2026-01-01T00:00:00.000Z", "main", "alice", "", "old news"), 1, true);
  CHECK(indexer.unindexed() == 11);
  // Deleting a message that was never indexed is safe.
  db.exec("DELETE FROM messages WHERE msg_id = 5");
  CHECK(indexer.unindexed() == 10);
  CHECK(indexer.index_batch(4).total() == 4);
  auto found = search.search(expression, scope, {}, 20).messages;
  REQUIRE(found.size() == 4);
  CHECK(found.front().msg_id == 11);
  CHECK(found.back().msg_id == 8);
  CHECK(indexer.unindexed() == 6);
  CHECK(indexer.index_batch(4).total() == 4);
  CHECK(indexer.index_batch(4).total() == 2);
  CHECK(indexer.unindexed() == 0);
  CHECK(indexer.index_batch(4).total() == 0);
  CHECK(search.search(expression, scope, {}, 20).messages.size() == 10);
  SQLite::Statement check(db,
                          "INSERT INTO message_search (message_search) VALUES ('integrity-check')");
  CHECK_NOTHROW(check.exec());
}

TEST_CASE_FIXTURE(SearchFixture, "new messages are indexed oldest first, up to a watermark") {
  say(1, main_id, "first words");
  say(3, main_id, "third words");
  CHECK(indexer.unindexed() == 2);
  CHECK(indexer.index_batch(1).recent == 1);
  CHECK(find("third", rooms({main_id})) == Ids{3});
  // Its id was taken before the batch above and it commits after: the
  // watermark passed it, so it waits in the queue instead.
  say(2, main_id, "second words, late");
  CHECK(indexer.unindexed() == 1);
  say(4, main_id, "fourth words");
  const auto batch = indexer.index_batch(10);
  CHECK(batch.recent == 1);
  CHECK(batch.older == 1);
  CHECK(find("words", rooms({main_id})) == Ids{4, 3, 2, 1});
  // Deleting what is indexed and what is not yet both leave the index whole.
  say(5, main_id, "fifth words");
  say(0, main_id, "words before everything");
  db.exec("DELETE FROM messages WHERE msg_id IN (0, 2, 5)");
  CHECK(indexer.unindexed() == 0);
  CHECK(find("words", rooms({main_id})) == Ids{4, 3, 1});
  SQLite::Statement check(db,
                          "INSERT INTO message_search (message_search) VALUES ('integrity-check')");
  CHECK_NOTHROW(check.exec());
}

TEST_CASE("a search past its time budget stops with SearchTooSlow") {
  test::TempDir dir;
  auto db = storage::open_database(dir.file("slow.db"));
  storage::ChatStore store(db);
  const auto quiet =
      store.insert_room("quiet", "", "alice", 0, "2026-01-01T00:00:00.000Z")->room_id;
  db.exec("BEGIN");
  for (std::int64_t id = 1; id <= 20000; ++id) {
    store.insert_message(test::text_message(id, "2026-01-01T00:00:00.000Z", "main", "alice", "",
                                            "word" + std::to_string(id)),
                         quiet, true);  // a room nobody searches: every match is skipped
  }
  db.exec("COMMIT");
  storage::SearchIndexer(db).index_batch(1000000);
  SQLite::Database reader(storage::open_reader(dir.file("slow.db")));
  storage::MessageSearch search(reader, std::chrono::milliseconds(0));
  const auto expression = storage::compile_search_query("word").expression;
  CHECK_THROWS_AS(search.search(expression, {{1}, 0, "alice", {}}, {}, 20), storage::SearchTooSlow);
}
