#include "actors/server_wiring.hpp"

#include <SQLiteCpp/Database.h>
#include <caf/send.hpp>

#include "actors/admin_hub_actor.hpp"
#include "actors/cluster_actor.hpp"
#include "actors/directory_actor.hpp"
#include "actors/file_stream_actor.hpp"
#include "actors/gateway_actor.hpp"
#include "actors/login_guard_actor.hpp"
#include "actors/search_actor.hpp"

namespace confab {

SharedContext wire_server(caf::actor_system& system, ServerParts parts) {
  auto context = std::make_shared<ActorContext>();
  context->limits = parts.limits;
  context->log = std::move(parts.log);
  context->admin_token = std::move(parts.admin_token);
  context->irc = parts.irc ? std::move(parts.irc) : std::make_shared<const net::IrcServerInfo>();
  context->msg_ids = std::make_shared<MessageIdSequence>(parts.last_msg_id);
  context->node = parts.cluster.node;
  context->login_guard = spawn_login_guard(system, parts.hash_threads, parts.hash_iterations);
  context->storage = spawn_storage(system, context, std::move(parts.db), parts.storage_options);
  context->searcher =
      spawn_searcher(system, context->log, context->storage, std::move(parts.search_db));
  context->admin_hub = spawn_admin_hub(system, context);
  context->gateway = spawn_gateway(system, context);
  context->directory = spawn_directory(system, context, parts.rooms, std::move(parts.recent));
  if (!parts.cluster.servers.empty()) {
    context->file_stream = spawn_file_stream(system, context->log, parts.cluster.servers,
                                             parts.cluster.node, context->storage);
    context->cluster = spawn_cluster(system, context->log, std::move(parts.cluster),
                                     context->directory, context->admin_hub);
  }
  // The context is whole: from here on it is only read.
  caf::anon_send(context->directory, atoms::start::value);
  return context;
}

}  // namespace confab
