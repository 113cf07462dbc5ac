#include "tests/support/database_queries.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

namespace confab::test {

std::int64_t count_rows(const std::string& db, const std::string& sql,
                        const std::vector<std::string>& params) {
  SQLite::Database database(db, SQLite::OPEN_READONLY);
  SQLite::Statement query(database, sql);
  for (std::size_t i = 0; i < params.size(); ++i) {
    query.bind(static_cast<int>(i + 1), params[i]);
  }
  query.executeStep();
  return query.getColumn(0).getInt64();
}

}  // namespace confab::test
