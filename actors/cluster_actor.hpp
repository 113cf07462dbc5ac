#pragma once

#include <memory>
#include <string>
#include <vector>

#include "actors/contracts/admin_hub.hpp"
#include "actors/contracts/cluster.hpp"
#include "actors/contracts/directory.hpp"
#include "common/log.hpp"

namespace caf {
class actor_system;
}

namespace confab {

struct ClusterOptions {
  std::vector<std::string> servers;  // nats://HOST:PORT
  std::string node;                  // unique and stable across restarts
  // The shared log's position to follow from: after the last entry this
  // node's database holds.
  std::uint64_t log_from = 1;
};

// On a thread of its own: talking to NATS blocks.
// The shared log's entries and other nodes' calls go to `directory`; other
// nodes' clients and comings and goings to `admin_hub`.
cluster_actor spawn_cluster(caf::actor_system& system, std::shared_ptr<Log> log,
                            ClusterOptions options, directory_actor directory,
                            admin_hub_actor admin_hub);

}  // namespace confab
