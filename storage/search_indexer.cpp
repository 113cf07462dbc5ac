#include "storage/search_indexer.hpp"

#include <SQLiteCpp/Statement.h>

namespace confab::storage {

SearchIndexer::SearchIndexer(SQLite::Database& db) : db_(db) {}

std::int64_t SearchIndexer::queued() {
  SQLite::Statement query(db_, "SELECT COUNT(*) FROM search_queue");
  query.executeStep();
  return query.getColumn(0).getInt64();
}

std::int64_t SearchIndexer::index_batch(std::int64_t rows) {
  // The oldest message of this batch; the whole queue when it is shorter.
  SQLite::Statement boundary(db_,
                             "SELECT msg_id FROM search_queue ORDER BY msg_id DESC "
                             "LIMIT 1 OFFSET ?");
  boundary.bind(1, rows - 1);
  const std::int64_t from = boundary.executeStep() ? boundary.getColumn(0).getInt64() : 0;
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
