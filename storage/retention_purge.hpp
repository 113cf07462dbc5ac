#pragma once

#include <chrono>
#include <cstdint>

#include <SQLiteCpp/Database.h>

namespace confab::storage {

// What one batch of purging removed.
struct PurgeResult {
  std::int64_t messages = 0;
  std::int64_t files = 0;
  // Old messages remain: the batch stopped at its size.
  bool more = false;
};

// Deletes messages older than their retention (a room's retention_days,
// else the server default; private messages: the server default), in the
// caller's transaction, a batch at a time. A file goes with the last
// message that shares it, its chunks with it. The search index follows
// through migrations/0007's trigger.
class RetentionPurge {
 public:
  explicit RetentionPurge(SQLite::Database& db);

  // `default_days` 0 keeps forever what has no retention of its own.
  PurgeResult purge_batch(int default_days, std::chrono::system_clock::time_point now,
                          std::int64_t rows);

 private:
  SQLite::Database& db_;
};

}  // namespace confab::storage
