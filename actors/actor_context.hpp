#pragma once

#include <memory>

#include "actors/admin_hub_actor.hpp"
#include "actors/directory_actor.hpp"
#include "actors/gateway_actor.hpp"
#include "actors/login_guard_actor.hpp"
#include "actors/message_id_sequence.hpp"
#include "actors/server_limits.hpp"
#include "actors/storage_actor.hpp"
#include "common/log.hpp"

namespace confab {

// What every actor is born knowing: the limits, the log, and the long-lived
// actors it talks to. Filled in as those actors are spawned.
struct ActorContext {
  ServerLimits limits;
  std::shared_ptr<Log> log;
  std::shared_ptr<MessageIdSequence> msg_ids;
  storage_actor storage;
  directory_actor directory;
  gateway_actor gateway;
  admin_hub_actor admin_hub;
  login_guard_actor login_guard;
  // The admin port's secret; checked by admin sessions.
  std::string admin_token;
};

}  // namespace confab
