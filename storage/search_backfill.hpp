#pragma once

#include <cstdint>

#include <SQLiteCpp/Database.h>

namespace confab::storage {

// Indexes for search the history written before the index existed
// (migrations/0007's search_backlog), newest first, a batch at a time: the
// storage actor runs one batch per transaction between its commits.
class SearchBackfill {
 public:
  explicit SearchBackfill(SQLite::Database& db);

  // Messages still to index; 0 when the whole history is searchable.
  std::int64_t remaining();

  // Indexes at most `rows` of the newest unindexed messages and records how
  // far it got, in the caller's transaction. Returns how many it indexed.
  std::int64_t index_batch(std::int64_t rows);

 private:
  SQLite::Database& db_;
};

}  // namespace confab::storage
