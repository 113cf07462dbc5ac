#pragma once

#include <memory>

#include "actors/contracts/search.hpp"
#include "common/log.hpp"

namespace caf {
class actor_system;
}

namespace SQLite {
class Database;
}

namespace confab {

// `reader` is a connection of the searcher's own to the server's database
// (open_search_connection), moved to the searcher's thread.
search_actor spawn_searcher(caf::actor_system& system, std::shared_ptr<Log> log,
                            std::unique_ptr<SQLite::Database> reader);

}  // namespace confab
