#include "actors/room_actor.hpp"

#include <algorithm>
#include <atomic>
#include <deque>
#include <map>
#include <optional>

#include <caf/actor_system.hpp>
#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

#include "actors/ack_route.hpp"
#include "actors/actor_context.hpp"
#include "actors/chat_error.hpp"
#include "actors/dialect_fanout.hpp"
#include "actors/shared_log.hpp"
#include "cluster/chat_log.hpp"
#include "net/dialect.hpp"
#include "net/names.hpp"
#include "net/timestamp.hpp"

namespace confab {
namespace {

// Cluster mode: a member connected to another node.
struct RemoteMember {
  std::string nick;
  std::string node;
};

using TopicPromise = caf::typed_response_promise<std::string, std::string>;

// Cluster mode: a file shared here, on its way through the shared log.
struct FileSharing {
  caf::typed_response_promise<MessageAck> promise;
  ConnectionId sharer = 0;  // told by the reply, not by a `file` event
};

// Cluster mode: a topic set here, on its way through the shared log.
struct TopicSetting {
  TopicPromise promise;
  ConnectionId setter = 0;  // told by the reply, not by an event
};

struct RoomState {
  SharedContext context;
  storage::RoomRecord record;
  std::string key;
  std::map<std::string, MemberRef> members;  // by nick key
  std::map<caf::actor_addr, std::string> member_by_session;
  std::deque<net::MessageRecord> recent;
  DialectRecipients recipients;
  // The session of a guest who created the room in this run: its operator
  // while that connection lasts (an account's room is known by
  // record.creator_account instead).
  caf::actor_addr guest_operator;
  // Deleted by an administrator: no one may join or read it.
  bool deleted = false;
  // Cluster mode: the newest message applied from the shared log (older
  // ones come again after a restart), and this node's messages on their
  // way through the log, by token, with whom to answer.
  std::int64_t last_msg_id = 0;
  std::uint64_t last_token = 0;
  std::map<std::uint64_t, AckRoute> appending;
  std::map<std::uint64_t, FileSharing> sharing;
  std::map<std::uint64_t, TopicSetting> setting_topic;
  // Members on other nodes, by nick key, as the log tells.
  std::map<std::string, RemoteMember> remote;
};

using room_pointer = room_actor::stateful_pointer<RoomState>;

// Membership changes edit a recipient list in place when no fan-out message
// still holds it, and a copy otherwise: never a rebuild from the member map,
// which made every join into `main` cost O(members).
std::vector<ConnectionId>& writable(std::shared_ptr<std::vector<ConnectionId>>& conns) {
  // Only this actor hands out references, so a sole owner stays sole.
  if (!conns || conns.use_count() > 1) {
    conns = conns ? std::make_shared<std::vector<ConnectionId>>(*conns)
                  : std::make_shared<std::vector<ConnectionId>>();
  } else {
    // use_count() is a relaxed load; the fence orders the gateway's last
    // reads of the list (before its release of the reference) before our
    // writes.
    std::atomic_thread_fence(std::memory_order_acquire);
  }
  return *conns;
}

std::vector<ConnectionId>& writable_recipients(RoomState& st, const MemberRef& member) {
  return writable(st.recipients[static_cast<std::size_t>(member.dialect)]);
}

void add_recipient(RoomState& st, const MemberRef& member) {
  writable_recipients(st, member).push_back(member.conn);
}

void remove_recipient(RoomState& st, const MemberRef& member) {
  auto& conns = writable_recipients(st, member);
  auto it = std::find(conns.begin(), conns.end(), member.conn);
  if (it != conns.end()) {
    *it = conns.back();
    conns.pop_back();
  }
}

void broadcast(room_pointer self, ConnectionId except, const net::Event& event) {
  fan_out(self, self->state.context->gateway, self->state.recipients, except, event);
}

std::uint32_t member_count(const RoomState& st) {
  return static_cast<std::uint32_t>(st.members.size() + st.remote.size());
}

// The directory's room list and the admin hub's room row count members on
// every node. Message counts reach the hub from storage, once committed.
void count_changed(room_pointer self) {
  auto& st = self->state;
  self->send(st.context->directory, atoms::count::value, st.key, member_count(st));
  self->send(st.context->admin_hub, atoms::room_update::value, st.record.name, member_count(st));
}

// Past the limit, presence would cost members² frames; clients poll `users`.
void announce_presence(room_pointer self, ConnectionId except, const net::PresenceEvent& event) {
  if (member_count(self->state) <= self->state.context->limits.presence_limit) {
    broadcast(self, except, event);
  }
}

// Cluster mode: the other nodes learn of this node's members through the log.
void append_presence(room_pointer self, const std::string& nick, net::PresenceChange change,
                     const std::string& by = {}, std::string_view reason = {}) {
  auto& st = self->state;
  if (!st.context->cluster) {
    return;
  }
  cluster::LogEntry entry;
  entry.kind = cluster::LogEntry::Kind::room_presence;
  entry.record.room = st.record.name;
  entry.record.from = nick;
  entry.record.text = std::string(reason);
  entry.change = change;
  entry.by = by;
  append_to_shared_log(self, *st.context, entry);
}

void membership_changed(room_pointer self, const MemberRef& who, net::PresenceChange change,
                        std::string_view reason = {}) {
  count_changed(self);
  announce_presence(self, who.conn,
                    net::PresenceEvent{self->state.record.name, who.nick, change, {}, reason});
  append_presence(self, who.nick, change, {}, reason);
}

// Takes a member out of the room; it gets no more of its events.
MemberRef remove_member(room_pointer self, std::map<std::string, MemberRef>::iterator it) {
  auto& st = self->state;
  MemberRef gone = std::move(it->second);
  st.members.erase(it);
  st.member_by_session.erase(gone.session.address());
  self->demonitor(gone.session.address());
  remove_recipient(st, gone);
  return gone;
}

void apply_remote_presence(room_pointer self, const std::string& nick, const std::string& node,
                           net::PresenceChange change, const std::string& by,
                           const std::string& reason) {
  auto& st = self->state;
  if (node == st.context->node) {
    return;  // told here as it happened
  }
  const auto key = net::name_key(nick);
  if (change == net::PresenceChange::kick) {
    // An operator on another node removed a member of this one.
    if (auto local = st.members.find(key); local != st.members.end()) {
      MemberRef gone = remove_member(self, local);
      self->send(gone.session, atoms::removed::value, st.record.name, by, reason);
      count_changed(self);
      broadcast(self, ConnectionId{0},
                net::PresenceEvent{st.record.name, gone.nick, change, by, reason});
      return;
    }
  }
  if (change == net::PresenceChange::join) {
    if (st.members.count(key) != 0 || st.remote.count(key) != 0) {
      return;
    }
    st.remote.emplace(key, RemoteMember{nick, node});
  } else {
    // A kick comes from the kicker's node, which need not be the member's.
    auto it = st.remote.find(key);
    if (it == st.remote.end() || (it->second.node != node && change != net::PresenceChange::kick)) {
      return;
    }
    st.remote.erase(it);
  }
  count_changed(self);
  announce_presence(self, ConnectionId{0},
                    net::PresenceEvent{st.record.name, nick, change, by, reason});
}

void apply_roster(room_pointer self, const std::string& node,
                  const std::vector<std::string>& nicks) {
  auto& st = self->state;
  if (node == st.context->node) {
    return;
  }
  for (auto it = st.remote.begin(); it != st.remote.end();) {
    it = it->second.node == node ? st.remote.erase(it) : std::next(it);
  }
  for (const auto& nick : nicks) {
    auto key = net::name_key(nick);
    if (st.members.count(key) == 0) {
      st.remote.emplace(std::move(key), RemoteMember{nick, node});
    }
  }
  count_changed(self);
}

void append_roster(room_pointer self) {
  auto& st = self->state;
  if (!st.context->cluster || st.members.empty()) {
    return;
  }
  cluster::LogEntry entry;
  entry.kind = cluster::LogEntry::Kind::room_roster;
  entry.record.room = st.record.name;
  for (const auto& [key, member] : st.members) {
    entry.nicks.push_back(member.nick);
  }
  append_to_shared_log(self, *st.context, entry);
}

// Its connections went with it: its users quit, here as everywhere.
void node_gone(room_pointer self, const std::string& node) {
  auto& st = self->state;
  std::vector<std::string> gone;
  for (auto it = st.remote.begin(); it != st.remote.end();) {
    if (it->second.node == node) {
      gone.push_back(std::move(it->second.nick));
      it = st.remote.erase(it);
    } else {
      ++it;
    }
  }
  if (gone.empty()) {
    return;
  }
  count_changed(self);
  const auto reason = "node " + node + " went away";
  for (const auto& nick : gone) {
    announce_presence(
        self, ConnectionId{0},
        net::PresenceEvent{st.record.name, nick, net::PresenceChange::quit, {}, reason});
  }
}

// Gives a message its id and time and shows it to the other members at once;
// the caller hands it to storage, whose commit answers the sender.
caf::error not_member_error(const RoomState& st) {
  return make_chat_error(ChatError::not_member, "not a member of " + st.record.name);
}

caf::expected<net::MessageRecord> publish(room_pointer self, const std::string& nick,
                                          net::MessageRecord message) {
  auto& st = self->state;
  auto it = st.members.find(net::name_key(nick));
  if (it == st.members.end()) {
    return not_member_error(st);
  }
  st.context->msg_ids->stamp(message);
  message.room = st.record.name;
  message.from = it->second.nick;
  message.from_account = it->second.account;
  broadcast(self, it->second.conn, net::MessageEvent{message});
  st.recent.push_back(message);
  while (st.recent.size() > st.context->limits.join_history) {
    st.recent.pop_front();
  }
  return message;
}

// Storage could not keep a message the members already saw: no one may go on
// seeing what history will not have.
void retract(room_pointer self, std::int64_t msg_id) {
  auto& st = self->state;
  net::MessageRecord message;
  message.msg_id = msg_id;
  message.room = st.record.name;
  auto it =
      std::find_if(st.recent.begin(), st.recent.end(),
                   [msg_id](const net::MessageRecord& kept) { return kept.msg_id == msg_id; });
  if (it != st.recent.end()) {
    message.from = it->from;
    st.recent.erase(it);
  }
  st.context->log->warn("retracting message ", msg_id, " in ", st.record.name,
                        ": it could not be saved");
  broadcast(self, ConnectionId{0}, net::RetractEvent{message});
}

// Cluster mode: a member's message (or file) as the shared log takes it.
cluster::LogEntry message_entry(RoomState& st, const MemberRef& member,
                                net::MessageRecord message) {
  cluster::LogEntry entry;
  entry.token = ++st.last_token;
  entry.record = std::move(message);
  entry.record.room = st.record.name;
  entry.record.from = member.nick;
  entry.record.from_account = member.account;
  entry.record.ts = net::now_timestamp();
  return entry;
}

// Cluster mode: a message is shown and stored when it comes back from the
// shared log, on every node alike, so all see one order.
void append_message(room_pointer self, const std::string& nick, std::string text, AckRoute route) {
  auto& st = self->state;
  auto it = st.members.find(net::name_key(nick));
  if (it == st.members.end()) {
    self->send(st.context->gateway, atoms::send::value, route.conn,
               make_shared_frame(ack_error_frame(route, not_member_error(st))));
    return;
  }
  net::MessageRecord message;
  message.text = std::move(text);
  auto entry = message_entry(st, it->second, std::move(message));
  st.appending.emplace(entry.token, std::move(route));
  append_to_shared_log(self, *st.context, entry);
}

// Cluster mode: a finished upload, whose bytes the file stream holds, is
// shared like a message.
caf::result<MessageAck> append_share(room_pointer self, const std::string& nick,
                                     net::MessageRecord file) {
  auto& st = self->state;
  auto it = st.members.find(net::name_key(nick));
  if (it == st.members.end()) {
    return not_member_error(st);
  }
  auto entry = message_entry(st, it->second, std::move(file));
  auto promise = self->make_response_promise<MessageAck>();
  st.sharing.emplace(entry.token, FileSharing{promise, it->second.conn});
  append_to_shared_log(self, *st.context, entry);
  return promise;
}

void show_logged(room_pointer self, ConnectionId sender, const net::MessageRecord& message) {
  auto& st = self->state;
  broadcast(self, sender, net::MessageEvent{message});
  st.recent.push_back(message);
  while (st.recent.size() > st.context->limits.join_history) {
    st.recent.pop_front();
  }
}

// Every node names a shared file by its message's id; its bytes are this
// node's (its own upload) or copied from the file stream.
void apply_logged_file(room_pointer self, net::MessageRecord& message, const std::string& node,
                       std::uint64_t token) {
  auto& st = self->state;
  auto mine = take_own(st.sharing, *st.context, node, token);
  const storage::FileOrigin origin{node, message.file_id};
  message.file_id = message.msg_id;
  message.room = st.record.name;
  show_logged(self, mine ? mine->sharer : ConnectionId{0}, message);
  const auto msg_id = message.msg_id;
  self->request(st.context->storage, caf::infinite, atoms::logged_file::value, std::move(message),
                st.record.room_id, origin, true)
      .then(
          [self, mine](MessageAck& ack) mutable {
            if (mine) {
              mine->promise.deliver(std::move(ack));
            }
            self->send(self->state.context->file_stream, atoms::copying::value);
          },
          [self, mine, msg_id](caf::error& error) mutable {
            retract(self, msg_id);
            if (mine) {
              mine->promise.deliver(std::move(error));
            }
          });
}

void apply_logged(room_pointer self, net::MessageRecord& message, const std::string& node,
                  std::uint64_t token) {
  auto& st = self->state;
  if (st.deleted || message.msg_id <= st.last_msg_id) {
    return;  // stored before this node's restart
  }
  st.last_msg_id = message.msg_id;
  if (message.is_file()) {
    apply_logged_file(self, message, node, token);
    return;
  }
  auto route = take_own(st.appending, *st.context, node, token);
  if (node != st.context->node) {
    // Account ids are each node's own until accounts are shared.
    message.from_account = 0;
  }
  message.room = st.record.name;
  show_logged(self, route ? route->conn : ConnectionId{0}, message);
  if (route) {
    self->send(st.context->storage, atoms::persist::value, std::move(message), st.record.room_id,
               std::move(*route));
    return;
  }
  const auto msg_id = message.msg_id;
  self->request(st.context->storage, caf::infinite, atoms::persist::value, std::move(message),
                st.record.room_id)
      .then([](MessageAck&) {}, [self, msg_id](caf::error&) { retract(self, msg_id); });
}

bool is_operator(const RoomState& st, const MemberRef& member) {
  if (st.record.creator_account != 0) {
    return member.account == st.record.creator_account;
  }
  return st.guest_operator && member.session.address() == st.guest_operator;
}

std::vector<std::string> member_nicks(const RoomState& st) {
  std::vector<std::string> nicks;
  nicks.reserve(member_count(st));
  for (const auto& [key, member] : st.members) {
    nicks.push_back(member.nick);
  }
  for (const auto& [key, member] : st.remote) {
    nicks.push_back(member.nick);
  }
  return nicks;
}

std::vector<std::string> operator_nicks(const RoomState& st) {
  std::vector<std::string> nicks;
  for (const auto& [key, member] : st.members) {
    if (is_operator(st, member)) {
      nicks.push_back(member.nick);
    }
  }
  // Cluster mode: the creator's account logged in on another node (no
  // guest may hold an account's nick on any node).
  if (!st.record.operator_nick.empty()) {
    if (auto it = st.remote.find(net::name_key(st.record.operator_nick)); it != st.remote.end()) {
      nicks.push_back(it->second.nick);
    }
  }
  return nicks;
}

// The member `nick` if it may act as the room's operator.
caf::expected<const MemberRef*> operator_named(const RoomState& st, const std::string& nick,
                                               std::string_view action) {
  auto it = st.members.find(net::name_key(nick));
  if (it == st.members.end()) {
    return not_member_error(st);
  }
  if (!is_operator(st, it->second)) {
    return make_chat_error(ChatError::forbidden, "only the operators of " + st.record.name +
                                                     " may " + std::string(action));
  }
  return &it->second;
}

// Stored first, then members (all but the setter's connection) are told.
void store_topic(room_pointer self, std::string by, ConnectionId setter, std::string topic,
                 std::optional<TopicPromise> promise) {
  auto& st = self->state;
  self->request(st.context->storage, caf::infinite, atoms::topic::value, st.record.room_id, topic)
      .then(
          [self, promise, by = std::move(by), setter, topic](bool) mutable {
            auto& st = self->state;
            st.record.topic = topic;
            self->send(st.context->directory, atoms::topic::value, st.key, topic);
            broadcast(self, setter, net::TopicEvent{st.record.name, st.record.topic, by});
            if (promise) {
              promise->deliver(st.record.name, st.record.topic);
            }
          },
          [promise](caf::error& error) mutable {
            if (promise) {
              promise->deliver(std::move(error));
            }
          });
}

// Cluster mode: set on every node when it comes back from the shared log.
caf::result<std::string, std::string> set_topic(room_pointer self, std::string by,
                                                ConnectionId setter, std::string topic) {
  auto& st = self->state;
  auto promise = self->make_response_promise<std::string, std::string>();
  if (!st.context->cluster) {
    store_topic(self, std::move(by), setter, std::move(topic), promise);
    return promise;
  }
  cluster::LogEntry entry;
  entry.kind = cluster::LogEntry::Kind::room_topic;
  entry.token = ++st.last_token;
  entry.record.room = st.record.name;
  entry.record.text = std::move(topic);
  entry.by = std::move(by);
  st.setting_topic.emplace(entry.token, TopicSetting{promise, setter});
  append_to_shared_log(self, *st.context, entry);
  return promise;
}

void apply_logged_topic(room_pointer self, std::string& by, std::string& topic,
                        const std::string& node, std::uint64_t token) {
  auto& st = self->state;
  auto mine = take_own(st.setting_topic, *st.context, node, token);
  if (st.deleted) {
    if (mine) {
      mine->promise.deliver(
          make_chat_error(ChatError::no_such_room, "no such room: " + st.record.name));
    }
    return;
  }
  if (!mine && topic == st.record.topic) {
    return;  // nothing new, or applied before this node's restart
  }
  store_topic(self, std::move(by), mine ? mine->setter : ConnectionId{0}, std::move(topic),
              mine ? std::optional<TopicPromise>(mine->promise) : std::nullopt);
}

// Cluster mode: the member's node removes it when the kick comes back from
// the shared log; here it is gone at once.
caf::result<std::string, std::string> kick_remote_member(room_pointer self, const MemberRef& kicker,
                                                         const std::string& nick,
                                                         const std::string& reason) {
  auto& st = self->state;
  auto it = st.remote.find(net::name_key(nick));
  if (it == st.remote.end()) {
    return make_chat_error(ChatError::no_such_user, nick + " is not in " + st.record.name);
  }
  const RemoteMember gone = std::move(it->second);
  st.remote.erase(it);
  count_changed(self);
  broadcast(self, kicker.conn,
            net::PresenceEvent{st.record.name, gone.nick, net::PresenceChange::kick, kicker.nick,
                               reason});
  append_presence(self, gone.nick, net::PresenceChange::kick, kicker.nick, reason);
  st.context->log->info(kicker.nick, " removed ", gone.nick, " (on node ", gone.node, ") from ",
                        st.record.name, reason.empty() ? "" : ": ", reason);
  return {st.record.name, gone.nick};
}

caf::result<JoinReply> add_member(room_pointer self, MemberRef& member) {
  auto& st = self->state;
  if (st.deleted) {
    return make_chat_error(ChatError::no_such_room, "no such room: " + st.record.name);
  }
  auto key = net::name_key(member.nick);
  if (st.members.count(key) != 0) {
    return make_chat_error(ChatError::already_member, "already a member of " + st.record.name);
  }
  // A user who was on another node a moment ago (it died, and the user is
  // back here before its death was noticed).
  st.remote.erase(key);
  self->monitor(member.session);
  st.member_by_session[member.session.address()] = key;
  auto& added = st.members.emplace(key, std::move(member)).first->second;
  add_recipient(st, added);
  membership_changed(self, added, net::PresenceChange::join);
  JoinReply reply;
  reply.room = st.record.name;
  reply.room_id = st.record.room_id;
  reply.topic = st.record.topic;
  if (added.wants_roster) {
    reply.members = member_nicks(st);
    reply.operators = operator_nicks(st);
  }
  reply.history.assign(st.recent.begin(), st.recent.end());
  reply.handle = self;
  return reply;
}

room_actor::behavior_type room_behavior(room_pointer self, SharedContext context,
                                        storage::RoomRecord record,
                                        std::vector<net::MessageRecord> recent) {
  auto& st = self->state;
  st.context = std::move(context);
  st.record = std::move(record);
  st.key = net::name_key(st.record.name);
  st.recent.assign(std::make_move_iterator(recent.begin()), std::make_move_iterator(recent.end()));
  for (const auto& message : st.recent) {
    st.last_msg_id = std::max(st.last_msg_id, message.msg_id);
  }
  self->set_down_handler([self](const caf::down_msg& down) {
    auto& st = self->state;
    auto it = st.member_by_session.find(down.source);
    if (it == st.member_by_session.end()) {
      return;
    }
    auto member = st.members.find(it->second);
    st.member_by_session.erase(it);
    if (member != st.members.end()) {
      MemberRef gone = std::move(member->second);
      st.members.erase(member);
      remove_recipient(st, gone);
      membership_changed(self, gone, net::PresenceChange::quit);
    }
  });
  return {
      [self](atoms::join, MemberRef& member) { return add_member(self, member); },
      [self](atoms::create, MemberRef& member) {
        if (self->state.record.creator_account == 0) {
          self->state.guest_operator = member.session.address();
        }
        return add_member(self, member);
      },
      [self](atoms::topic, const std::string& nick) -> caf::result<std::string, std::string> {
        auto& st = self->state;
        if (st.members.count(net::name_key(nick)) == 0) {
          return not_member_error(st);
        }
        return {st.record.name, st.record.topic};
      },
      [self](atoms::topic, const std::string& nick,
             std::string& topic) -> caf::result<std::string, std::string> {
        auto setter = operator_named(self->state, nick, "set its topic");
        if (!setter) {
          return std::move(setter.error());
        }
        return set_topic(self, (*setter)->nick, (*setter)->conn, std::move(topic));
      },
      [self](atoms::admin_topic, std::string& topic) -> caf::result<std::string, std::string> {
        // "admin", as the admin port's kicks and deletions are signed.
        return set_topic(self, "admin", ConnectionId{0}, std::move(topic));
      },
      [self](atoms::kick, const std::string& by, const std::string& nick,
             const std::string& reason) -> caf::result<std::string, std::string> {
        auto& st = self->state;
        auto kicker = operator_named(st, by, "remove members");
        if (!kicker) {
          return std::move(kicker.error());
        }
        auto it = st.members.find(net::name_key(nick));
        if (it == st.members.end()) {
          return kick_remote_member(self, **kicker, nick, reason);
        }
        const auto kicker_nick = (*kicker)->nick;
        const auto kicker_conn = (*kicker)->conn;
        MemberRef gone = remove_member(self, it);
        self->send(gone.session, atoms::removed::value, st.record.name, kicker_nick, reason);
        count_changed(self);
        broadcast(self, kicker_conn,
                  net::PresenceEvent{st.record.name, gone.nick, net::PresenceChange::kick,
                                     kicker_nick, reason});
        append_presence(self, gone.nick, net::PresenceChange::kick, kicker_nick, reason);
        st.context->log->info(kicker_nick, " removed ", gone.nick, " from ", st.record.name,
                              reason.empty() ? "" : ": ", reason);
        return {st.record.name, gone.nick};
      },
      [self](atoms::quit, const std::string& nick, const std::string& reason) {
        // A member that says why it quits is gone now, with its reason; the
        // down message that follows finds no one.
        auto& st = self->state;
        auto it = st.members.find(net::name_key(nick));
        if (it != st.members.end()) {
          MemberRef gone = remove_member(self, it);
          membership_changed(self, gone, net::PresenceChange::quit, reason);
        }
      },
      [self](atoms::leave, const std::string& nick) -> caf::result<std::string> {
        auto& st = self->state;
        auto it = st.members.find(net::name_key(nick));
        if (it == st.members.end()) {
          return not_member_error(st);
        }
        MemberRef gone = remove_member(self, it);
        membership_changed(self, gone, net::PresenceChange::leave);
        return st.record.name;
      },
      [self](atoms::say, const std::string& nick, std::string& text, AckRoute& route) {
        auto& st = self->state;
        if (st.context->cluster) {
          append_message(self, nick, std::move(text), std::move(route));
          return;
        }
        net::MessageRecord draft;
        draft.text = std::move(text);
        auto message = publish(self, nick, std::move(draft));
        if (!message) {
          self->send(st.context->gateway, atoms::send::value, route.conn,
                     make_shared_frame(ack_error_frame(route, message.error())));
          return;
        }
        self->send(st.context->storage, atoms::persist::value, std::move(*message),
                   st.record.room_id, std::move(route));
      },
      [self](atoms::share, const std::string& nick,
             net::MessageRecord& file) -> caf::result<MessageAck> {
        auto& st = self->state;
        if (st.context->cluster) {
          return append_share(self, nick, std::move(file));
        }
        auto message = publish(self, nick, std::move(file));
        if (!message) {
          return std::move(message.error());
        }
        auto promise = self->make_response_promise<MessageAck>();
        const auto msg_id = message->msg_id;
        self->request(st.context->storage, caf::infinite, atoms::persist::value,
                      std::move(*message), st.record.room_id)
            .then([promise](MessageAck& ack) mutable { promise.deliver(std::move(ack)); },
                  [self, promise, msg_id](caf::error& error) mutable {
                    retract(self, msg_id);
                    promise.deliver(std::move(error));
                  });
        return promise;
      },
      [self](atoms::sync) {
        return self->delegate(self->state.context->storage, atoms::sync::value);
      },
      [self](atoms::away, const std::string& nick, const std::string& message) {
        auto& st = self->state;
        auto it = st.members.find(net::name_key(nick));
        if (it != st.members.end()) {
          broadcast(self, it->second.conn, net::AwayEvent{it->second.nick, message});
        }
      },
      [self](atoms::restyle, const std::string& nick, net::DialectId id) {
        auto& st = self->state;
        auto it = st.members.find(net::name_key(nick));
        if (it != st.members.end() && it->second.dialect != id) {
          remove_recipient(st, it->second);
          it->second.dialect = id;
          add_recipient(st, it->second);
        }
      },
      [self](atoms::members) {
        return RoomMembers{member_nicks(self->state), operator_nicks(self->state)};
      },
      [self](atoms::retract, std::int64_t msg_id) { retract(self, msg_id); },
      [self](atoms::delete_room, const std::string& by, const std::string& reason) {
        auto& st = self->state;
        for (const auto& [key, member] : st.members) {
          self->demonitor(member.session.address());
          self->send(member.session, atoms::removed::value, st.record.name, by, reason);
        }
        st.members.clear();
        st.member_by_session.clear();
        for (auto& members : st.recipients) {
          members.reset();
        }
        st.recent.clear();
        // Not quit: a `say` already on its way must still be answered (it
        // finds no member and gets not_member). The actor ends once nothing
        // refers to it.
        st.deleted = true;
        return true;
      },
      [self](atoms::logged, net::MessageRecord& message, const std::string& node,
             std::uint64_t token) { apply_logged(self, message, node, token); },
      [self](atoms::presence, const std::string& nick, const std::string& node,
             net::PresenceChange change, const std::string& by, const std::string& reason) {
        apply_remote_presence(self, nick, node, change, by, reason);
      },
      [self](atoms::roster, const std::string& node, const std::vector<std::string>& nicks) {
        apply_roster(self, node, nicks);
      },
      [self](atoms::roster) { append_roster(self); },
      [self](atoms::logged_topic, std::string& by, std::string& topic, const std::string& node,
             std::uint64_t token) { apply_logged_topic(self, by, topic, node, token); },
      [self](atoms::node_gone, const std::string& node) { node_gone(self, node); },
      [self](atoms::unlogged, std::uint64_t token, const std::string& reason) {
        auto& st = self->state;
        if (auto setting = st.setting_topic.find(token); setting != st.setting_topic.end()) {
          setting->second.promise.deliver(make_chat_error(
              ChatError::internal, "the topic was not set (" + reason + "); try again"));
          st.setting_topic.erase(setting);
          return;
        }
        if (auto sharing = st.sharing.find(token); sharing != st.sharing.end()) {
          sharing->second.promise.deliver(make_chat_error(
              ChatError::internal, "the file was not shared (" + reason + "); upload it again"));
          st.sharing.erase(sharing);
          return;
        }
        auto it = st.appending.find(token);
        if (it == st.appending.end()) {
          return;
        }
        const auto route = std::move(it->second);
        st.appending.erase(it);
        self->send(
            st.context->gateway, atoms::send::value, route.conn,
            make_shared_frame(ack_error_frame(
                route, make_chat_error(ChatError::internal, "the message was not stored (" +
                                                                reason + "); send it again"))));
      },
      [self](atoms::history,
             HistoryRequest& request) -> caf::result<std::vector<net::MessageRecord>> {
        if (self->state.deleted) {
          return make_chat_error(ChatError::no_such_room, "no such room: " + request.room);
        }
        return self->delegate(self->state.context->storage, atoms::history::value,
                              std::move(request));
      },
  };
}

}  // namespace

room_actor spawn_room(caf::actor_system& system, SharedContext context, storage::RoomRecord record,
                      std::vector<net::MessageRecord> recent) {
  return system.spawn(room_behavior, context, std::move(record), std::move(recent));
}

}  // namespace confab
