#include "actors/directory_actor.hpp"
#include "actors/room_actor.hpp"

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <tuple>

#include <caf/actor_system.hpp>
#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

#include "actors/actor_context.hpp"
#include "actors/chat_error.hpp"
#include "actors/dialect_fanout.hpp"
#include "actors/shared_log.hpp"
#include "actors/window_counter.hpp"
#include "cluster/chat_log.hpp"
#include "net/dialect.hpp"
#include "net/names.hpp"
#include "net/timestamp.hpp"

namespace confab {
namespace {

// How long a login waits for the cluster to answer a nick claim; past it the
// nick is this node's alone (as while NATS is away).
constexpr auto kClusterClaimTimeout = std::chrono::seconds(5);

struct OnlineUser {
  MemberRef member;
  // False while the session is still checking the password: the nick is
  // taken, but the user is not reachable yet.
  bool confirmed = false;
  // Who receives a private message sent now: an account, or 0 for a guest.
  std::int64_t account_id = 0;
  // Set while the user is away (IRC's AWAY).
  std::string away;
};

struct RoomEntry {
  room_actor handle;
  std::int64_t room_id = 0;
  std::string name;
  std::string topic;
  std::uint32_t members = 0;
};

// What an administrator's deletion tells the room's members.
constexpr const char* kDeletedReason = "the room was deleted";

// Cluster mode: a room this node asked the shared log for, and who waits.
struct LogCreation {
  caf::typed_response_promise<JoinReply> promise;
  MemberRef creator;
  std::string key;
};

// A logged entry for a room still being stored here: sends it on to the
// room once there is one.
using HeldEntry = std::function<void(const room_actor&)>;

struct DirectoryState {
  SharedContext context;
  std::map<std::string, OnlineUser> users;  // by nick key
  std::map<caf::actor_addr, std::string> user_by_session;
  std::map<std::string, RoomEntry> rooms;  // by name key
  std::set<std::string> rooms_being_created;
  // Cluster mode: this node's new rooms on their way through the log (by
  // token), and the logged rooms being stored, with the messages that
  // arrived for them meanwhile (by name key).
  std::uint64_t last_token = 0;
  std::map<std::uint64_t, LogCreation> logging;
  std::map<std::string, std::vector<HeldEntry>> storing;
  // Private messages this node's users send, on their way through the log
  // (by token), with the recipient's away message when known.
  std::map<std::uint64_t, std::pair<caf::typed_response_promise<MessageAck>, std::string>> sending;
  // Accounts this node registers, on their way through the log (by token).
  std::map<std::uint64_t, caf::typed_response_promise<std::int64_t>> enrolling;
  // Rooms this node's administrator deletes, on their way through the log.
  std::map<std::uint64_t, caf::typed_response_promise<bool>> deleting;
  std::optional<WindowCounter> rooms_created;
  // Set while stopping: answered once every room has terminated, so storage
  // is synced only after the last room handed over its last message.
  std::optional<caf::typed_response_promise<bool>> stop_promise;
  std::size_t rooms_running = 0;
};

using directory_pointer = directory_actor::stateful_pointer<DirectoryState>;

void add_room(directory_pointer self, storage::RoomRecord record,
              std::vector<net::MessageRecord> recent) {
  auto& st = self->state;
  RoomEntry entry;
  entry.name = record.name;
  entry.room_id = record.room_id;
  entry.topic = record.topic;
  self->send(st.context->admin_hub, atoms::room_created::value, record.room_id, record.name,
             record.topic, std::uint32_t{0}, record.messages, record.retention_days);
  entry.handle = spawn_room(self->system(), st.context, std::move(record), std::move(recent));
  st.rooms.emplace(net::name_key(entry.name), std::move(entry));
}

void release_in_cluster(directory_pointer self, const std::string& name_key) {
  if (const auto& cluster = self->state.context->cluster) {
    self->send(cluster, atoms::release::value, name_key);
  }
}

// Cluster mode: a new room is created on every node when it comes back from
// the shared log; the first of two with one name wins everywhere.
caf::result<JoinReply> append_room(directory_pointer self, const std::string& name,
                                   const std::string& topic, MemberRef creator, std::string key) {
  auto& st = self->state;
  cluster::LogEntry entry;
  entry.kind = cluster::LogEntry::Kind::room_created;
  entry.token = ++st.last_token;
  entry.record.room = name;
  entry.record.from = creator.nick;
  entry.record.from_account = creator.account;
  entry.record.text = topic;
  auto promise = self->make_response_promise<JoinReply>();
  st.logging.emplace(entry.token, LogCreation{promise, std::move(creator), key});
  append_to_shared_log(self, *st.context, entry);
  return promise;
}

void store_logged_room(directory_pointer self, const std::string& name, const std::string& topic,
                       const std::string& creator, std::int64_t creator_account,
                       std::optional<LogCreation> mine) {
  auto& st = self->state;
  const auto key = net::name_key(name);
  self->request(st.context->storage, caf::infinite, atoms::create::value, name, topic, creator,
                creator_account)
      .then(
          [self, key, creator, mine](storage::RoomRecord& record) mutable {
            auto& st = self->state;
            st.context->log->info("room ", record.name, " created by ", creator,
                                  mine ? "" : " on another node");
            add_room(self, std::move(record), {});
            const auto& room = st.rooms[key].handle;
            for (auto& send_held : st.storing[key]) {
              send_held(room);
            }
            st.storing.erase(key);
            if (mine) {
              mine->promise.delegate(room, atoms::create::value, std::move(mine->creator));
            }
          },
          [self, key, name, mine](caf::error& error) mutable {
            auto& st = self->state;
            st.context->log->warn("cluster: room ", name,
                                  " from the log not stored: ", self->system().render(error));
            st.storing.erase(key);
            if (mine) {
              mine->promise.deliver(std::move(error));
            }
          });
}

void apply_logged_room(directory_pointer self, const std::string& name, const std::string& topic,
                       const std::string& creator, bool creator_registered, const std::string& node,
                       std::uint64_t token) {
  auto& st = self->state;
  const auto key = net::name_key(name);
  auto mine = take_own(st.logging, *st.context, node, token);
  if (mine) {
    st.rooms_being_created.erase(key);
  }
  if (st.rooms.count(key) != 0 || st.storing.count(key) != 0) {
    if (mine) {
      mine->promise.deliver(make_chat_error(ChatError::room_exists, "room " + name + " exists"));
    }
    return;
  }
  st.storing[key];
  if (mine || !creator_registered) {
    const auto account = mine ? mine->creator.account : std::int64_t{0};
    store_logged_room(self, name, topic, creator, account, std::move(mine));
    return;
  }
  // Account ids are each node's own: the creator's is found by its nick,
  // which the log registered here before it could create a room.
  self->request(st.context->storage, caf::infinite, atoms::account::value, creator)
      .then(
          [self, name, topic, creator](const storage::Account& account) {
            store_logged_room(self, name, topic, creator, account.account_id, std::nullopt);
          },
          [self, name, topic, creator](caf::error&) {
            store_logged_room(self, name, topic, creator, 0, std::nullopt);
          });
}

// Cluster mode: a logged entry goes to its room, or waits while the room is
// being stored here.
template <class... Ts>
void to_logged_room(directory_pointer self, const std::string& room, Ts&&... xs) {
  auto& st = self->state;
  const auto key = net::name_key(room);
  if (auto held = st.storing.find(key); held != st.storing.end()) {
    held->second.emplace_back(
        [self, entry = std::make_tuple(std::forward<Ts>(xs)...)](const room_actor& handle) {
          std::apply([&](const auto&... ys) { self->send(handle, ys...); }, entry);
        });
    return;
  }
  auto it = st.rooms.find(key);
  if (it == st.rooms.end()) {
    st.context->log->warn("cluster: an entry for unknown room ", room, " skipped");
    return;
  }
  self->send(it->second.handle, std::forward<Ts>(xs)...);
}

std::vector<std::string> online_here(const DirectoryState& st) {
  std::vector<std::string> nicks;
  for (const auto& [key, user] : st.users) {
    if (user.confirmed) {
      nicks.push_back(user.member.nick);
    }
  }
  return nicks;
}

// In name order, each once: a user moving between nodes may be seen on both
// for a moment.
std::vector<std::string> everyone_online(std::vector<std::string> here,
                                         const std::vector<std::string>& elsewhere) {
  std::map<std::string, std::string> by_key;
  for (auto& nick : here) {
    by_key.emplace(net::name_key(nick), std::move(nick));
  }
  for (const auto& nick : elsewhere) {
    by_key.emplace(net::name_key(nick), nick);
  }
  std::vector<std::string> nicks;
  nicks.reserve(by_key.size());
  for (auto& [key, nick] : by_key) {
    nicks.push_back(std::move(nick));
  }
  return nicks;
}

// The room's members are removed, then its history and files deleted.
void delete_room_here(directory_pointer self, const std::string& key, const std::string& by,
                      const std::string& reason,
                      std::optional<caf::typed_response_promise<bool>> promise) {
  auto& st = self->state;
  auto it = st.rooms.find(key);
  if (it == st.rooms.end()) {
    if (promise) {
      promise->deliver(true);  // deleted already, from elsewhere
    }
    return;
  }
  // Gone from the directory at once: no one joins it meanwhile.
  auto entry = std::move(it->second);
  st.rooms.erase(it);
  self->request(entry.handle, caf::infinite, atoms::delete_room::value, by, reason)
      .then(
          [self, promise, entry](bool) mutable {
            // The room handed storage its last message before it answered,
            // so the deletion comes after it.
            auto& st = self->state;
            self->request(st.context->storage, caf::infinite, atoms::delete_room::value,
                          entry.room_id)
                .then(
                    [self, promise, name = entry.name](bool) mutable {
                      auto& st = self->state;
                      st.context->log->info("room ", name, " deleted");
                      self->send(st.context->admin_hub, atoms::room_deleted::value, name);
                      if (promise) {
                        promise->deliver(true);
                      }
                    },
                    [promise](caf::error& error) mutable {
                      if (promise) {
                        promise->deliver(std::move(error));
                      }
                    });
          },
          [promise](caf::error& error) mutable {
            if (promise) {
              promise->deliver(std::move(error));
            }
          });
}

// Cluster mode: deleted on every node when it comes back from the log.
void append_deletion(directory_pointer self, const std::string& name,
                     caf::typed_response_promise<bool> promise) {
  auto& st = self->state;
  cluster::LogEntry entry;
  entry.kind = cluster::LogEntry::Kind::room_deleted;
  entry.token = ++st.last_token;
  entry.record.room = name;
  entry.record.text = kDeletedReason;
  entry.by = "admin";
  st.deleting.emplace(entry.token, std::move(promise));
  append_to_shared_log(self, *st.context, entry);
}

void apply_logged_deletion(directory_pointer self, const std::string& room, const std::string& by,
                           const std::string& reason, const std::string& node,
                           std::uint64_t token) {
  auto& st = self->state;
  auto mine = take_own(st.deleting, *st.context, node, token);
  const auto key = net::name_key(room);
  if (auto held = st.storing.find(key); held != st.storing.end()) {
    held->second.emplace_back([self, key, by, reason, mine](const room_actor&) {
      delete_room_here(self, key, by, reason, mine);
    });
    return;
  }
  delete_room_here(self, key, by, reason, std::move(mine));
}

void append_private(directory_pointer self, net::MessageRecord message, bool online,
                    std::string away, caf::typed_response_promise<MessageAck> promise) {
  auto& st = self->state;
  cluster::LogEntry entry;
  entry.kind = cluster::LogEntry::Kind::private_message;
  entry.token = ++st.last_token;
  entry.online = online;
  message.ts = net::now_timestamp();
  entry.record = std::move(message);
  st.sending.emplace(entry.token, std::make_pair(std::move(promise), std::move(away)));
  append_to_shared_log(self, *st.context, entry);
}

// Cluster mode: a private message goes through the log to every node (each
// keeps the conversation); the recipient's node shows it. Refused here when
// no node has the recipient online and no account has the nick.
caf::result<MessageAck> send_private(directory_pointer self, net::MessageRecord message) {
  auto& st = self->state;
  auto promise = self->make_response_promise<MessageAck>();
  const auto key = net::name_key(message.to);
  if (auto it = st.users.find(key); it != st.users.end() && it->second.confirmed) {
    message.to = it->second.member.nick;
    append_private(self, std::move(message), true, it->second.away, promise);
    return promise;
  }
  self->request(st.context->cluster, kClusterClaimTimeout, atoms::found::value, key)
      .then(
          [self, promise, message](const std::string& node) mutable {
            if (!node.empty()) {
              append_private(self, std::move(message), true, {}, promise);
              return;
            }
            const auto to = message.to;
            self->request(self->state.context->storage, caf::infinite, atoms::account::value, to)
                .then(
                    [self, promise, message](const storage::Account& account) mutable {
                      if (account.account_id == 0) {
                        promise.deliver(make_chat_error(ChatError::no_such_user,
                                                        "no user " + message.to + " is online"));
                        return;
                      }
                      append_private(self, std::move(message), false, {}, promise);
                    },
                    [promise](caf::error& error) mutable { promise.deliver(std::move(error)); });
          },
          [promise](caf::error& error) mutable { promise.deliver(std::move(error)); });
  return promise;
}

// Cluster mode: every node keeps a private message as not delivered but the
// one that hands it to its recipient, which tells the others.
void append_delivered(directory_pointer self, const std::string& nick, std::int64_t up_to) {
  auto& st = self->state;
  cluster::LogEntry entry;
  entry.kind = cluster::LogEntry::Kind::private_delivered;
  entry.record.to = nick;
  entry.record.msg_id = up_to;
  append_to_shared_log(self, *st.context, entry);
}

void apply_logged_private(directory_pointer self, net::MessageRecord& message,
                          const std::string& node, std::uint64_t token, bool online) {
  auto& st = self->state;
  auto mine = take_own(st.sending, *st.context, node, token);
  // A file is named by its message's id on every node.
  std::optional<storage::FileOrigin> file_origin;
  if (message.is_file()) {
    file_origin = storage::FileOrigin{node, message.file_id};
    message.file_id = message.msg_id;
  }
  bool delivered = false;
  if (auto it = st.users.find(net::name_key(message.to));
      it != st.users.end() && it->second.confirmed) {
    const auto& recipient = it->second.member;
    message.to = recipient.nick;
    self->send(
        st.context->gateway, atoms::send::value, recipient.conn,
        make_shared_frame(net::dialect(recipient.dialect).render(net::MessageEvent{message})));
    append_delivered(self, recipient.nick, message.msg_id);
    delivered = true;
  }
  auto on_stored = [self, mine, online, copied = file_origin.has_value()](MessageAck& ack) mutable {
    if (copied) {
      self->send(self->state.context->file_stream, atoms::copying::value);
    }
    if (mine) {
      ack.delivered = online;
      ack.away = std::move(mine->second);
      mine->first.deliver(std::move(ack));
    }
  };
  auto on_failed = [self, mine](caf::error& error) mutable {
    self->state.context->log->warn("cluster: a private message from the log not stored: ",
                                   self->system().render(error));
    if (mine) {
      mine->first.deliver(std::move(error));
    }
  };
  if (file_origin) {
    self->request(st.context->storage, caf::infinite, atoms::logged_file::value, std::move(message),
                  std::int64_t{0}, *file_origin, delivered)
        .then(std::move(on_stored), std::move(on_failed));
    return;
  }
  self->request(st.context->storage, caf::infinite, atoms::logged_pm::value, std::move(message),
                delivered)
      .then(std::move(on_stored), std::move(on_failed));
}

caf::error no_such_room(const std::string& name) {
  return make_chat_error(ChatError::no_such_room, "no such room: " + name);
}

directory_actor::behavior_type directory_behavior(
    directory_pointer self, SharedContext context, std::vector<storage::RoomRecord> rooms,
    std::vector<std::vector<net::MessageRecord>> recent) {
  auto& st = self->state;
  st.context = std::move(context);
  st.rooms_created.emplace(st.context->limits.rooms_per_creator, st.context->limits.rooms_window);
  for (std::size_t i = 0; i < rooms.size(); ++i) {
    add_room(self, std::move(rooms[i]),
             i < recent.size() ? std::move(recent[i]) : std::vector<net::MessageRecord>{});
  }
  self->set_down_handler([self](const caf::down_msg& down) {
    auto& st = self->state;
    if (st.stop_promise) {
      if (--st.rooms_running == 0) {
        st.stop_promise->deliver(true);
        self->quit();
      }
      return;
    }
    auto it = st.user_by_session.find(down.source);
    if (it != st.user_by_session.end()) {
      auto user = st.users.find(it->second);
      // Every private message passes through here on its way to storage,
      // so this comes after the last one that involved the guest.
      if (user != st.users.end() && user->second.confirmed && user->second.account_id == 0) {
        self->send(st.context->storage, atoms::forget::value, user->second.member.nick);
      }
      release_in_cluster(self, it->second);
      st.users.erase(it->second);
      st.user_by_session.erase(it);
    }
  });
  return {
      [self](atoms::claim, MemberRef& member) -> caf::result<bool> {
        auto& st = self->state;
        auto key = net::name_key(member.nick);
        if (st.users.count(key) != 0) {
          return make_chat_error(ChatError::nick_taken, "nick " + member.nick + " is in use");
        }
        const auto session = member.session;
        self->monitor(session);
        st.user_by_session[session.address()] = key;
        st.users.emplace(key, OnlineUser{std::move(member), false, 0, {}});
        if (!st.context->cluster) {
          return true;
        }
        // Taken here first, so a second claim on this node is refused at
        // once; then across the cluster.
        auto promise = self->make_response_promise<bool>();
        self->request(st.context->cluster, kClusterClaimTimeout, atoms::claim::value, key)
            .then(
                [self, promise, key, session](bool claimed) mutable {
                  if (claimed) {
                    promise.deliver(true);
                    return;
                  }
                  auto& st = self->state;
                  auto user = st.users.find(key);
                  if (user != st.users.end() && user->second.member.session == session) {
                    st.user_by_session.erase(session.address());
                    self->demonitor(session.address());
                    promise.deliver(make_chat_error(
                        ChatError::nick_taken,
                        "nick " + user->second.member.nick + " is in use on another node"));
                    st.users.erase(user);
                    return;
                  }
                  promise.deliver(make_chat_error(ChatError::nick_taken, "nick is in use"));
                },
                [self, promise](caf::error& error) mutable {
                  self->state.context->log->warn("cluster: a nick claim went unanswered (",
                                                 self->system().render(error),
                                                 "); the nick is unique on this node only");
                  promise.deliver(true);
                });
        return promise;
      },
      [self](atoms::confirm, const std::string& nick, std::int64_t account_id) {
        auto it = self->state.users.find(net::name_key(nick));
        if (it != self->state.users.end()) {
          it->second.confirmed = true;
          it->second.account_id = account_id;
        }
      },
      [self](atoms::release, const std::string& nick) {
        auto& st = self->state;
        auto it = st.users.find(net::name_key(nick));
        if (it != st.users.end()) {
          auto session = it->second.member.session.address();
          st.user_by_session.erase(session);
          self->demonitor(session);
          release_in_cluster(self, it->first);
          st.users.erase(it);
        }
      },
      [self](atoms::create, const std::string& name, const std::string& topic, MemberRef& creator,
             const std::string& creator_key) -> caf::result<JoinReply> {
        auto& st = self->state;
        auto key = net::name_key(name);
        if (st.rooms.count(key) != 0 || st.rooms_being_created.count(key) != 0 ||
            st.storing.count(key) != 0) {
          return make_chat_error(ChatError::room_exists, "room " + name + " exists");
        }
        const auto max_rooms = st.context->limits.max_rooms;
        if (st.rooms.size() + st.rooms_being_created.size() >= max_rooms) {
          return make_chat_error(ChatError::forbidden, "the server has its limit of " +
                                                           std::to_string(max_rooms) + " rooms");
        }
        if (!creator_key.empty()) {
          if (const auto wait = st.rooms_created->take(creator_key); wait > 0) {
            return make_chat_error(ChatError::rate_limited,
                                   "you created " +
                                       std::to_string(st.context->limits.rooms_per_creator) +
                                       " rooms lately; retry later",
                                   wait);
          }
        }
        st.rooms_being_created.insert(key);
        if (st.context->cluster) {
          return append_room(self, name, topic, std::move(creator), key);
        }
        auto promise = self->make_response_promise<JoinReply>();
        self->request(st.context->storage, caf::infinite, atoms::create::value, name, topic,
                      creator.nick, creator.account)
            .then(
                [self, promise, key, creator](storage::RoomRecord& record) mutable {
                  auto& st = self->state;
                  st.rooms_being_created.erase(key);
                  st.context->log->info("room ", record.name, " created by ", creator.nick);
                  add_room(self, std::move(record), {});
                  promise.delegate(st.rooms[key].handle, atoms::create::value, std::move(creator));
                },
                [self, promise, key](caf::error& error) mutable {
                  self->state.rooms_being_created.erase(key);
                  promise.deliver(std::move(error));
                });
        return promise;
      },
      [self](atoms::join, const std::string& name, MemberRef& member) -> caf::result<JoinReply> {
        auto& st = self->state;
        auto it = st.rooms.find(net::name_key(name));
        if (it == st.rooms.end()) {
          return no_such_room(name);
        }
        return self->delegate(it->second.handle, atoms::join::value, std::move(member));
      },
      [self](atoms::rooms, const std::string& after, std::uint32_t limit) {
        const auto& rooms = self->state.rooms;
        RoomPage page;
        auto it = after.empty() ? rooms.begin() : rooms.upper_bound(net::name_key(after));
        for (; it != rooms.end() && page.rooms.size() < limit; ++it) {
          page.rooms.push_back(RoomSummary{it->second.name, it->second.topic, it->second.members});
        }
        page.more = it != rooms.end();
        return page;
      },
      [self](atoms::users) { return online_here(self->state); },
      [self](atoms::users, const std::string& room) -> caf::result<RoomMembers> {
        auto& st = self->state;
        if (room.empty() && !st.context->cluster) {
          return RoomMembers{online_here(st), {}};
        }
        if (room.empty()) {
          auto promise = self->make_response_promise<RoomMembers>();
          self->request(st.context->cluster, caf::infinite, atoms::users::value)
              .then(
                  [self, promise](std::vector<std::string>& elsewhere) mutable {
                    promise.deliver(
                        RoomMembers{everyone_online(online_here(self->state), elsewhere), {}});
                  },
                  [promise](caf::error& error) mutable { promise.deliver(std::move(error)); });
          return promise;
        }
        auto it = st.rooms.find(net::name_key(room));
        if (it == st.rooms.end()) {
          return no_such_room(room);
        }
        return self->delegate(it->second.handle, atoms::members::value);
      },
      [self](atoms::pm, net::MessageRecord& message) -> caf::result<MessageAck> {
        auto& st = self->state;
        if (st.context->cluster) {
          return send_private(self, std::move(message));
        }
        auto it = st.users.find(net::name_key(message.to));
        if (it == st.users.end() || !it->second.confirmed) {
          // Stored for a registered user, refused for anyone else.
          return self->delegate(st.context->storage, atoms::offline::value, std::move(message));
        }
        const auto& recipient = it->second.member;
        message.to = recipient.nick;
        message.to_account = it->second.account_id;
        st.context->msg_ids->stamp(message);
        self->send(
            st.context->gateway, atoms::send::value, recipient.conn,
            make_shared_frame(net::dialect(recipient.dialect).render(net::MessageEvent{message})));
        auto promise = self->make_response_promise<MessageAck>();
        auto away = it->second.away;
        // What a retraction names, kept without the text; encoded only if
        // the message cannot be stored.
        net::MessageRecord shown;
        shown.msg_id = message.msg_id;
        shown.from = message.from;
        shown.to = message.to;
        self->request(st.context->storage, caf::infinite, atoms::persist::value, std::move(message),
                      std::int64_t{0})
            .then(
                [promise, away](MessageAck& ack) mutable {
                  ack.away = std::move(away);
                  promise.deliver(std::move(ack));
                },
                // The recipient saw what will not be kept.
                [self, promise, shown, conn = recipient.conn,
                 dialect = recipient.dialect](caf::error& error) mutable {
                  self->send(
                      self->state.context->gateway, atoms::send::value, conn,
                      make_shared_frame(net::dialect(dialect).render(net::RetractEvent{shown})));
                  promise.deliver(std::move(error));
                });
        return promise;
      },
      [self](atoms::stats) -> caf::result<std::uint32_t, std::uint32_t> {
        const auto& st = self->state;
        const auto online = std::count_if(st.users.begin(), st.users.end(),
                                          [](const auto& user) { return user.second.confirmed; });
        return {static_cast<std::uint32_t>(online), static_cast<std::uint32_t>(st.rooms.size())};
      },
      [self](atoms::found, const std::string& nick) -> caf::result<OnlineUserInfo> {
        auto& st = self->state;
        auto it = st.users.find(net::name_key(nick));
        if (it == st.users.end() || !it->second.confirmed) {
          return make_chat_error(ChatError::no_such_user, "no such user: " + nick);
        }
        return OnlineUserInfo{it->second.member.nick, it->second.account_id, it->second.away};
      },
      [self](atoms::away, const std::string& nick, std::string& message) {
        auto it = self->state.users.find(net::name_key(nick));
        if (it != self->state.users.end()) {
          it->second.away = std::move(message);
        }
      },
      [self](atoms::restyle, const std::string& nick, net::DialectId id) {
        auto it = self->state.users.find(net::name_key(nick));
        if (it != self->state.users.end()) {
          it->second.member.dialect = id;
        }
      },
      [self](atoms::exists, const std::string& nick) -> caf::result<std::string> {
        auto& st = self->state;
        auto it = st.users.find(net::name_key(nick));
        if (it != st.users.end() && it->second.confirmed) {
          return it->second.member.nick;
        }
        auto promise = self->make_response_promise<std::string>();
        self->request(st.context->storage, caf::infinite, atoms::account::value, nick)
            .then(
                [promise, nick](const storage::Account& account) mutable {
                  if (account.account_id == 0) {
                    promise.deliver(
                        make_chat_error(ChatError::no_such_user, "no user " + nick + " is online"));
                  } else {
                    promise.deliver(nick);
                  }
                },
                [promise](caf::error& error) mutable { promise.deliver(std::move(error)); });
        return promise;
      },
      [self](atoms::history, HistoryRequest& request) {
        return self->delegate(self->state.context->storage, atoms::history::value,
                              std::move(request));
      },
      [self](atoms::kick, const std::string& nick, const std::string& reason) -> caf::result<bool> {
        auto it = self->state.users.find(net::name_key(nick));
        if (it == self->state.users.end() || !it->second.confirmed) {
          return make_chat_error(ChatError::no_such_user, "no user " + nick + " is online");
        }
        self->send(it->second.member.session, atoms::kick::value, reason);
        return true;
      },
      [self](atoms::announce, const std::string& text) {
        auto& st = self->state;
        DialectRecipients by_dialect;
        std::uint32_t reached = 0;
        for (const auto& [key, user] : st.users) {
          if (user.confirmed) {
            auto& conns = by_dialect[static_cast<std::size_t>(user.member.dialect)];
            if (!conns) {
              conns = std::make_shared<std::vector<ConnectionId>>();
            }
            conns->push_back(user.member.conn);
            ++reached;
          }
        }
        fan_out(self, st.context->gateway, by_dialect, ConnectionId{0}, net::NoticeEvent{text});
        return reached;
      },
      [self](atoms::retract, const std::string& room, std::int64_t msg_id) {
        auto it = self->state.rooms.find(net::name_key(room));
        if (it != self->state.rooms.end()) {
          self->send(it->second.handle, atoms::retract::value, msg_id);
        }
      },
      [self](atoms::count, const std::string& room, std::uint32_t members) {
        auto it = self->state.rooms.find(room);
        if (it != self->state.rooms.end()) {
          it->second.members = members;
        }
      },
      [self](atoms::topic, const std::string& room, std::string& topic) {
        auto& st = self->state;
        auto it = st.rooms.find(room);
        if (it != st.rooms.end()) {
          self->send(st.context->admin_hub, atoms::topic::value, it->second.name, topic);
          it->second.topic = std::move(topic);
        }
      },
      [self](atoms::admin_topic, const std::string& name,
             std::string& topic) -> caf::result<std::string, std::string> {
        auto it = self->state.rooms.find(net::name_key(name));
        if (it == self->state.rooms.end()) {
          return no_such_room(name);
        }
        return self->delegate(it->second.handle, atoms::admin_topic::value, std::move(topic));
      },
      [self](atoms::delete_room, const std::string& name) -> caf::result<bool> {
        auto& st = self->state;
        const auto key = net::name_key(name);
        if (key == "main") {
          return make_chat_error(ChatError::forbidden, "main cannot be deleted");
        }
        if (st.rooms.count(key) == 0) {
          return no_such_room(name);
        }
        auto promise = self->make_response_promise<bool>();
        if (st.context->cluster) {
          append_deletion(self, st.rooms[key].name, promise);
        } else {
          delete_room_here(self, key, "admin", kDeletedReason, promise);
        }
        return promise;
      },
      [self](atoms::logged, net::MessageRecord& message, std::string& node, std::uint64_t token) {
        const auto room = message.room;
        to_logged_room(self, room, atoms::logged::value, std::move(message), std::move(node),
                       token);
      },
      [self](atoms::presence, const std::string& room, std::string& nick, std::string& node,
             net::PresenceChange change, std::string& by, std::string& reason) {
        to_logged_room(self, room, atoms::presence::value, std::move(nick), std::move(node), change,
                       std::move(by), std::move(reason));
      },
      [self](atoms::roster, const std::string& room, std::string& node,
             std::vector<std::string>& nicks) {
        to_logged_room(self, room, atoms::roster::value, std::move(node), std::move(nicks));
      },
      [self](atoms::node_joined, const std::string&) {
        for (const auto& [key, room] : self->state.rooms) {
          self->send(room.handle, atoms::roster::value);
        }
      },
      [self](atoms::node_gone, const std::string& node) {
        for (const auto& [key, room] : self->state.rooms) {
          self->send(room.handle, atoms::node_gone::value, node);
        }
      },
      [self](atoms::enroll, std::string& nick, std::string& hash) -> caf::result<std::int64_t> {
        auto& st = self->state;
        if (!st.context->cluster) {
          return self->delegate(st.context->storage, atoms::enroll::value, std::move(nick),
                                std::move(hash));
        }
        cluster::LogEntry entry;
        entry.kind = cluster::LogEntry::Kind::account_created;
        entry.token = ++st.last_token;
        entry.record.from = std::move(nick);
        entry.record.text = std::move(hash);
        auto promise = self->make_response_promise<std::int64_t>();
        st.enrolling.emplace(entry.token, promise);
        append_to_shared_log(self, *st.context, entry);
        return promise;
      },
      [self](atoms::logged_pm, net::MessageRecord& message, const std::string& node,
             std::uint64_t token,
             bool online) { apply_logged_private(self, message, node, token, online); },
      [self](atoms::seen, const std::string& nick, std::int64_t up_to) {
        if (self->state.context->cluster) {
          append_delivered(self, nick, up_to);
        }
      },
      [self](atoms::logged_seen, std::string& nick, std::int64_t up_to) {
        self->send(self->state.context->storage, atoms::seen::value, std::move(nick), up_to);
      },
      [self](atoms::logged_account, std::string& nick, std::string& hash, const std::string& node,
             std::uint64_t token) {
        // Every node keeps every account; the first registration of a nick
        // in the log wins everywhere (a later one gets 0: taken).
        auto& st = self->state;
        auto waiting = take_own(st.enrolling, *st.context, node, token);
        if (waiting) {
          waiting->delegate(st.context->storage, atoms::enroll::value, std::move(nick),
                            std::move(hash));
          return;
        }
        self->request(st.context->storage, caf::infinite, atoms::enroll::value, nick,
                      std::move(hash))
            .then([](std::int64_t) {},
                  [self, nick](caf::error& error) {
                    self->state.context->log->warn(
                        "cluster: account ", nick,
                        " from the log not stored: ", self->system().render(error));
                  });
      },
      [self](atoms::logged_topic, const std::string& room, std::string& by, std::string& topic,
             std::string& node, std::uint64_t token) {
        to_logged_room(self, room, atoms::logged_topic::value, std::move(by), std::move(topic),
                       std::move(node), token);
      },
      [self](atoms::logged_delete, const std::string& room, const std::string& by,
             const std::string& reason, const std::string& node,
             std::uint64_t token) { apply_logged_deletion(self, room, by, reason, node, token); },
      [self](atoms::logged_room, const std::string& name, const std::string& topic,
             const std::string& creator, bool creator_registered, const std::string& node,
             std::uint64_t token) {
        apply_logged_room(self, name, topic, creator, creator_registered, node, token);
      },
      [self](atoms::unlogged, const std::string& room, std::uint64_t token,
             const std::string& reason) {
        auto& st = self->state;
        if (room.empty()) {
          if (auto it = st.logging.find(token); it != st.logging.end()) {
            st.rooms_being_created.erase(it->second.key);
            it->second.promise.deliver(make_chat_error(
                ChatError::internal, "the room was not created (" + reason + "); try again"));
            st.logging.erase(it);
          }
          if (auto it = st.sending.find(token); it != st.sending.end()) {
            it->second.first.deliver(make_chat_error(
                ChatError::internal, "the message was not stored (" + reason + "); send it again"));
            st.sending.erase(it);
          }
          if (auto it = st.enrolling.find(token); it != st.enrolling.end()) {
            it->second.deliver(make_chat_error(
                ChatError::internal, "the account was not created (" + reason + "); try again"));
            st.enrolling.erase(it);
          }
          if (auto it = st.deleting.find(token); it != st.deleting.end()) {
            it->second.deliver(make_chat_error(
                ChatError::internal, "the room was not deleted (" + reason + "); try again"));
            st.deleting.erase(it);
          }
          return;
        }
        auto it = st.rooms.find(net::name_key(room));
        if (it != st.rooms.end()) {
          self->send(it->second.handle, atoms::unlogged::value, token, reason);
        }
      },
      [](atoms::start) {},
      [self](atoms::stop) -> caf::result<bool> {
        auto& st = self->state;
        for (auto& [session, key] : st.user_by_session) {
          self->demonitor(session);
        }
        st.user_by_session.clear();
        if (st.rooms.empty()) {
          self->quit();
          return true;
        }
        st.stop_promise = self->make_response_promise<bool>();
        st.rooms_running = st.rooms.size();
        for (auto& [key, room] : st.rooms) {
          self->monitor(room.handle);
          self->send_exit(room.handle, caf::exit_reason::user_shutdown);
        }
        return *st.stop_promise;
      },
  };
}

}  // namespace

directory_actor spawn_directory(caf::actor_system& system, SharedContext context,
                                const std::vector<storage::RoomRecord>& rooms,
                                std::vector<std::vector<net::MessageRecord>> recent) {
  return system.spawn<caf::lazy_init>(directory_behavior, std::move(context), rooms,
                                      std::move(recent));
}

}  // namespace confab
