#pragma once

#include <memory>
#include <string>
#include <vector>

#include "actors/contracts/cluster.hpp"
#include "common/log.hpp"

namespace caf {
class actor_system;
}

namespace confab {

struct ClusterOptions {
  std::vector<std::string> servers;  // nats://HOST:PORT
  std::string node;                  // unique and stable across restarts
};

// On a thread of its own: talking to NATS blocks.
cluster_actor spawn_cluster(caf::actor_system& system, std::shared_ptr<Log> log,
                            ClusterOptions options);

}  // namespace confab
