#include "storage/migrations.hpp"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include "net/timestamp.hpp"

namespace confab::storage {

int schema_version(SQLite::Database& db) {
  db.exec(
      "CREATE TABLE IF NOT EXISTS schema_migrations ("
      " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)");
  SQLite::Statement query(db, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
  query.executeStep();
  return query.getColumn(0).getInt();
}

int apply_migrations(SQLite::Database& db, const std::vector<Migration>& migrations) {
  const int current = schema_version(db);
  const int newest_known = migrations.empty() ? 0 : migrations.back().version;
  if (current > newest_known) {
    throw SchemaTooNew("database schema version " + std::to_string(current) +
                       " is newer than this confabd supports (" + std::to_string(newest_known) +
                       "); run a newer confabd or use another --db");
  }
  int applied = 0;
  for (const auto& migration : migrations) {
    if (migration.version <= current) {
      continue;
    }
    SQLite::Transaction transaction(db);
    db.exec(migration.sql);
    SQLite::Statement record(db,
                             "INSERT INTO schema_migrations (version, name, applied_at) "
                             "VALUES (?, ?, ?)");
    record.bind(1, migration.version);
    record.bind(2, migration.name);
    record.bind(3, net::now_timestamp());
    record.exec();
    transaction.commit();
    ++applied;
  }
  return applied;
}

}  // namespace confab::storage
