#include "actors/search_actor.hpp"
#include "common/thread_name.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>
#include <caf/actor_system.hpp>
#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

#include "actors/chat_error.hpp"
#include "storage/message_search.hpp"

namespace confab {
namespace {

struct SearcherState {
  storage_actor storage;
  std::shared_ptr<SQLite::Database> db;
  std::unique_ptr<storage::MessageSearch> search;
  std::shared_ptr<Log> log;
};

using searcher_pointer = search_actor::stateful_pointer<SearcherState>;

caf::expected<SearchResult> run_search(SearcherState& st, const SearchRequest& request) {
  storage::SearchScope scope{request.room_ids, request.account, request.nick, request.with};
  std::optional<std::int64_t> before;
  if (request.before) {
    before = *request.before;
  }
  try {
    auto hits = st.search->search(request.expression, scope, before, request.limit);
    return SearchResult{std::move(hits.messages), hits.more};
  } catch (const storage::SearchTooSlow&) {
    return make_chat_error(ChatError::bad_query,
                           "the search took too long; use longer or rarer words");
  } catch (const SQLite::Exception& e) {
    // The expression is built from quoted terms only, so FTS5 should
    // always understand it; the user is never shown SQLite's text.
    st.log->warn("search: '", request.expression, "' failed: ", e.what());
    return make_chat_error(ChatError::internal, "the search failed; retry");
  }
}

void answer(searcher_pointer self, caf::typed_response_promise<SearchResult>& promise,
            const SearchRequest& request) {
  auto result = run_search(self->state, request);
  if (result) {
    promise.deliver(std::move(*result));
  } else {
    promise.deliver(std::move(result.error()));
  }
}

search_actor::behavior_type searcher(searcher_pointer self, std::shared_ptr<Log> log,
                                     storage_actor storage, std::shared_ptr<SQLite::Database> db) {
  name_this_thread("confab.search");
  auto& st = self->state;
  st.storage = std::move(storage);
  st.db = std::move(db);
  st.search = std::make_unique<storage::MessageSearch>(*st.db);
  st.log = std::move(log);
  return {
      [self](atoms::search, SearchRequest& request) -> caf::result<SearchResult> {
        // Searches are answered one at a time, each after storage has
        // indexed what was acknowledged before it.
        auto promise = self->make_response_promise<SearchResult>();
        self->request(self->state.storage, caf::infinite, atoms::index::value)
            .await(
                [self, promise, request](bool) mutable { answer(self, promise, request); },
                [self, promise, request](caf::error&) mutable { answer(self, promise, request); });
        return promise;
      },
  };
}

}  // namespace

search_actor spawn_searcher(caf::actor_system& system, std::shared_ptr<Log> log,
                            storage_actor storage, std::unique_ptr<SQLite::Database> reader) {
  std::shared_ptr<SQLite::Database> handoff(std::move(reader));
  return system.spawn<caf::detached>(searcher, std::move(log), std::move(storage),
                                     std::move(handoff));
}

}  // namespace confab
