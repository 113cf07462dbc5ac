#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "actors/actor_context.hpp"
#include "actors/cluster_actor.hpp"
#include "actors/storage_actor.hpp"

namespace SQLite {
class Database;
}

namespace confab {

// What the long-lived actors are made from, besides one another.
struct ServerParts {
  ServerLimits limits;
  std::shared_ptr<Log> log;
  std::string admin_token;
  std::shared_ptr<const net::IrcServerInfo> irc;
  std::int64_t last_msg_id = 0;
  std::unique_ptr<SQLite::Database> db;
  // A second, read-only connection to the same database, for searches.
  std::unique_ptr<SQLite::Database> search_db;
  StorageOptions storage_options;
  std::vector<storage::RoomRecord> rooms;
  std::vector<std::vector<net::MessageRecord>> recent;
  std::size_t hash_threads = 1;
  int hash_iterations = 0;
  // Cluster mode when servers are given.
  ClusterOptions cluster;
};

// Spawns storage, the login guard, the admin hub, the gateway and the
// directory so that each begins knowing every other: their handles go into
// one context, and only once it is whole is any of them sent anything. The
// actors that talk to others as they start are spawned lazily (CAF runs them
// from their first message); storage, on its own thread at once, reads the
// context only when answering. All share the context read-only from then on,
// and so do the rooms and sessions they spawn.
SharedContext wire_server(caf::actor_system& system, ServerParts parts);

}  // namespace confab
