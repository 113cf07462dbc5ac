#pragma once

#include <string>

#include <SQLiteCpp/Database.h>

namespace confab::storage {

// Opens (creating if needed) the database file in WAL mode and brings its
// schema up to date with the migrations embedded in this binary.
SQLite::Database open_database(const std::string& path);

}  // namespace confab::storage
