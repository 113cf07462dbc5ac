#pragma once

#include <chrono>
#include <map>
#include <string>
#include <vector>

namespace confab::cluster {

// Which nodes are alive, judged from their heartbeats. A node is alive
// from its first heartbeat until it says goodbye or `ttl` passes without
// one. The key-value bucket expires a silent node's entry too, but NATS 2.9
// tells no watcher when it does, so every node keeps this judgment itself.
class NodeTable {
 public:
  using Clock = std::chrono::steady_clock;

  NodeTable(std::string self, Clock::duration ttl);

  // A heartbeat from `node`; true when it was not alive before (it joined).
  bool heard(const std::string& node, Clock::time_point now);
  // `node` left on purpose; true when it was alive.
  bool left(const std::string& node);
  // The nodes silent for longer than the ttl, now forgotten.
  std::vector<std::string> expire(Clock::time_point now);
  // Without a connection to NATS no heartbeat can arrive: on its return
  // every node gets a full ttl to be heard again before it is judged.
  void restart_clocks(Clock::time_point now);

  // The live nodes, this one included, sorted by name.
  std::vector<std::string> live() const;
  const std::string& self() const { return self_; }

 private:
  std::string self_;
  Clock::duration ttl_;
  std::map<std::string, Clock::time_point> last_heard_;  // other nodes only
};

}  // namespace confab::cluster
