#include "storage/message_rows.hpp"

#include <SQLiteCpp/Column.h>

namespace confab::storage {

const std::string kMessageRowColumns =
    "m.msg_id, m.ts, m.sender, COALESCE(m.recipient, ''), m.text, m.file_id, f.size, f.sha256, "
    "m.sender_account";

net::MessageRecord read_message_row(SQLite::Statement& query) {
  net::MessageRecord message;
  message.msg_id = query.getColumn(0).getInt64();
  message.ts = query.getColumn(1).getString();
  message.from = query.getColumn(2).getString();
  message.to = query.getColumn(3).getString();
  message.text = query.getColumn(4).getString();
  if (!query.getColumn(5).isNull()) {
    message.file_id = query.getColumn(5).getInt64();
    message.file_size = query.getColumn(6).getInt64();
    message.file_sha256 = query.getColumn(7).getString();
  }
  if (!query.getColumn(8).isNull()) {
    message.from_account = query.getColumn(8).getInt64();
  }
  return message;
}

}  // namespace confab::storage
