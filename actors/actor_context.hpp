#pragma once

#include <memory>
#include <string>

#include "actors/contracts/admin_hub.hpp"
#include "actors/contracts/cluster.hpp"
#include "actors/contracts/directory.hpp"
#include "actors/contracts/file_stream.hpp"
#include "actors/contracts/gateway.hpp"
#include "actors/contracts/login_guard.hpp"
#include "actors/contracts/search.hpp"
#include "actors/contracts/storage.hpp"
#include "actors/message_id_sequence.hpp"
#include "actors/server_limits.hpp"
#include "common/log.hpp"
#include "net/irc_registration.hpp"

namespace caf {
class actor_system;
}

namespace confab {

// What every actor is born knowing: the limits, the log, and the long-lived
// actors it talks to. Made whole once, by wire_server() (actors/server_wiring),
// before any actor runs; read-only from then on and shared by all of them.
struct ActorContext {
  ServerLimits limits;
  std::shared_ptr<Log> log;
  std::shared_ptr<MessageIdSequence> msg_ids;
  storage_actor storage;
  search_actor searcher;
  directory_actor directory;
  gateway_actor gateway;
  admin_hub_actor admin_hub;
  login_guard_actor login_guard;
  // Set only in cluster mode (--cluster), with this node's name.
  cluster_actor cluster;
  file_stream_actor file_stream;
  std::string node;
  // The admin port's secret; checked by admin sessions.
  std::string admin_token;
  // What IRC clients are told about the server.
  std::shared_ptr<const net::IrcServerInfo> irc;
};

using SharedContext = std::shared_ptr<const ActorContext>;

}  // namespace confab
