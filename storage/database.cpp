#include "storage/database.hpp"

#include <sqlite3.h>

#include "net/names.hpp"
#include "storage/migrations.hpp"

namespace confab::storage {
namespace {

void skeleton_function(sqlite3_context* context, int, sqlite3_value** arguments) {
  const auto* text = sqlite3_value_text(arguments[0]);
  if (text == nullptr) {
    sqlite3_result_null(context);
    return;
  }
  const auto skeleton = net::nick_skeleton(reinterpret_cast<const char*>(text));
  sqlite3_result_text(context, skeleton.data(), static_cast<int>(skeleton.size()),
                      SQLITE_TRANSIENT);
}

}  // namespace

void register_sql_functions(SQLite::Database& db) {
  db.createFunction("confab_skeleton", 1, true, nullptr, skeleton_function);
}

SQLite::Database open_database(const std::string& path) {
  SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_FULLMUTEX);
  db.exec("PRAGMA journal_mode = WAL");
  // WAL with synchronous=NORMAL survives a crash of this process (the case the
  // server must handle: SIGKILL); only an OS crash can lose the last commits.
  db.exec("PRAGMA synchronous = NORMAL");
  db.exec("PRAGMA foreign_keys = ON");
  db.setBusyTimeout(5000);
  register_sql_functions(db);
  apply_migrations(db, embedded_migrations());
  return db;
}

SQLite::Database open_reader(const std::string& path) {
  SQLite::Database db(path, SQLite::OPEN_READONLY | SQLite::OPEN_FULLMUTEX);
  db.setBusyTimeout(5000);
  return db;
}

}  // namespace confab::storage
