#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <SQLiteCpp/Database.h>

#include "net/message_record.hpp"

namespace confab::storage {

// Where a search may look: never further than the asking user may read.
struct SearchScope {
  // Rooms the user is a member of.
  std::vector<std::int64_t> room_ids;
  // The user's account; 0 for a guest, whose private messages are not kept
  // under an identity and are never searched.
  std::int64_t account = 0;
  std::string nick;
  // Only the private conversation with this nick (needs an account); empty
  // for every conversation in scope.
  std::string with;
};

struct SearchHits {
  std::vector<net::MessageRecord> messages;  // newest first
  bool more = false;
};

// The query ran past its time budget.
class SearchTooSlow : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Full-text search over the message_search index (migrations/0007). Meant for
// a connection of its own, beside the storage actor's: WAL lets it read
// while commits go on, so a slow search never delays a write.
class MessageSearch {
 public:
  explicit MessageSearch(SQLite::Database& db,
                         std::chrono::milliseconds budget = std::chrono::seconds(2));
  ~MessageSearch();
  MessageSearch(const MessageSearch&) = delete;
  MessageSearch& operator=(const MessageSearch&) = delete;

  // `expression` comes from compile_search_query. The newest `limit`
  // matches older than `before`. Throws SearchTooSlow past the budget.
  SearchHits search(const std::string& expression, const SearchScope& scope,
                    std::optional<std::int64_t> before, int limit);

 private:
  static int check_deadline(void* self);

  SQLite::Database& db_;
  std::chrono::milliseconds budget_;
  std::chrono::steady_clock::time_point deadline_{};
};

}  // namespace confab::storage
