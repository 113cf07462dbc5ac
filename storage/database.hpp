#pragma once

#include <string>

#include <SQLiteCpp/Database.h>

namespace confab::storage {

// Opens (creating if needed) the database file in WAL mode and brings its
// schema up to date with the migrations embedded in this binary.
SQLite::Database open_database(const std::string& path);

// Retention gives space back with incremental_vacuum, which needs
// auto_vacuum=INCREMENTAL (migration 0008): new files get it at creation,
// older ones are rewritten once (VACUUM). Returns whether it rewrote.
bool ensure_incremental_vacuum(SQLite::Database& db);

// A read-only connection beside the server's own, for searches: WAL lets it
// read while the storage actor commits.
SQLite::Database open_reader(const std::string& path);

// The SQL functions the migrations use (confab_skeleton: net::nick_skeleton).
void register_sql_functions(SQLite::Database& db);

}  // namespace confab::storage
