#pragma once

#include <cstdint>
#include <optional>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

namespace confab::storage {

// What one batch indexed.
struct IndexedBatch {
  // Messages above the watermark: committed since the last batch.
  std::int64_t recent = 0;
  // Messages from search_queue: older history, or a late commit.
  std::int64_t older = 0;

  std::int64_t total() const { return recent + older; }
};

// Indexes messages for search a batch at a time, in the caller's
// transaction (migrations/0009): first the messages committed above the
// watermark, oldest first, moving the watermark past them; then, when none
// are left, the queue newest first. The storage actor runs it between
// commits and before each search.
class SearchIndexer {
 public:
  explicit SearchIndexer(SQLite::Database& db);

  // Every message written must be reported here, in the transaction that
  // writes it: one whose id the watermark already passed is queued.
  void message_inserted(std::int64_t msg_id);

  // After a rollback: what it knew of the watermark may be undone.
  void forget_uncommitted();

  // Messages not yet searchable.
  std::int64_t unindexed();

  // Indexes at most `rows` messages.
  IndexedBatch index_batch(std::int64_t rows);

  // Indexes everything, committing every `rows` messages: for tools and
  // tests that fill a database outside the server. Returns how many.
  std::int64_t index_all(std::int64_t rows);

 private:
  std::int64_t watermark();
  std::int64_t index_recent(std::int64_t rows);
  std::int64_t index_queued(std::int64_t rows);

  SQLite::Database& db_;
  // The watermark as this transaction sees it; read again after a rollback.
  std::optional<std::int64_t> indexed_through_;
  SQLite::Statement read_watermark_;
  SQLite::Statement queue_late_;
  SQLite::Statement recent_boundary_;
  SQLite::Statement index_recent_;
  SQLite::Statement move_watermark_;
};

}  // namespace confab::storage
