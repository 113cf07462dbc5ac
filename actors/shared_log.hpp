#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "actors/actor_context.hpp"
#include "cluster/chat_log.hpp"

namespace confab {

// Cluster mode: hands `entry`, signed with this node's name, to the cluster
// actor for the shared log; it comes back to every node in the log's order.
template <class Self>
void append_to_shared_log(Self* self, const ActorContext& context, cluster::LogEntry& entry) {
  entry.node = context.node;
  self->send(context.cluster, atoms::append::value, cluster::subject_of(entry),
             cluster::encode(entry));
}

// Cluster mode: what this node waits on for one of its own entries, taken
// out of `waiting` (by token); nullopt for another node's entry or one no
// one waits for any more (appended before a restart).
template <class Waiting>
std::optional<typename Waiting::mapped_type> take_own(Waiting& waiting, const ActorContext& context,
                                                      const std::string& node,
                                                      std::uint64_t token) {
  if (node != context.node) {
    return std::nullopt;
  }
  auto it = waiting.find(token);
  if (it == waiting.end()) {
    return std::nullopt;
  }
  auto own = std::move(it->second);
  waiting.erase(it);
  return own;
}

}  // namespace confab
