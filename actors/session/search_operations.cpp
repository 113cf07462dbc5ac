// search: full-text search over what the user may read, answered by the
// searcher from its own database connection.
#include <algorithm>

#include "actors/chat_error.hpp"
#include "actors/session/operations.hpp"
#include "actors/session/session_state.hpp"
#include "storage/search_query.hpp"

namespace confab::session_detail {
namespace {

// PROTOCOL.md: at most 100 results a page, 20 unless asked.
constexpr std::int64_t kMaxSearchLimit = 100;
constexpr std::int32_t kDefaultSearchLimit = 20;

// The rooms a search without `room` or `with` covers: every joined one.
std::vector<std::int64_t> joined_room_ids(session_pointer self) {
  std::vector<std::int64_t> ids;
  for (const auto& [key, room] : self->state.rooms) {
    ids.push_back(room.room_id);
  }
  return ids;
}

}  // namespace

void handle_search(session_pointer self, const Request& request) {
  const auto* typed = require_string(self, request, "query");
  if (typed == nullptr) {
    return;
  }
  SearchRequest search;
  caf::optional<std::int64_t> limit;
  std::string room;
  if (!optional_integer(self, request, "before", search.before) ||
      !optional_integer(self, request, "limit", limit) ||
      !optional_string(self, request, "room", room) ||
      !optional_string(self, request, "with", search.with)) {
    return;
  }
  if (limit && *limit < 1) {
    reply_error(self, request, ChatError::bad_request, "limit must be at least 1");
    return;
  }
  search.limit =
      static_cast<std::int32_t>(limit ? std::min(*limit, kMaxSearchLimit) : kDefaultSearchLimit);
  if (!room.empty() && !search.with.empty()) {
    reply_error(self, request, ChatError::bad_request, "give at most one of room or with");
    return;
  }
  auto compiled = storage::compile_search_query(*typed);
  if (compiled.expression.empty()) {
    reply_error(self, request, ChatError::bad_query, compiled.error);
    return;
  }
  search.expression = std::move(compiled.expression);
  search.nick = self->state.nick;
  search.account = self->state.account_id;
  if (!room.empty()) {
    auto* joined = require_joined(self, request, room);
    if (joined == nullptr) {
      return;
    }
    search.room_ids = {joined->room_id};
    search.account = 0;  // that room only, not private conversations too
  } else if (!search.with.empty()) {
    if (search.account == 0) {
      reply_error(self, request, ChatError::auth_required,
                  "searching private messages needs an account: hello with a password");
      return;
    }
  } else {
    search.room_ids = joined_room_ids(self);
  }
  self->request(self->state.context->searcher, kRequestTimeout, atoms::search::value,
                std::move(search))
      .await(
          [self, request](SearchResult& result) {
            reply_ok(self, request, net::SearchResultPage{std::move(result.messages), result.more});
          },
          [self, request](caf::error& error) { reply_error(self, request, error); });
}

}  // namespace confab::session_detail
