#pragma once

#include <cstdint>

#include <SQLiteCpp/Database.h>

namespace confab::storage {

// Indexes for search the messages in search_queue (migrations/0007), a
// batch at a time and newest first, in the caller's transaction: the
// storage actor runs it between commits and before each search.
class SearchIndexer {
 public:
  explicit SearchIndexer(SQLite::Database& db);

  // Messages waiting to be indexed.
  std::int64_t queued();

  // Indexes at most `rows` of the newest queued messages and takes them off
  // the queue. Returns how many it indexed.
  std::int64_t index_batch(std::int64_t rows);

 private:
  SQLite::Database& db_;
};

}  // namespace confab::storage
