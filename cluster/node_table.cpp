#include "cluster/node_table.hpp"

#include <algorithm>

namespace confab::cluster {

NodeTable::NodeTable(std::string self, Clock::duration ttl) : self_(std::move(self)), ttl_(ttl) {}

bool NodeTable::heard(const std::string& node, Clock::time_point now) {
  if (node == self_) {
    return false;
  }
  return last_heard_.insert_or_assign(node, now).second;
}

bool NodeTable::left(const std::string& node) {
  return last_heard_.erase(node) > 0;
}

std::vector<std::string> NodeTable::expire(Clock::time_point now) {
  std::vector<std::string> gone;
  for (auto it = last_heard_.begin(); it != last_heard_.end();) {
    if (now - it->second > ttl_) {
      gone.push_back(it->first);
      it = last_heard_.erase(it);
    } else {
      ++it;
    }
  }
  return gone;
}

void NodeTable::restart_clocks(Clock::time_point now) {
  for (auto& [node, last] : last_heard_) {
    last = now;
  }
}

std::vector<std::string> NodeTable::live() const {
  std::vector<std::string> nodes;
  nodes.reserve(last_heard_.size() + 1);
  for (const auto& [node, last] : last_heard_) {
    nodes.push_back(node);
  }
  nodes.insert(std::lower_bound(nodes.begin(), nodes.end(), self_), self_);
  return nodes;
}

}  // namespace confab::cluster
