#pragma once

#include <string>

#include <SQLiteCpp/Statement.h>

#include "net/message_record.hpp"

namespace confab::storage {

// The columns read_message_row reads, in its order, from `messages AS m`
// and the message's file, `files AS f` (LEFT JOINed: NULL for text).
extern const std::string kMessageRowColumns;

// The message in the current row of a query that selects
// kMessageRowColumns first; its room is left for the caller.
net::MessageRecord read_message_row(SQLite::Statement& query);

// The column after kMessageRowColumns.
inline constexpr int kAfterMessageRow = 9;

}  // namespace confab::storage
