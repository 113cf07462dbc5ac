#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <doctest/doctest.h>

#include "storage/database.hpp"
#include "storage/migrations.hpp"
#include "tests/support/temp_dir.hpp"

using namespace confab;

TEST_CASE("migrations create the schema once and are recorded") {
  test::TempDir dir;
  const auto path = dir.file("chat.db");
  {
    auto db = storage::open_database(path);
    CHECK(storage::schema_version(db) == storage::embedded_migrations().back().version);
    SQLite::Statement count(db, "SELECT COUNT(*) FROM schema_migrations");
    REQUIRE(count.executeStep());
    CHECK(count.getColumn(0).getInt() == static_cast<int>(storage::embedded_migrations().size()));
  }
  // Opening again applies nothing and keeps the data.
  auto db = storage::open_database(path);
  CHECK(storage::apply_migrations(db, storage::embedded_migrations()) == 0);
  SQLite::Statement main_room(db, "SELECT COUNT(*) FROM rooms WHERE name = 'main'");
  REQUIRE(main_room.executeStep());
  CHECK(main_room.getColumn(0).getInt() == 1);
}

TEST_CASE("migrations apply in order, each only once") {
  test::TempDir dir;
  SQLite::Database db(dir.file("m.db"), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  std::vector<storage::Migration> migrations{
      {1, "first", "CREATE TABLE t (x INTEGER);"},
      {2, "second", "INSERT INTO t VALUES (2);"},
  };
  CHECK(storage::apply_migrations(db, migrations) == 2);
  migrations.push_back({3, "third", "INSERT INTO t VALUES (3);"});
  CHECK(storage::apply_migrations(db, migrations) == 1);
  CHECK(storage::apply_migrations(db, migrations) == 0);
  SQLite::Statement sum(db, "SELECT SUM(x) FROM t");
  REQUIRE(sum.executeStep());
  CHECK(sum.getColumn(0).getInt() == 5);
}

TEST_CASE("a failing migration leaves no trace") {
  test::TempDir dir;
  SQLite::Database db(dir.file("f.db"), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  std::vector<storage::Migration> migrations{
      {1, "good", "CREATE TABLE t (x INTEGER);"},
      {2, "bad", "INSERT INTO t VALUES (1); INSERT INTO missing VALUES (1);"},
  };
  CHECK_THROWS(storage::apply_migrations(db, migrations));
  CHECK(storage::schema_version(db) == 1);
  SQLite::Statement rows(db, "SELECT COUNT(*) FROM t");
  REQUIRE(rows.executeStep());
  CHECK(rows.getColumn(0).getInt() == 0);
}

TEST_CASE("a database from a newer server is refused with a clear message") {
  test::TempDir dir;
  const auto path = dir.file("new.db");
  {
    auto db = storage::open_database(path);
    db.exec("INSERT INTO schema_migrations VALUES (9999, 'future', 'x')");
  }
  try {
    storage::open_database(path);
    FAIL("expected SchemaTooNew");
  } catch (const storage::SchemaTooNew& e) {
    CHECK(std::string(e.what()).find("9999") != std::string::npos);
    CHECK(std::string(e.what()).find("newer") != std::string::npos);
  }
}

TEST_CASE("private messages written before accounts had numbers keep their parties") {
  test::TempDir dir;
  SQLite::Database db(dir.file("old.db"), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  storage::register_sql_functions(db);
  const auto all = storage::embedded_migrations();
  std::vector<storage::Migration> before_identities;
  for (const auto& migration : all) {
    if (migration.name.find("identities") == std::string::npos) {
      before_identities.push_back(migration);
    } else {
      break;
    }
  }
  storage::apply_migrations(db, before_identities);
  // alice registered at 10:00; bob talked to her as a guest at 09:00 and
  // registered at 11:00.
  db.exec(
      "INSERT INTO accounts VALUES ('alice', 'alice', 'h', '2026-01-01T10:00:00.000Z'),"
      " ('bob', 'bob', 'h', '2026-01-01T11:00:00.000Z');"
      "INSERT INTO messages (msg_id, ts, sender, recipient, pair_key, kind, text, recipient_key)"
      " VALUES (1, '2026-01-01T09:00:00.000Z', 'bob', 'alice', 'alice' || char(10) || 'bob', "
      "'text', 'a', 'alice'),"
      " (2, '2026-01-01T10:30:00.000Z', 'alice', 'bob', 'alice' || char(10) || 'bob', 'text', 'b', "
      "'bob'),"
      " (3, '2026-01-01T12:00:00.000Z', 'alice', 'bob', 'alice' || char(10) || 'bob', 'text', 'c', "
      "'bob');");
  storage::apply_migrations(db, all);
  SQLite::Statement parties(db,
                            "SELECT m.msg_id, COALESCE(s.nick, 'guest'), COALESCE(r.nick, 'guest') "
                            "FROM messages AS m "
                            "LEFT JOIN accounts AS s ON s.account_id = m.sender_account "
                            "LEFT JOIN accounts AS r ON r.account_id = m.recipient_account "
                            "ORDER BY m.msg_id");
  std::vector<std::string> rows;
  while (parties.executeStep()) {
    rows.push_back(parties.getColumn(1).getString() + ">" + parties.getColumn(2).getString());
  }
  CHECK(rows == std::vector<std::string>{"guest>guest", "alice>guest", "alice>bob"});
}

TEST_CASE("rooms created before operators belong to their creator's account if it existed") {
  test::TempDir dir;
  SQLite::Database db(dir.file("old.db"), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  storage::register_sql_functions(db);
  const auto all = storage::embedded_migrations();
  std::vector<storage::Migration> before_operators;
  for (const auto& migration : all) {
    if (migration.name.find("room_operators") != std::string::npos) {
      break;
    }
    before_operators.push_back(migration);
  }
  REQUIRE(before_operators.size() < all.size());
  storage::apply_migrations(db, before_operators);
  // alice registered before she created dev; bob created ops as a guest and
  // registered later; gus never registered.
  db.exec(
      "INSERT INTO accounts (nick_key, nick, password_hash, created_at, skeleton) VALUES"
      " ('alice', 'Alice', 'h', '2026-01-01T10:00:00.000Z', 'alice'),"
      " ('bob', 'bob', 'h', '2026-01-01T12:00:00.000Z', 'bob');"
      "INSERT INTO rooms (name, name_key, created_by, created_at) VALUES"
      " ('dev', 'dev', 'Alice', '2026-01-01T11:00:00.000Z'),"
      " ('ops', 'ops', 'bob', '2026-01-01T11:00:00.000Z'),"
      " ('gus', 'gus', 'gus', '2026-01-01T11:00:00.000Z');");
  storage::apply_migrations(db, all);
  SQLite::Statement owners(db,
                           "SELECT r.name, COALESCE(a.nick, 'none') FROM rooms AS r "
                           "LEFT JOIN accounts AS a ON a.account_id = r.creator_account "
                           "ORDER BY r.name");
  std::vector<std::string> rows;
  while (owners.executeStep()) {
    rows.push_back(owners.getColumn(0).getString() + ":" + owners.getColumn(1).getString());
  }
  CHECK(rows == std::vector<std::string>{"dev:Alice", "gus:none", "main:none", "ops:none"});
}
