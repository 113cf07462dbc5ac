#include "storage/search_backfill.hpp"

#include <SQLiteCpp/Statement.h>

namespace confab::storage {

SearchBackfill::SearchBackfill(SQLite::Database& db) : db_(db) {}

std::int64_t SearchBackfill::remaining() {
  SQLite::Statement query(db_,
                          "SELECT COUNT(*) FROM messages "
                          "WHERE msg_id <= (SELECT unindexed_up_to FROM search_backlog)");
  query.executeStep();
  return query.getColumn(0).getInt64();
}

std::int64_t SearchBackfill::index_batch(std::int64_t rows) {
  SQLite::Statement backlog(db_, "SELECT unindexed_up_to FROM search_backlog");
  if (!backlog.executeStep()) {
    return 0;
  }
  const auto up_to = backlog.getColumn(0).getInt64();
  // The oldest message of this batch; none when fewer than `rows` remain.
  SQLite::Statement boundary(db_,
                             "SELECT msg_id FROM messages WHERE msg_id <= ? "
                             "ORDER BY msg_id DESC LIMIT 1 OFFSET ?");
  boundary.bind(1, up_to);
  boundary.bind(2, rows - 1);
  const std::int64_t from = boundary.executeStep() ? boundary.getColumn(0).getInt64() : 0;
  SQLite::Statement index(db_,
                          "INSERT INTO message_search (rowid, body) "
                          "SELECT msg_id, body FROM message_search_text "
                          "WHERE msg_id BETWEEN ? AND ?");
  index.bind(1, from);
  index.bind(2, up_to);
  const auto indexed = index.exec();
  if (from <= 1) {
    db_.exec("DELETE FROM search_backlog");
  } else {
    SQLite::Statement advance(db_, "UPDATE search_backlog SET unindexed_up_to = ?");
    advance.bind(1, from - 1);
    advance.exec();
  }
  return indexed;
}

}  // namespace confab::storage
