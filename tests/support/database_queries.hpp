#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace confab::test {

// The first column of the first row of `sql` (a COUNT(*)), read from the
// database file as `sqlite3` would read it while the server runs; `params`
// bind to the query's `?`s in order.
std::int64_t count_rows(const std::string& db, const std::string& sql,
                        const std::vector<std::string>& params = {});

}  // namespace confab::test
