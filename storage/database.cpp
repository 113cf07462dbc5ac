#include "storage/database.hpp"

#include "storage/migrations.hpp"

namespace confab::storage {

SQLite::Database open_database(const std::string& path) {
  SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_FULLMUTEX);
  db.exec("PRAGMA journal_mode = WAL");
  // WAL with synchronous=NORMAL survives a crash of this process (the case the
  // server must handle: SIGKILL); only an OS crash can lose the last commits.
  db.exec("PRAGMA synchronous = NORMAL");
  db.exec("PRAGMA foreign_keys = ON");
  db.setBusyTimeout(5000);
  apply_migrations(db, embedded_migrations());
  return db;
}

}  // namespace confab::storage
