#pragma once

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

}  // namespace confab
