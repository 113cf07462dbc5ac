#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <caf/optional.hpp>
#include <caf/replies_to.hpp>
#include <caf/typed_actor.hpp>

#include "actors/contracts/atoms.hpp"
#include "actors/contracts/message_types.hpp"

namespace confab {

// A `search` as the session checked it: the compiled FTS5 expression and
// the scope the user may read (storage::SearchScope).
struct SearchRequest {
  std::string expression;
  std::vector<std::int64_t> room_ids;
  std::int64_t account = 0;
  std::string nick;
  std::string with;
  caf::optional<std::int64_t> before;
  std::int32_t limit = 20;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, SearchRequest& x) {
  return f(caf::meta::type_name("SearchRequest"), x.expression, x.room_ids, x.account, x.nick,
           x.with, x.before, x.limit);
}

struct SearchResult {
  std::vector<net::MessageRecord> messages;  // newest first
  bool more = false;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, SearchResult& x) {
  return f(caf::meta::type_name("SearchResult"), x.messages, x.more);
}

// Answers searches from a read-only connection of its own, on a thread of
// its own: a slow search delays other searches, never a commit.
using search_actor =
    caf::typed_actor<caf::replies_to<atoms::search, SearchRequest>::with<SearchResult>>;

}  // namespace confab
