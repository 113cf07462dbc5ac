#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include <SQLiteCpp/Database.h>

namespace confab::storage {

// One numbered file of migrations/, e.g. 0001_initial.sql.
struct Migration {
  int version;
  std::string name;
  std::string sql;
};

// The database was written by a newer confabd than this one.
class SchemaTooNew : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The migrations compiled into this binary, in version order.
const std::vector<Migration>& embedded_migrations();

// Applies every migration newer than the database's version, each in its own
// transaction, and records it in schema_migrations. Returns how many ran.
// Throws SchemaTooNew when the database knows versions this binary does not.
int apply_migrations(SQLite::Database& db, const std::vector<Migration>& migrations);

int schema_version(SQLite::Database& db);

}  // namespace confab::storage
