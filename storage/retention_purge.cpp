#include "storage/retention_purge.hpp"

#include <vector>

#include <SQLiteCpp/Statement.h>

#include "net/timestamp.hpp"
#include "storage/chat_store.hpp"

namespace confab::storage {
namespace {

// One conversation kind's old messages: a room's, or (room_id 0) every
// private conversation's.
struct Expiry {
  std::int64_t room_id = 0;
  int days = 0;
};

std::vector<Expiry> expiries(SQLite::Database& db, int default_days) {
  std::vector<Expiry> out;
  SQLite::Statement rooms(db,
                          "SELECT room_id, CASE WHEN retention_days > 0 THEN retention_days "
                          "ELSE ? END FROM rooms WHERE retention_days > 0 OR ? > 0");
  rooms.bind(1, default_days);
  rooms.bind(2, default_days);
  while (rooms.executeStep()) {
    out.push_back({rooms.getColumn(0).getInt64(), rooms.getColumn(1).getInt()});
  }
  if (default_days > 0) {
    out.push_back({0, default_days});
  }
  return out;
}

}  // namespace

RetentionPurge::RetentionPurge(SQLite::Database& db) : db_(db) {}

PurgeResult RetentionPurge::purge_batch(int default_days, std::chrono::system_clock::time_point now,
                                        std::int64_t rows) {
  PurgeResult result;
  ChatStore store(db_);
  SQLite::Statement remove_room_messages(
      db_,
      "DELETE FROM messages WHERE msg_id IN (SELECT msg_id FROM messages "
      "WHERE room_id = ? AND msg_id < ? ORDER BY msg_id LIMIT ?) RETURNING file_id");
  SQLite::Statement remove_private_messages(
      db_,
      "DELETE FROM messages WHERE msg_id IN (SELECT msg_id FROM messages "
      "WHERE room_id IS NULL AND msg_id < ? ORDER BY msg_id LIMIT ?) RETURNING file_id");
  // Chunks go with their file (ON DELETE CASCADE).
  SQLite::Statement remove_orphan_file(
      db_,
      "DELETE FROM files WHERE file_id = ?1 AND complete = 1 "
      "AND NOT EXISTS (SELECT 1 FROM messages WHERE file_id = ?1)");
  for (const auto& expiry : expiries(db_, default_days)) {
    const auto budget = rows - result.messages;
    if (budget <= 0) {
      result.more = true;
      break;
    }
    // msg_ids are handed out in time order: everything before the first
    // message of the cutoff day and time is older than it.
    const auto cutoff = store.first_message_at(
        net::format_timestamp(now - std::chrono::hours(24) * expiry.days), false);
    auto& remove = expiry.room_id != 0 ? remove_room_messages : remove_private_messages;
    remove.reset();
    int at = 1;
    if (expiry.room_id != 0) {
      remove.bind(at++, expiry.room_id);
    }
    remove.bind(at++, cutoff);
    remove.bind(at, budget);
    std::vector<std::int64_t> files;
    std::int64_t removed = 0;
    while (remove.executeStep()) {
      ++removed;
      if (!remove.getColumn(0).isNull()) {
        files.push_back(remove.getColumn(0).getInt64());
      }
    }
    result.messages += removed;
    result.more = result.more || removed == budget;
    for (const auto file_id : files) {
      remove_orphan_file.reset();
      remove_orphan_file.bind(1, file_id);
      result.files += remove_orphan_file.exec();
    }
  }
  return result;
}

}  // namespace confab::storage
