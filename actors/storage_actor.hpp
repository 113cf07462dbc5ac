#pragma once

#include <chrono>
#include <cstdint>
#include <memory>

#include "actors/actor_context.hpp"
#include "actors/contracts/storage.hpp"

namespace SQLite {
class Database;
}

namespace confab {

struct StorageOptions {
  // How long writes the database refuses are retried before they fail.
  std::chrono::milliseconds retry_for = std::chrono::seconds(10);
  // Uploads are refused while the database's file system has less free.
  std::uint64_t min_free_disk = 0;
  // Messages without a room retention of their own are deleted after this
  // many days; 0 keeps them.
  std::uint32_t retention_days = 0;
};

// On a thread of its own from the start; it looks up other actors in the
// context only when answering, once the context is whole.
storage_actor spawn_storage(caf::actor_system& system, SharedContext context,
                            std::unique_ptr<SQLite::Database> db, StorageOptions options = {});

}  // namespace confab
