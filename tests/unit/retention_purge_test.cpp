#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <doctest/doctest.h>

#include "tests/unit/messages.hpp"

#include "net/timestamp.hpp"
#include "storage/chat_store.hpp"
#include "storage/database.hpp"
#include "storage/file_store.hpp"
#include "storage/retention_purge.hpp"
#include "storage/search_indexer.hpp"
#include "tests/support/temp_dir.hpp"

using namespace confab;

namespace {

using Clock = std::chrono::system_clock;

struct RetentionFixture {
  test::TempDir dir;
  SQLite::Database db{storage::open_database(dir.file("retention.db"))};
  storage::ChatStore store{db};
  storage::FileStore files{db};
  storage::RetentionPurge purge{db};
  Clock::time_point now = Clock::now();
  std::int64_t main_id = store.rooms().at(0).room_id;
  std::int64_t dev_id = store.insert_room("dev", "", "alice", 0, net::now_timestamp())->room_id;
  std::int64_t next_id = 1;

  std::string days_ago(int days) {
    return net::format_timestamp(now - std::chrono::hours(24) * days);
  }

  std::int64_t say(int days, std::int64_t room_id, const std::string& text,
                   std::int64_t file_id = 0) {
    auto message = test::text_message(next_id++, days_ago(days),
                                      room_id == main_id ? "main" : "dev", "alice", "", text);
    message.file_id = file_id;
    store.insert_message(message, room_id, true);
    return message.msg_id;
  }

  std::int64_t file(std::int64_t room_id, const std::string& name) {
    storage::FileRecord record;
    record.name = name;
    record.size = 3;
    record.sha256 = "x";
    record.uploader = "alice";
    record.room_id = room_id;
    record.created_at = net::now_timestamp();
    const auto id = files.begin_upload(record);
    files.store_chunk(id, 0, "abc");
    files.mark_complete(id, 0);
    return id;
  }

  std::int64_t count(const std::string& sql) {
    SQLite::Statement query(db, sql);
    query.executeStep();
    return query.getColumn(0).getInt64();
  }

  storage::PurgeResult purge_all(int default_days, std::int64_t rows = 1000) {
    storage::PurgeResult total;
    storage::PurgeResult batch;
    do {
      batch = purge.purge_batch(default_days, now, rows);
      total.messages += batch.messages;
      total.files += batch.files;
    } while (batch.more);
    return total;
  }
};

}  // namespace

TEST_CASE_FIXTURE(RetentionFixture, "messages past their retention go and a room may keep less") {
  say(40, main_id, "main, 40 days old");
  say(40, dev_id, "dev, 40 days old");
  say(10, main_id, "main, 10 days old");
  say(10, dev_id, "dev, 10 days old");
  store.insert_message(test::private_message(next_id++, "alice", 0, "bob", 0, "old private"), 0,
                       true);  // stamped 2026-01-01: long past 30 days
  say(0, main_id, "main, today");
  say(0, dev_id, "dev, today");
  REQUIRE(store.set_retention("DEV", 2) == std::optional<std::string>("dev"));
  CHECK_FALSE(store.set_retention("nowhere", 2));

  const auto purged = purge_all(30);
  CHECK(purged.messages == 4);
  CHECK(count("SELECT COUNT(*) FROM messages WHERE text LIKE '%40 days%'") == 0);
  CHECK(count("SELECT COUNT(*) FROM messages WHERE text = 'main, 10 days old'") == 1);
  CHECK(count("SELECT COUNT(*) FROM messages WHERE text = 'dev, 10 days old'") == 0);
  CHECK(count("SELECT COUNT(*) FROM messages WHERE room_id IS NULL") == 0);
  CHECK(count("SELECT COUNT(*) FROM messages") == 3);
  CHECK(store.oldest_message_ts() == days_ago(10));
}

TEST_CASE_FIXTURE(RetentionFixture, "nothing goes while neither the server nor a room keeps less") {
  say(4000, main_id, "ancient");
  CHECK(purge_all(0).messages == 0);
  CHECK(count("SELECT COUNT(*) FROM messages") == 1);
  REQUIRE(store.set_retention("main", 3650));
  CHECK(purge_all(0).messages == 1);
}

TEST_CASE_FIXTURE(RetentionFixture, "a file goes with the last message that shares it") {
  const auto alone = file(main_id, "alone.txt");
  const auto shared = file(main_id, "shared.txt");
  say(40, main_id, "alone.txt", alone);
  say(40, main_id, "shared.txt", shared);
  say(1, main_id, "shared.txt", shared);  // shared again later
  const auto purged = purge_all(30);
  CHECK(purged.messages == 2);
  CHECK(purged.files == 1);
  CHECK_FALSE(files.find(alone));
  CHECK(count("SELECT COUNT(*) FROM file_chunks WHERE file_id = " + std::to_string(alone)) == 0);
  REQUIRE(files.find(shared));
  CHECK(files.chunk(shared, 0) == std::optional<std::string>("abc"));
}

TEST_CASE_FIXTURE(RetentionFixture, "purging goes in batches and leaves the search index whole") {
  for (int i = 0; i < 25; ++i) {
    say(40, main_id, "expired words " + std::to_string(i));
  }
  say(0, main_id, "fresh words");
  storage::SearchIndexer indexer(db);
  // The ten oldest are indexed, the rest not yet.
  REQUIRE(indexer.index_batch(10).recent == 10);
  auto first = purge.purge_batch(30, now, 10);
  CHECK(first.messages == 10);
  CHECK(first.more);
  CHECK(purge_all(30, 10).messages == 15);
  CHECK(count("SELECT COUNT(*) FROM messages") == 1);
  CHECK(count("SELECT COUNT(*) FROM message_search WHERE message_search MATCH 'expired'") == 0);
  CHECK(indexer.unindexed() == 1);
  SQLite::Statement check(db,
                          "INSERT INTO message_search (message_search) VALUES ('integrity-check')");
  CHECK_NOTHROW(check.exec());
}

TEST_CASE("new databases give space back incrementally, older ones are converted once") {
  test::TempDir dir;
  auto db = storage::open_database(dir.file("new.db"));
  SQLite::Statement mode(db, "PRAGMA auto_vacuum");
  REQUIRE(mode.executeStep());
  CHECK(mode.getColumn(0).getInt() == 2);
  CHECK_FALSE(storage::ensure_incremental_vacuum(db));
  SQLite::Database old(dir.file("old.db"), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  old.exec("CREATE TABLE t (x)");
  CHECK(storage::ensure_incremental_vacuum(old));
  SQLite::Statement converted(old, "PRAGMA auto_vacuum");
  REQUIRE(converted.executeStep());
  CHECK(converted.getColumn(0).getInt() == 2);
}
