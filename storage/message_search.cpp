#include "storage/message_search.hpp"

#include <sqlite3.h>

#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Statement.h>

#include "storage/message_rows.hpp"
#include "storage/private_conversation.hpp"

namespace confab::storage {
namespace {

// How many virtual-machine steps pass between looks at the clock.
constexpr int kStepsPerDeadlineCheck = 10000;

// The rooms and private conversations `scope` lets the user read, as a
// condition on `messages AS m`.
std::string scope_condition(const SearchScope& scope) {
  if (!scope.with.empty()) {
    return kPrivateConversation;
  }
  std::string rooms;
  for (const auto room_id : scope.room_ids) {
    rooms += rooms.empty() ? "" : ",";
    rooms += std::to_string(room_id);
  }
  std::string condition = "(m.room_id IN (" + rooms + ")";
  if (scope.account != 0) {
    condition +=
        " OR (m.room_id IS NULL AND (m.sender_account = :me OR m.recipient_account = :me))";
  }
  return condition + ")";
}

}  // namespace

MessageSearch::MessageSearch(SQLite::Database& db, std::chrono::milliseconds budget)
    : db_(db), budget_(budget) {
  sqlite3_progress_handler(db_.getHandle(), kStepsPerDeadlineCheck, &MessageSearch::check_deadline,
                           this);
}

MessageSearch::~MessageSearch() {
  sqlite3_progress_handler(db_.getHandle(), 0, nullptr, nullptr);
}

int MessageSearch::check_deadline(void* self) {
  auto* search = static_cast<MessageSearch*>(self);
  return std::chrono::steady_clock::now() > search->deadline_ ? 1 : 0;
}

SearchHits MessageSearch::search(const std::string& expression, const SearchScope& scope,
                                 std::optional<std::int64_t> before, int limit) {
  SearchHits hits;
  if (scope.with.empty() && scope.room_ids.empty() && scope.account == 0) {
    return hits;
  }
  // CROSS JOIN keeps the index the outer loop: it yields matches newest
  // first, and the scope is checked on each by primary key.
  SQLite::Statement query(
      db_, "SELECT " + kMessageRowColumns +
               ", COALESCE(r.name, '') "
               "FROM message_search AS s CROSS JOIN messages AS m ON m.msg_id = s.rowid "
               "LEFT JOIN rooms AS r ON r.room_id = m.room_id "
               "LEFT JOIN files AS f ON f.file_id = m.file_id "
               "WHERE message_search MATCH :expression AND s.rowid < :before AND " +
               scope_condition(scope) + " ORDER BY s.rowid DESC LIMIT :limit");
  query.bind(":expression", expression);
  query.bind(":before", before.value_or(INT64_MAX));
  query.bind(":limit", limit + 1);
  if (!scope.with.empty()) {
    bind_private_conversation(query, scope.account, scope.nick, scope.with);
  } else if (scope.account != 0) {
    query.bind(":me", scope.account);
  }
  deadline_ = std::chrono::steady_clock::now() + budget_;
  try {
    while (query.executeStep()) {
      if (static_cast<int>(hits.messages.size()) == limit) {
        hits.more = true;
        break;
      }
      auto message = read_message_row(query);
      message.room = query.getColumn(kAfterMessageRow).getString();
      hits.messages.push_back(std::move(message));
    }
  } catch (const SQLite::Exception& e) {
    if (e.getErrorCode() == SQLITE_INTERRUPT) {
      throw SearchTooSlow("the search took longer than " + std::to_string(budget_.count()) + " ms");
    }
    throw;
  }
  return hits;
}

}  // namespace confab::storage
