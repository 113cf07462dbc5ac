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
