#include "storage/search_indexer.hpp"

#include <SQLiteCpp/Transaction.h>

namespace confab::storage {

SearchIndexer::SearchIndexer(SQLite::Database& db)
    : db_(db),
      read_watermark_(db, "SELECT indexed_through FROM search_state"),
      queue_late_(db, "INSERT INTO search_queue (msg_id) VALUES (?)"),
      // The id the batch ends at: `rows` messages above the watermark, or
      // all of them.
      recent_boundary_(db,
                       "SELECT COALESCE((SELECT msg_id FROM messages WHERE msg_id > ?1 "
                       "ORDER BY msg_id LIMIT 1 OFFSET ?2), (SELECT MAX(msg_id) FROM messages))"),
      index_recent_(db,
                    "INSERT INTO message_search (rowid, body) SELECT msg_id, body "
                    "FROM message_search_text WHERE msg_id > ?1 AND msg_id <= ?2"),
      move_watermark_(db, "UPDATE search_state SET indexed_through = ?1") {}

void SearchIndexer::message_inserted(std::int64_t msg_id) {
  if (msg_id <= watermark()) {
    queue_late_.reset();
    queue_late_.bind(1, msg_id);
    queue_late_.exec();
  }
}

void SearchIndexer::forget_uncommitted() {
  indexed_through_.reset();
  read_watermark_.reset();
  recent_boundary_.reset();
}

std::int64_t SearchIndexer::watermark() {
  if (!indexed_through_) {
    read_watermark_.reset();
    read_watermark_.executeStep();
    indexed_through_ = read_watermark_.getColumn(0).getInt64();
    read_watermark_.reset();
  }
  return *indexed_through_;
}

std::int64_t SearchIndexer::unindexed() {
  SQLite::Statement query(
      db_,
      "SELECT (SELECT COUNT(*) FROM search_queue) + (SELECT COUNT(*) "
      "FROM messages WHERE msg_id > (SELECT indexed_through FROM search_state))");
  query.executeStep();
  return query.getColumn(0).getInt64();
}

IndexedBatch SearchIndexer::index_batch(std::int64_t rows) {
  IndexedBatch batch;
  if (rows <= 0) {
    return batch;
  }
  batch.recent = index_recent(rows);
  if (batch.recent < rows) {
    batch.older = index_queued(rows - batch.recent);
  }
  return batch;
}

std::int64_t SearchIndexer::index_all(std::int64_t rows) {
  std::int64_t indexed = 0;
  while (true) {
    SQLite::Transaction transaction(db_, SQLite::TransactionBehavior::IMMEDIATE);
    const auto batch = index_batch(rows).total();
    transaction.commit();
    indexed += batch;
    if (batch < rows) {
      return indexed;
    }
  }
}

std::int64_t SearchIndexer::index_recent(std::int64_t rows) {
  const std::int64_t from = watermark();
  recent_boundary_.reset();
  recent_boundary_.bind(1, from);
  recent_boundary_.bind(2, rows - 1);
  recent_boundary_.executeStep();
  const auto through = recent_boundary_.getColumn(0);
  const bool any = !through.isNull() && through.getInt64() > from;
  const std::int64_t to = any ? through.getInt64() : from;
  recent_boundary_.reset();
  if (!any) {
    return 0;
  }
  index_recent_.reset();
  index_recent_.bind(1, from);
  index_recent_.bind(2, to);
  const auto indexed = index_recent_.exec();
  move_watermark_.reset();
  move_watermark_.bind(1, to);
  move_watermark_.exec();
  indexed_through_ = to;
  return indexed;
}

std::int64_t SearchIndexer::index_queued(std::int64_t rows) {
  // The oldest message of this batch; the whole queue when it is shorter.
  SQLite::Statement boundary(db_,
                             "SELECT COALESCE((SELECT msg_id FROM search_queue ORDER BY msg_id "
                             "DESC LIMIT 1 OFFSET ?), (SELECT MIN(msg_id) FROM search_queue))");
  boundary.bind(1, rows - 1);
  boundary.executeStep();
  if (boundary.getColumn(0).isNull()) {
    return 0;
  }
  const std::int64_t from = boundary.getColumn(0).getInt64();
  SQLite::Statement index(db_,
                          "INSERT INTO message_search (rowid, body) "
                          "SELECT t.msg_id, t.body FROM search_queue AS q "
                          "JOIN message_search_text AS t ON t.msg_id = q.msg_id "
                          "WHERE q.msg_id >= ?");
  index.bind(1, from);
  const auto indexed = index.exec();
  SQLite::Statement dequeue(db_, "DELETE FROM search_queue WHERE msg_id >= ?");
  dequeue.bind(1, from);
  dequeue.exec();
  return indexed;
}

}  // namespace confab::storage
