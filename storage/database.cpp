#include "storage/database.hpp"

#include <sqlite3.h>

#include <mutex>

#include <SQLiteCpp/Statement.h>

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

int pragma_value(SQLite::Database& db, const char* pragma) {
  SQLite::Statement query(db, std::string("PRAGMA ") + pragma);
  query.executeStep();
  return query.getColumn(0).getInt();
}

void prepare_new_file(SQLite::Database& db) {
  // Only an empty file takes auto_vacuum without a rewrite.
  if (pragma_value(db, "page_count") == 0) {
    db.exec("PRAGMA auto_vacuum = INCREMENTAL");
  }
}

// Process-wide settings, which SQLite takes only before its first
// connection. Without memory statistics an allocation or free inside SQLite
// no longer takes a global mutex: pthread_mutex_lock/unlock were ~10 % of
// the storage thread in scenario C (perf, issue 18). When SQLite is already
// initialised (a test opened a file first) this is a no-op.
void configure_sqlite() {
  static std::once_flag once;
  std::call_once(once, [] { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
}

}  // namespace

void register_sql_functions(SQLite::Database& db) {
  db.createFunction("confab_skeleton", 1, true, nullptr, skeleton_function);
}

bool ensure_incremental_vacuum(SQLite::Database& db) {
  constexpr int kIncremental = 2;
  if (pragma_value(db, "auto_vacuum") == kIncremental) {
    return false;
  }
  db.exec("PRAGMA auto_vacuum = INCREMENTAL");
  db.exec("VACUUM");
  return true;
}

SQLite::Database open_database(const std::string& path) {
  configure_sqlite();
  SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_FULLMUTEX);
  prepare_new_file(db);
  db.exec("PRAGMA journal_mode = WAL");
  // WAL with synchronous=NORMAL survives a crash of this process (the case the
  // server must handle: SIGKILL); only an OS crash can lose the last commits.
  db.exec("PRAGMA synchronous = NORMAL");
  db.exec("PRAGMA foreign_keys = ON");
  db.setBusyTimeout(5000);
  register_sql_functions(db);
  apply_migrations(db, embedded_migrations());
  ensure_incremental_vacuum(db);
  return db;
}

SQLite::Database open_reader(const std::string& path) {
  configure_sqlite();
  SQLite::Database db(path, SQLite::OPEN_READONLY | SQLite::OPEN_FULLMUTEX);
  db.setBusyTimeout(5000);
  return db;
}

}  // namespace confab::storage
