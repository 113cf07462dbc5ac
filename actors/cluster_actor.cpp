#include "actors/cluster_actor.hpp"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <thread>

#include <caf/actor_system.hpp>
#include <caf/send.hpp>
#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

#include <nlohmann/json.hpp>

#include "actors/chat_error.hpp"
#include "cluster/chat_log.hpp"
#include "cluster/nats_client.hpp"
#include "cluster/node_calls.hpp"
#include "cluster/node_table.hpp"
#include "common/thread_name.hpp"
#include "net/names.hpp"
#include "net/timestamp.hpp"

namespace confab {
namespace {

using Clock = cluster::NodeTable::Clock;

// A node is alive while its heartbeats come; silent for the time to live,
// it is judged gone (killed, cut off). The bucket forgets its entry then
// too, which frees the name for the node's next run.
constexpr auto kHeartbeat = std::chrono::seconds(1);
constexpr auto kNodeTtl = std::chrono::seconds(3);
// A name held by an entry that stops changing is a previous run's: it is
// waited out for at most this long, looking this often.
constexpr auto kClaimWait = 3 * kNodeTtl;
constexpr auto kClaimPoll = std::chrono::milliseconds(250);
const char* const kNodesBucket = "confab_nodes";
// Nick claims: key the nick's name key in hex (keys allow few characters),
// value the node whose user has it. No time to live: a claim of a node
// judged gone is stale and taken over by the next claimant.
const char* const kNicksBucket = "confab_nicks";
// A node that does not answer a call in this time is taken to be busy or
// gone: its part is left out.
constexpr auto kCallTimeout = std::chrono::seconds(3);

// A call's answer, or nullopt when none came in time.
using Answered = std::function<void(std::optional<std::string>)>;

struct ClusterState {
  ClusterOptions options;
  std::shared_ptr<Log> log;
  directory_actor directory;
  admin_hub_actor admin_hub;
  // This node's calls waiting for their answers, by token.
  std::uint64_t last_call = 0;
  std::map<std::uint64_t, Answered> calls;
  std::unique_ptr<cluster::NatsClient> nats;
  std::unique_ptr<cluster::KeyValue> nodes;
  std::unique_ptr<cluster::KeyValue> nicks;
  // The nicks (name keys) this node's users hold, written again into a
  // bucket a restarted NATS server lost.
  std::set<std::string> held_nicks;
  std::optional<cluster::NodeTable> table;
  std::string heartbeat;  // the value of this node's entry
  bool joined = false;
  bool connected = true;
  bool heartbeat_failing = false;
};

using cluster_pointer = cluster_actor::stateful_pointer<ClusterState>;

std::string joined_names(const std::vector<std::string>& names) {
  std::string text;
  for (const auto& name : names) {
    text += text.empty() ? name : ", " + name;
  }
  return text;
}

std::unique_ptr<cluster::KeyValue> open_nodes_bucket(cluster::NatsClient& nats) {
  return nats.key_value(kNodesBucket,
                        std::chrono::duration_cast<std::chrono::milliseconds>(kNodeTtl));
}

// Opens the nick bucket and makes this node's entries in it what its users
// hold: a bucket NATS lost (restarted) gets the claims back, and entries of
// this node's previous run (killed) or released while NATS was away would
// block those nicks for as long as this node lives.
void open_nicks_bucket(ClusterState& st) {
  st.nicks = st.nats->key_value(kNicksBucket, std::chrono::milliseconds::zero());
  std::set<std::string> held;
  for (const auto& name_key : st.held_nicks) {
    held.insert(cluster::hex_key(name_key));
  }
  for (const auto& key : st.nicks->keys()) {
    if (held.count(key) != 0) {
      continue;
    }
    if (auto entry = st.nicks->get(key); entry && entry->value == st.options.node) {
      st.nicks->erase(key);
    }
  }
  for (const auto& key : held) {
    st.nicks->put(key, st.options.node);
  }
}

bool claim_nick(ClusterState& st, const std::string& name_key) {
  const auto key = cluster::hex_key(name_key);
  // A claim released or taken over between two calls below is tried again.
  for (int attempt = 0; attempt < 3; ++attempt) {
    if (st.nicks->create(key, st.options.node)) {
      st.held_nicks.insert(name_key);
      return true;
    }
    auto entry = st.nicks->get(key);
    if (!entry) {
      continue;
    }
    const auto live = st.table->live();
    const bool holder_alive = entry->value != st.options.node &&
                              std::binary_search(live.begin(), live.end(), entry->value);
    if (holder_alive) {
      return false;
    }
    if (st.nicks->update(key, st.options.node, entry->revision)) {
      st.held_nicks.insert(name_key);
      return true;
    }
  }
  return false;
}

// The name is free, or its entry is a previous run's that stopped beating:
// waited out. An entry that changes meanwhile belongs to a running node.
void claim_name(ClusterState& st) {
  const auto& node = st.options.node;
  const auto deadline = Clock::now() + kClaimWait;
  std::optional<std::uint64_t> seen;
  bool waited = false;
  while (!st.nodes->create(node, st.heartbeat)) {
    if (auto entry = st.nodes->get(node)) {
      if (seen && *seen != entry->revision) {
        throw cluster::NatsError("node name " + node + " is in use by a running node");
      }
      seen = entry->revision;
    }
    if (Clock::now() > deadline) {
      throw cluster::NatsError("node name " + node + " is still held in NATS");
    }
    if (!waited) {
      st.log->info("cluster: waiting for node ", node, "'s previous run to expire");
      waited = true;
    }
    std::this_thread::sleep_for(kClaimPoll);
  }
}

// Every node applies the whole log, in its order, through its directory:
// from where its database ends, so a node that was away catches up first.
void follow_log(ClusterState& st) {
  st.nats->ensure_stream(cluster::kLogStream, {cluster::kLogSubjects});
  st.nats->follow(
      cluster::kLogSubjects, st.options.log_from,
      [directory = st.directory, log = st.log](std::uint64_t position, std::string_view,
                                               std::string_view data) {
        auto entry = cluster::decode(data);
        if (!entry) {
          log->warn("cluster: log entry ", position, " is not one this version reads; skipped");
          return;
        }
        auto& record = entry->record;
        switch (entry->kind) {
          case cluster::LogEntry::Kind::room_created:
            caf::anon_send(directory, atoms::logged_room::value, std::move(record.room),
                           std::move(record.text), std::move(record.from), record.from_account != 0,
                           std::move(entry->node), entry->token);
            break;
          case cluster::LogEntry::Kind::room_topic:
            caf::anon_send(directory, atoms::logged_topic::value, std::move(record.room),
                           std::move(entry->by), std::move(record.text), std::move(entry->node),
                           entry->token);
            break;
          case cluster::LogEntry::Kind::room_deleted:
            caf::anon_send(directory, atoms::logged_delete::value, std::move(record.room),
                           std::move(entry->by), std::move(record.text), std::move(entry->node),
                           entry->token);
            break;
          case cluster::LogEntry::Kind::room_message:
            record.msg_id = cluster::message_id_at(position);
            caf::anon_send(directory, atoms::logged::value, std::move(record),
                           std::move(entry->node), entry->token);
            break;
          case cluster::LogEntry::Kind::room_presence:
            caf::anon_send(directory, atoms::presence::value, std::move(record.room),
                           std::move(record.from), std::move(entry->node), entry->change,
                           std::move(entry->by), std::move(record.text));
            break;
          case cluster::LogEntry::Kind::private_message:
            record.msg_id = cluster::message_id_at(position);
            caf::anon_send(directory, atoms::logged_pm::value, std::move(record),
                           std::move(entry->node), entry->token, entry->online);
            break;
          case cluster::LogEntry::Kind::private_delivered:
            caf::anon_send(directory, atoms::logged_seen::value, std::move(record.to),
                           record.msg_id);
            break;
          case cluster::LogEntry::Kind::account_created:
            caf::anon_send(directory, atoms::logged_account::value, std::move(record.from),
                           std::move(record.text), std::move(entry->node), entry->token);
            break;
          case cluster::LogEntry::Kind::room_roster:
            caf::anon_send(directory, atoms::roster::value, std::move(record.room),
                           std::move(entry->node), std::move(entry->nicks));
            break;
        }
      });
}

// Before this node's name is claimed: the others share their clients with
// it as soon as they hear of it.
void listen_to_nodes(cluster_pointer self) {
  auto& st = self->state;
  const cluster_actor handle = self;
  st.nats->subscribe(
      cluster::calls_to(st.options.node),
      [handle](std::string_view subject, std::string_view data, std::string_view reply_to) {
        caf::anon_send(handle, atoms::called::value, std::string(cluster::call_op(subject)),
                       std::string(data), std::string(reply_to));
      });
  st.nats->subscribe(cluster::answers_to(st.options.node),
                     [handle](std::string_view subject, std::string_view data, std::string_view) {
                       if (const auto token = cluster::answer_token(subject)) {
                         caf::anon_send(handle, atoms::answered::value, *token, std::string(data));
                       }
                     });
  const auto node = st.options.node;
  st.nats->subscribe(
      cluster::kAllClients, [hub = st.admin_hub, node](std::string_view subject,
                                                       std::string_view data, std::string_view) {
        if (const auto from = cluster::subject_node(subject); from != node) {
          caf::anon_send(hub, atoms::remote_clients::value, std::string(from), std::string(data));
        }
      });
  st.nats->subscribe(
      cluster::kAllWatches, [hub = st.admin_hub, node](std::string_view subject,
                                                       std::string_view data, std::string_view) {
        if (const auto from = cluster::subject_node(subject); from != node) {
          caf::anon_send(hub, atoms::watch::value, std::string(from), data == "fresh");
        }
      });
}

// Asks another node; `answered` hears back once, in time or not.
void call(cluster_pointer self, const std::string& node, std::string_view op, std::string_view data,
          Answered answered) {
  auto& st = self->state;
  const auto token = ++st.last_call;
  try {
    if (!st.nats) {
      throw cluster::NatsError("not joined");
    }
    st.nats->publish(cluster::call_subject(node, op), data,
                     cluster::answer_subject(st.options.node, token));
  } catch (const cluster::NatsError& e) {
    st.log->warn("cluster: cannot call node ", node, ": ", e.what());
    answered(std::nullopt);
    return;
  }
  st.calls.emplace(token, std::move(answered));
  self->delayed_send(self, kCallTimeout, atoms::call_late::value, token);
}

// Asks every other live node; `gathered` hears the answers that came in
// time, once all are in or overdue.
void call_others(cluster_pointer self, std::string_view op, std::string_view data,
                 std::function<void(std::vector<std::string>)> gathered) {
  auto& st = self->state;
  auto others = st.table->live();
  others.erase(std::remove(others.begin(), others.end(), st.options.node), others.end());
  if (others.empty()) {
    gathered({});
    return;
  }
  struct Gathering {
    std::function<void(std::vector<std::string>)> gathered;
    std::size_t waiting;
    std::vector<std::string> answers;
  };
  auto gathering = std::make_shared<Gathering>(Gathering{std::move(gathered), others.size(), {}});
  for (const auto& node : others) {
    call(self, node, op, data, [gathering](std::optional<std::string> answer) {
      if (answer) {
        gathering->answers.push_back(std::move(*answer));
      }
      if (--gathering->waiting == 0) {
        gathering->gathered(std::move(gathering->answers));
      }
    });
  }
}

void answer(ClusterState& st, const std::string& reply_to, std::string_view data) {
  if (reply_to.empty()) {
    return;
  }
  try {
    st.nats->publish(reply_to, data);
  } catch (const cluster::NatsError& e) {
    st.log->warn("cluster: cannot answer a call: ", e.what());
  }
}

// Another node's call: acts on this node's connections, through the
// directory as the admin port's own requests do.
void serve_call(cluster_pointer self, const std::string& op, const std::string& data,
                const std::string& reply_to) {
  auto& st = self->state;
  if (op == "kick") {
    const auto args = nlohmann::json::parse(data, nullptr, false);
    if (!args.is_object() || !args.value("nick", nlohmann::json()).is_string() ||
        !args.value("reason", nlohmann::json()).is_string()) {
      st.log->warn("cluster: a kick call without nick and reason ignored");
      return;
    }
    self->request(st.directory, kCallTimeout, atoms::kick::value, args["nick"].get<std::string>(),
                  args["reason"].get<std::string>())
        .then([self, reply_to](bool) { answer(self->state, reply_to, "kicked"); },
              [self, reply_to](caf::error&) { answer(self->state, reply_to, "absent"); });
  } else if (op == "announce") {
    self->request(st.directory, kCallTimeout, atoms::announce::value, data)
        .then([self, reply_to](std::uint32_t reached) {
          answer(self->state, reply_to, std::to_string(reached));
        });
  } else if (op == "users") {
    self->request(st.directory, kCallTimeout, atoms::users::value)
        .then([self, reply_to](const std::vector<std::string>& nicks) {
          answer(self->state, reply_to, nlohmann::json(nicks).dump());
        });
  } else {
    st.log->warn("cluster: a call this version does not know ignored: ", op);
  }
}

// The other node whose user has this nick (name key); empty when none.
std::string holder_of(ClusterState& st, const std::string& name_key) {
  try {
    if (!st.nicks) {
      open_nicks_bucket(st);
    }
    const auto entry = st.nicks->get(cluster::hex_key(name_key));
    const auto live = st.table->live();
    if (entry && entry->value != st.options.node &&
        std::binary_search(live.begin(), live.end(), entry->value)) {
      return entry->value;
    }
  } catch (const cluster::NatsError& e) {
    st.log->warn("cluster: cannot look a nick up: ", e.what());
    st.nicks.reset();
    st.nodes.reset();
  }
  return {};
}

void share(ClusterState& st, const std::string& subject, std::string_view data) {
  if (!st.nats || !st.connected) {
    return;  // a console's view, not chat: nothing is owed to it later
  }
  try {
    st.nats->publish(subject, data);
  } catch (const cluster::NatsError&) {
    // As above: the next change or watch brings the view up to date.
  }
}

std::vector<std::string> join(cluster_pointer self) {
  auto& st = self->state;
  const cluster_actor handle = self;
  st.nats = std::make_unique<cluster::NatsClient>(
      st.options.servers, "confabd " + st.options.node,
      cluster::NatsClient::Events{[handle] { caf::anon_send(handle, atoms::link_down::value); },
                                  [handle] { caf::anon_send(handle, atoms::link_up::value); },
                                  [handle](std::string_view data, const std::string& reason) {
                                    caf::anon_send(handle, atoms::unlogged::value,
                                                   std::string(data), reason);
                                  }});
  listen_to_nodes(self);
  st.nodes = open_nodes_bucket(*st.nats);
  st.heartbeat = net::now_timestamp();
  claim_name(st);
  open_nicks_bucket(st);
  st.nodes->watch([handle](const std::string& node, std::optional<std::string> value) {
    if (value) {
      caf::anon_send(handle, atoms::heard::value, node);
    } else {
      caf::anon_send(handle, atoms::node_left::value, node);
    }
  });
  follow_log(st);
  const auto now = Clock::now();
  for (const auto& node : st.nodes->keys()) {
    st.table->heard(node, now);
  }
  st.joined = true;
  self->delayed_send(self, kHeartbeat, atoms::tick::value);
  const auto live = st.table->live();
  st.log->info("cluster: node ", st.options.node, " joined through ", st.nats->connected_url(),
               "; nodes: ", joined_names(live));
  return live;
}

void put_heartbeat(ClusterState& st) {
  if (!st.nodes) {
    st.nodes = open_nodes_bucket(*st.nats);
    open_nicks_bucket(st);
    st.log->info("cluster: key-value buckets opened again, this node's claims written back");
  }
  st.nodes->put(st.options.node, st.heartbeat);
}

void beat(cluster_pointer self) {
  auto& st = self->state;
  try {
    try {
      put_heartbeat(st);
    } catch (const cluster::NatsError&) {
      // A restarted NATS server keeps no in-memory bucket: opened (created)
      // again at once, since the others judge this node by its silence.
      st.nodes.reset();
      st.nicks.reset();
      put_heartbeat(st);
    }
    if (st.heartbeat_failing) {
      st.log->info("cluster: heartbeat restored");
      st.heartbeat_failing = false;
    }
  } catch (const cluster::NatsError& e) {
    if (!st.heartbeat_failing) {
      st.log->warn("cluster: heartbeat failed: ", e.what());
      st.heartbeat_failing = true;
    }
    st.nodes.reset();
    st.nicks.reset();
  }
}

cluster_actor::behavior_type cluster_behavior(cluster_pointer self, std::shared_ptr<Log> log,
                                              ClusterOptions options, directory_actor directory,
                                              admin_hub_actor admin_hub) {
  name_this_thread("confab.cluster");
  auto& st = self->state;
  st.log = std::move(log);
  st.directory = std::move(directory);
  st.admin_hub = std::move(admin_hub);
  st.table.emplace(options.node, kNodeTtl);
  st.options = std::move(options);
  return {
      [self](atoms::start) -> caf::result<std::vector<std::string>> {
        try {
          return join(self);
        } catch (const cluster::NatsError& e) {
          return caf::make_error(caf::sec::runtime_error, e.what());
        }
      },
      [self](atoms::stop) {
        auto& st = self->state;
        if (st.joined && st.nodes) {
          try {
            st.nodes->erase(st.options.node);
          } catch (const cluster::NatsError& e) {
            st.log->warn("cluster: could not say goodbye: ", e.what());
          }
        }
        st.joined = false;
        return true;
      },
      [self](atoms::nodes) {
        auto& st = self->state;
        return caf::make_result(st.options.node, st.table->live());
      },
      [self](atoms::claim, const std::string& name_key) {
        auto& st = self->state;
        try {
          if (!st.nicks) {
            open_nicks_bucket(st);
          }
          return claim_nick(st, name_key);
        } catch (const cluster::NatsError& e) {
          // Without NATS a node keeps serving: the nick is unique on this
          // node, and the claim is written when NATS is back.
          st.log->warn("cluster: nick claim not shared: ", e.what());
          st.held_nicks.insert(name_key);
          st.nicks.reset();
          st.nodes.reset();
          return true;
        }
      },
      [self](atoms::found, const std::string& name_key) {
        return holder_of(self->state, name_key);
      },
      [self](atoms::release, const std::string& name_key) {
        auto& st = self->state;
        if (st.held_nicks.erase(name_key) == 0 || !st.nicks) {
          return;  // without NATS: reconciled when the bucket is opened again
        }
        try {
          st.nicks->erase(cluster::hex_key(name_key));
        } catch (const cluster::NatsError& e) {
          st.log->warn("cluster: nick release not shared: ", e.what());
          st.nicks.reset();
          st.nodes.reset();
        }
      },
      [self](atoms::heard, const std::string& node) {
        auto& st = self->state;
        if (st.joined && st.table->heard(node, Clock::now())) {
          st.log->info("cluster: node ", node, " joined; nodes: ", joined_names(st.table->live()));
          self->send(st.directory, atoms::node_joined::value, node);
        }
      },
      [self](atoms::node_left, const std::string& node) {
        auto& st = self->state;
        if (st.joined && st.table->left(node)) {
          st.log->info("cluster: node ", node, " left; nodes: ", joined_names(st.table->live()));
          self->send(st.directory, atoms::node_gone::value, node);
          self->send(st.admin_hub, atoms::node_gone::value, node);
        }
      },
      [self](atoms::link_down) {
        auto& st = self->state;
        st.connected = false;
        st.log->warn("cluster: lost the connection to NATS; reconnecting");
      },
      [self](atoms::link_up) {
        auto& st = self->state;
        st.connected = true;
        // Nobody's heartbeat could arrive meanwhile: all get a full ttl,
        // and this node beats at once rather than up to a second later.
        st.table->restart_clocks(Clock::now());
        st.log->info("cluster: reconnected to NATS at ", st.nats->connected_url());
        if (st.joined) {
          beat(self);
        }
      },
      [self](atoms::tick) {
        auto& st = self->state;
        if (!st.joined) {
          return;
        }
        beat(self);
        if (st.connected) {
          for (const auto& node : st.table->expire(Clock::now())) {
            st.log->info("cluster: node ", node, " is gone (no heartbeat for ",
                         std::chrono::duration_cast<std::chrono::seconds>(kNodeTtl).count(),
                         " s); nodes: ", joined_names(st.table->live()));
            self->send(st.directory, atoms::node_gone::value, node);
            self->send(st.admin_hub, atoms::node_gone::value, node);
          }
        }
        self->delayed_send(self, kHeartbeat, atoms::tick::value);
      },
      [self](atoms::append, const std::string& subject, const std::string& entry) {
        auto& st = self->state;
        try {
          if (!st.nats) {
            throw cluster::NatsError("not joined");
          }
          st.nats->append(subject, entry);
        } catch (const cluster::NatsError& e) {
          self->send(self, atoms::unlogged::value, entry, std::string(e.what()));
        }
      },
      [self](atoms::kick, const std::string& nick,
             const std::string& reason) -> caf::result<std::string> {
        auto& st = self->state;
        const auto node = holder_of(st, net::name_key(nick));
        if (node.empty()) {
          return make_chat_error(ChatError::no_such_user, "no user " + nick + " is online");
        }
        auto promise = self->make_response_promise<std::string>();
        call(self, node, "kick", nlohmann::json{{"nick", nick}, {"reason", reason}}.dump(),
             [promise, node, nick](std::optional<std::string> answer) mutable {
               if (!answer) {
                 promise.deliver(make_chat_error(ChatError::internal,
                                                 "node " + node + " did not answer; try again"));
               } else if (*answer == "kicked") {
                 promise.deliver(node);
               } else {
                 promise.deliver(
                     make_chat_error(ChatError::no_such_user, "no user " + nick + " is online"));
               }
             });
        return promise;
      },
      [self](atoms::announce, const std::string& text) {
        auto promise = self->make_response_promise<std::uint32_t>();
        call_others(self, "announce", text, [promise](std::vector<std::string> counts) mutable {
          std::uint32_t reached = 0;
          for (const auto& count : counts) {
            reached += static_cast<std::uint32_t>(std::strtoul(count.c_str(), nullptr, 10));
          }
          promise.deliver(reached);
        });
        return promise;
      },
      [self](atoms::users) {
        auto promise = self->make_response_promise<std::vector<std::string>>();
        call_others(self, "users", {}, [promise](std::vector<std::string> lists) mutable {
          std::vector<std::string> nicks;
          for (const auto& list : lists) {
            const auto json = nlohmann::json::parse(list, nullptr, false);
            if (!json.is_array()) {
              continue;
            }
            for (const auto& nick : json) {
              if (nick.is_string()) {
                nicks.push_back(nick.get<std::string>());
              }
            }
          }
          promise.deliver(std::move(nicks));
        });
        return promise;
      },
      [self](atoms::called, const std::string& op, const std::string& data,
             const std::string& reply_to) { serve_call(self, op, data, reply_to); },
      [self](atoms::answered, std::uint64_t token, std::string& data) {
        auto& calls = self->state.calls;
        if (auto it = calls.find(token); it != calls.end()) {
          auto answered = std::move(it->second);
          calls.erase(it);
          answered(std::move(data));
        }
      },
      [self](atoms::call_late, std::uint64_t token) {
        auto& calls = self->state.calls;
        if (auto it = calls.find(token); it != calls.end()) {
          auto answered = std::move(it->second);
          calls.erase(it);
          answered(std::nullopt);
        }
      },
      [self](atoms::share_clients, const std::string& events) {
        auto& st = self->state;
        share(st, cluster::clients_subject(st.options.node), events);
      },
      [self](atoms::watch, bool fresh) {
        auto& st = self->state;
        share(st, cluster::watch_subject(st.options.node), fresh ? "fresh" : "");
      },
      [self](atoms::unlogged, const std::string& data, const std::string& reason) {
        auto& st = self->state;
        auto entry = cluster::decode(data);
        if (!entry) {
          return;
        }
        st.log->warn("cluster: the log did not take an entry (",
                     entry->record.room.empty() ? "an account" : entry->record.room, "): ", reason);
        // Rooms wait for their messages and topics; the directory for the rest.
        const bool rooms_own = entry->kind == cluster::LogEntry::Kind::room_message ||
                               entry->kind == cluster::LogEntry::Kind::room_topic;
        self->send(st.directory, atoms::unlogged::value,
                   rooms_own ? entry->record.room : std::string{}, entry->token, reason);
      },
  };
}

}  // namespace

cluster_actor spawn_cluster(caf::actor_system& system, std::shared_ptr<Log> log,
                            ClusterOptions options, directory_actor directory,
                            admin_hub_actor admin_hub) {
  return system.spawn<caf::detached>(cluster_behavior, std::move(log), std::move(options),
                                     std::move(directory), std::move(admin_hub));
}

}  // namespace confab
