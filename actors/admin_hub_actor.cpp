#include "actors/admin_hub_actor.hpp"

#include <algorithm>
#include <chrono>
#include <deque>
#include <map>
#include <unordered_map>

#include <caf/actor_system.hpp>
#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

#include "actors/actor_context.hpp"
#include "net/names.hpp"
#include "net/protocol_codec.hpp"
#include "net/timestamp.hpp"

namespace confab {
namespace {

using net::Json;

constexpr std::size_t kLogLines = 200;
constexpr auto kUpdateInterval = std::chrono::seconds(1);
// Cluster mode: a console on another node says it watches every update;
// this node shares its clients' events for as long after as this.
constexpr auto kWatchLasts = 3 * kUpdateInterval;
constexpr std::size_t kEventsPerShare = 500;

struct ClientRow {
  std::string nick;
  std::string address;
  std::string dialect;
  // A time, not its text: one row per connection, idle ones too.
  std::chrono::system_clock::time_point since;
  std::vector<std::string> rooms;
  std::uint64_t msgs_in = 0;
  std::uint64_t msgs_out = 0;
  std::uint64_t bytes_in = 0;
  std::uint64_t bytes_out = 0;
  bool changed = false;
};

struct RoomRow {
  std::string name;
  std::string topic;
  std::uint32_t members = 0;
  std::int64_t messages = 0;
  std::uint32_t retention_days = 0;
  bool changed = false;
};

struct AdminHubState {
  SharedContext context;
  std::map<ConnectionId, ClientRow> clients;
  std::map<std::string, RoomRow> rooms;  // by name key
  std::unordered_map<std::int64_t, std::string> room_key_by_id;
  std::deque<Json> log;
  std::vector<ConnectionId> subscribers;
  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
  std::uint64_t connections_total = 0;
  std::uint64_t bytes_in = 0;
  std::uint64_t bytes_out = 0;
  std::int64_t first_msg_id = 0;
  std::int64_t last_sample_msg_id = 0;  // messages_so_far() at the last tick
  // Cluster mode: room messages take their ids from the shared log, not
  // this node's counter; they are counted as storage reports them.
  std::int64_t logged_messages = 0;
  double messages_per_second = 0;
  // Cluster mode: the other nodes' clients while a console here watches
  // (node, then conn: the row as its node sent it), this node's client
  // events not yet shared, and until when a console elsewhere watches.
  std::map<std::string, std::map<ConnectionId, Json>> remote_clients;
  Json unshared = Json::array();
  std::chrono::steady_clock::time_point watched_until{};
};

using hub_pointer = admin_hub_actor::stateful_pointer<AdminHubState>;

// `node` only in cluster mode: connection ids are each node's own.
Json client_json(const std::string& node, ConnectionId conn, const ClientRow& row,
                 std::string_view event = {}) {
  Json json{{"conn", conn},
            {"nick", row.nick},
            {"addr", row.address},
            {"dialect", row.dialect},
            {"rooms", row.rooms},
            {"since", net::format_timestamp(row.since)},
            {"msgs_in", row.msgs_in},
            {"msgs_out", row.msgs_out},
            {"bytes_in", row.bytes_in},
            {"bytes_out", row.bytes_out}};
  if (!node.empty()) {
    json["node"] = node;
  }
  if (!event.empty()) {
    json["type"] = "client";
    json["event"] = event;
  }
  return json;
}

Json room_json(const RoomRow& row, std::string_view event = {}) {
  Json json{{"name", row.name},
            {"topic", row.topic},
            {"members", row.members},
            {"messages", row.messages},
            {"retention_days", row.retention_days}};
  if (!event.empty()) {
    json["type"] = "room";
    json["event"] = event;
  }
  return json;
}

// One encoding for every subscribed console.
void push(hub_pointer self, const Json& event) {
  auto& st = self->state;
  if (st.subscribers.empty()) {
    return;
  }
  auto recipients = Recipients{std::make_shared<const std::vector<ConnectionId>>(st.subscribers)};
  self->send(st.context->gateway, atoms::fanout::value, std::move(recipients), ConnectionId{0},
             make_shared_frame(net::encode_frame(event)));
}

bool watched_elsewhere(const AdminHubState& st) {
  return st.context->cluster && std::chrono::steady_clock::now() < st.watched_until;
}

// To this node's consoles, and to the other nodes' while one watches.
void push_client(hub_pointer self, ConnectionId conn, const ClientRow& row,
                 std::string_view event) {
  auto& st = self->state;
  auto json = client_json(st.context->node, conn, row, event);
  push(self, json);
  if (watched_elsewhere(st)) {
    st.unshared.push_back(std::move(json));
  }
}

// In pieces well below NATS's largest message (1 MB), at ~250 bytes an
// event: a fresh watch of a node with 10 000 clients is 20 of them.
void share_unshared(hub_pointer self) {
  auto& st = self->state;
  for (std::size_t from = 0; from < st.unshared.size(); from += kEventsPerShare) {
    const auto to = std::min(st.unshared.size(), from + kEventsPerShare);
    const Json piece(st.unshared.begin() + static_cast<std::ptrdiff_t>(from),
                     st.unshared.begin() + static_cast<std::ptrdiff_t>(to));
    self->send(st.context->cluster, atoms::share_clients::value, piece.dump());
  }
  st.unshared = Json::array();
}

// A console elsewhere watches: every client here, for a console that has
// just started; from now on, every change.
void watched(hub_pointer self, bool fresh) {
  auto& st = self->state;
  const bool was_watched = watched_elsewhere(st);
  st.watched_until = std::chrono::steady_clock::now() + kWatchLasts;
  if (fresh || !was_watched) {
    // Whatever was left unshared is older than the rows themselves.
    st.unshared = Json::array();
    for (const auto& [conn, row] : st.clients) {
      st.unshared.push_back(client_json(st.context->node, conn, row, "connect"));
    }
    share_unshared(self);
  }
}

void apply_remote_clients(hub_pointer self, const std::string& node, const std::string& data) {
  auto& st = self->state;
  if (st.subscribers.empty()) {
    return;  // kept only while watched: the next console asks afresh
  }
  const auto events = Json::parse(data, nullptr, false);
  if (!events.is_array()) {
    return;
  }
  auto& rows = st.remote_clients[node];
  for (const auto& event : events) {
    if (!event.is_object() || !event.contains("conn") || !event["conn"].is_number_unsigned()) {
      continue;
    }
    const auto conn = event["conn"].get<ConnectionId>();
    if (event.value("event", "") == "disconnect") {
      rows.erase(conn);
    } else {
      auto& row = rows[conn] = event;
      row.erase("type");
      row.erase("event");
    }
    push(self, event);
  }
}

void forget_node_clients(hub_pointer self, const std::string& node) {
  auto& st = self->state;
  auto it = st.remote_clients.find(node);
  if (it == st.remote_clients.end()) {
    return;
  }
  for (auto& [conn, row] : it->second) {
    row["type"] = "client";
    row["event"] = "disconnect";
    push(self, row);
  }
  st.remote_clients.erase(it);
}

std::int64_t messages_so_far(const AdminHubState& st) {
  return st.context->msg_ids->current() - st.first_msg_id + st.logged_messages;
}

admin_hub_actor::behavior_type admin_hub_behavior(hub_pointer self, SharedContext context) {
  auto& st = self->state;
  st.context = std::move(context);
  st.first_msg_id = st.context->msg_ids->current();
  self->delayed_send(self, kUpdateInterval, atoms::tick::value);
  return {
      [self](atoms::client_open, ConnectionId conn, std::string& address,
             std::chrono::system_clock::time_point since) {
        auto& st = self->state;
        ++st.connections_total;
        auto& row = st.clients[conn];
        row.address = std::move(address);
        row.since = since;
        push_client(self, conn, row, "connect");
      },
      [self](atoms::client_close, ConnectionId conn) {
        auto& st = self->state;
        auto it = st.clients.find(conn);
        if (it != st.clients.end()) {
          push_client(self, conn, it->second, "disconnect");
          st.clients.erase(it);
        }
      },
      [self](atoms::counters, const std::vector<ConnectionCounters>& batch) {
        auto& st = self->state;
        for (const auto& delta : batch) {
          st.bytes_in += delta.bytes_in;
          st.bytes_out += delta.bytes_out;
          auto it = st.clients.find(delta.conn);
          if (it == st.clients.end()) {
            continue;
          }
          auto& row = it->second;
          row.msgs_in += delta.frames_in;
          row.msgs_out += delta.frames_out;
          row.bytes_in += delta.bytes_in;
          row.bytes_out += delta.bytes_out;
          row.changed = true;
        }
      },
      [self](atoms::client_nick, ConnectionId conn, std::string& nick, std::string& dialect) {
        auto it = self->state.clients.find(conn);
        if (it != self->state.clients.end()) {
          it->second.nick = std::move(nick);
          it->second.dialect = std::move(dialect);
          it->second.changed = true;
        }
      },
      [self](atoms::client_rooms, ConnectionId conn, std::vector<std::string>& rooms) {
        auto it = self->state.clients.find(conn);
        if (it != self->state.clients.end()) {
          it->second.rooms = std::move(rooms);
          it->second.changed = true;
        }
      },
      [self](atoms::room_created, std::int64_t room_id, std::string& name, std::string& topic,
             std::uint32_t members, std::int64_t messages, std::uint32_t retention_days) {
        auto& st = self->state;
        auto key = net::name_key(name);
        auto& row = st.rooms[key];
        row = RoomRow{std::move(name), std::move(topic), members, messages, retention_days, false};
        st.room_key_by_id[room_id] = std::move(key);
        push(self, room_json(row, "create"));
      },
      [self](atoms::room_update, const std::string& name, std::uint32_t members) {
        auto& rooms = self->state.rooms;
        if (auto it = rooms.find(net::name_key(name)); it != rooms.end()) {
          it->second.members = members;
          it->second.changed = true;
        }
      },
      [self](atoms::room_stored, const std::vector<RoomStored>& stored) {
        auto& st = self->state;
        for (const auto& [room_id, messages] : stored) {
          if (st.context->cluster) {
            st.logged_messages += messages;
          }
          const auto key = st.room_key_by_id.find(room_id);
          if (key == st.room_key_by_id.end()) {
            continue;
          }
          if (auto it = st.rooms.find(key->second); it != st.rooms.end()) {
            it->second.messages += messages;
            it->second.changed = true;
          }
        }
      },
      [self](atoms::topic, const std::string& name, std::string& topic) {
        auto& rooms = self->state.rooms;
        if (auto it = rooms.find(net::name_key(name)); it != rooms.end()) {
          it->second.topic = std::move(topic);
          push(self, room_json(it->second, "update"));
        }
      },
      [self](atoms::retention, const std::string& name, std::uint32_t days) {
        auto& rooms = self->state.rooms;
        if (auto it = rooms.find(net::name_key(name)); it != rooms.end()) {
          it->second.retention_days = days;
          push(self, room_json(it->second, "update"));
        }
      },
      [self](atoms::room_deleted, const std::string& name) {
        auto& rooms = self->state.rooms;
        auto it = rooms.find(net::name_key(name));
        if (it != rooms.end()) {
          push(self, room_json(it->second, "delete"));
          rooms.erase(it);
        }
        const auto key = net::name_key(name);
        auto& ids = self->state.room_key_by_id;
        for (auto id = ids.begin(); id != ids.end(); ++id) {
          if (id->second == key) {
            ids.erase(id);
            break;
          }
        }
      },
      [self](atoms::log_line, std::string& ts, std::string& level, std::string& text) {
        auto& st = self->state;
        Json line{{"type", "log"},
                  {"ts", std::move(ts)},
                  {"level", std::move(level)},
                  {"text", std::move(text)}};
        push(self, line);
        st.log.push_back(std::move(line));
        while (st.log.size() > kLogLines) {
          st.log.pop_front();
        }
      },
      [self](atoms::subscribe, ConnectionId conn) {
        auto& st = self->state;
        if (st.subscribers.empty() && st.context->cluster) {
          // The other nodes' clients follow as live events.
          self->send(st.context->cluster, atoms::watch::value, true);
        }
        if (std::find(st.subscribers.begin(), st.subscribers.end(), conn) == st.subscribers.end()) {
          st.subscribers.push_back(conn);
        }
        // The snapshot is current: rows changed before it need no update.
        // Rows of this node that changed are still shared with the others.
        Json clients = Json::array();
        for (auto& [id, row] : st.clients) {
          if (row.changed && watched_elsewhere(st)) {
            st.unshared.push_back(client_json(st.context->node, id, row, "update"));
          }
          row.changed = false;
          clients.push_back(client_json(st.context->node, id, row));
        }
        for (const auto& [node, rows] : st.remote_clients) {
          for (const auto& [id, row] : rows) {
            clients.push_back(row);
          }
        }
        Json rooms = Json::array();
        for (auto& [key, row] : st.rooms) {
          row.changed = false;
          rooms.push_back(room_json(row));
        }
        Json log = Json::array();
        for (const auto& line : st.log) {
          log.push_back({{"ts", line["ts"]}, {"level", line["level"]}, {"text", line["text"]}});
        }
        return Json{
            {"clients", std::move(clients)}, {"rooms", std::move(rooms)}, {"log", std::move(log)}}
            .dump();
      },
      [self](atoms::unsubscribe, ConnectionId conn) {
        auto& subscribers = self->state.subscribers;
        subscribers.erase(std::remove(subscribers.begin(), subscribers.end(), conn),
                          subscribers.end());
        if (subscribers.empty()) {
          self->state.remote_clients.clear();  // no longer kept up to date
        }
      },
      [self](atoms::stats) {
        auto& st = self->state;
        const auto uptime = std::chrono::duration_cast<std::chrono::seconds>(
            std::chrono::steady_clock::now() - st.started);
        return Json{{"connections", st.clients.size()},
                    {"connections_total", st.connections_total},
                    {"rooms", st.rooms.size()},
                    {"messages", messages_so_far(st)},
                    {"messages_per_s", st.messages_per_second},
                    {"bytes_in", st.bytes_in},
                    {"bytes_out", st.bytes_out},
                    {"uptime_s", uptime.count()}}
            .dump();
      },
      [self](atoms::remote_clients, const std::string& node, const std::string& events) {
        apply_remote_clients(self, node, events);
      },
      [self](atoms::watch, const std::string&, bool fresh) { watched(self, fresh); },
      [self](atoms::node_gone, const std::string& node) { forget_node_clients(self, node); },
      [self](atoms::tick) {
        auto& st = self->state;
        const auto now_id = messages_so_far(st);
        st.messages_per_second = static_cast<double>(now_id - st.last_sample_msg_id) /
                                 std::chrono::duration<double>(kUpdateInterval).count();
        st.last_sample_msg_id = now_id;
        self->delayed_send(self, kUpdateInterval, atoms::tick::value);
        if (!st.subscribers.empty() && st.context->cluster) {
          self->send(st.context->cluster, atoms::watch::value, false);
        }
        // Encoding every busy row is milliseconds at 10 000 clients, spent
        // on the thread the chat's actors share; without a console it
        // would be for no one (a subscriber starts from a snapshot).
        if (st.subscribers.empty() && !watched_elsewhere(st)) {
          return;
        }
        for (auto& [conn, row] : st.clients) {
          if (row.changed) {
            row.changed = false;
            push_client(self, conn, row, "update");
          }
        }
        share_unshared(self);
        for (auto& [key, row] : st.rooms) {
          if (row.changed) {
            row.changed = false;
            push(self, room_json(row, "update"));
          }
        }
      },
  };
}

}  // namespace

admin_hub_actor spawn_admin_hub(caf::actor_system& system, SharedContext context) {
  return system.spawn<caf::lazy_init>(admin_hub_behavior, std::move(context));
}

}  // namespace confab
