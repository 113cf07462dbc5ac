#pragma once

#include <memory>

#include "actors/contracts/search.hpp"
#include "actors/contracts/storage.hpp"
#include "common/log.hpp"

namespace caf {
class actor_system;
}

namespace SQLite {
class Database;
}

namespace confab {

// `reader` is a connection of the searcher's own to the server's database
// (storage::open_reader), moved to the searcher's thread. Before each
// search, `storage` indexes what waits to be indexed.
search_actor spawn_searcher(caf::actor_system& system, std::shared_ptr<Log> log,
                            storage_actor storage, std::unique_ptr<SQLite::Database> reader);

}  // namespace confab
