#pragma once

#include <string>
#include <vector>

#include <caf/replies_to.hpp>
#include <caf/typed_actor.hpp>

#include "actors/contracts/atoms.hpp"
#include "actors/contracts/message_types.hpp"
#include "actors/contracts/session.hpp"
#include "net/events.hpp"

namespace confab {

struct JoinReply;
struct RoomMembers;

// One chat room: its members, its recent history and the fan-out of its
// events. Each room is its own actor, so rooms never wait on one another.
using room_actor = caf::typed_actor<
    // Add a member; replies with topic, members and recent history.
    caf::replies_to<atoms::join, MemberRef>::with<JoinReply>,
    // The same for the member who created the room: its operator.
    caf::replies_to<atoms::create, MemberRef>::with<JoinReply>,
    // A member (nick) reads the topic; replies with room name and topic.
    caf::replies_to<atoms::topic, std::string>::with<std::string, std::string>,
    // An operator (nick) sets the topic; replies once it is stored, with
    // room name and topic. Members are told.
    caf::replies_to<atoms::topic, std::string, std::string>::with<std::string, std::string>,
    // An administrator sets the topic, member or not; the same reply.
    caf::replies_to<atoms::admin_topic, std::string>::with<std::string, std::string>,
    // An operator (by) removes a member (nick, reason); replies with room
    // name and the member's nick. The member stays connected. In cluster
    // mode the member may be on another node, which removes it.
    caf::replies_to<atoms::kick, std::string, std::string, std::string>::with<std::string,
                                                                              std::string>,
    // A member (nick) is quitting the server, saying why.
    caf::reacts_to<atoms::quit, std::string, std::string>,
    // Remove a member (by nick); replies with the room's display name.
    caf::replies_to<atoms::leave, std::string>::with<std::string>,
    // A member speaks (nick, text): fan out at once; storage answers the
    // sender's connection through the gateway once the message is committed.
    caf::reacts_to<atoms::say, std::string, std::string, AckRoute>,
    // Replies once every message this room passed to storage is committed
    // and its answer handed to the gateway: a `quit` waits for this.
    caf::replies_to<atoms::sync>::with<bool>,
    // A member shares a finished upload (the record's file fields are set).
    caf::replies_to<atoms::share, std::string, net::MessageRecord>::with<MessageAck>,
    // A message (msg_id) could not be saved: members are told to remove
    // it, and the recent history forgets it.
    caf::reacts_to<atoms::retract, std::int64_t>,
    // The room is deleted (by, reason): every member is told and removed,
    // then the room ends.
    caf::replies_to<atoms::delete_room, std::string, std::string>::with<bool>,
    // A member (nick) went away with a message, or came back (empty): IRC
    // members with away-notify are told.
    caf::reacts_to<atoms::away, std::string, std::string>,
    // A member's connection is now written in another dialect (nick,
    // dialect).
    caf::reacts_to<atoms::restyle, std::string, net::DialectId>,
    // Current members, and which of them are operators.
    caf::replies_to<atoms::members>::with<RoomMembers>,
    // Cluster mode: a message of this room in the shared log (record, node,
    // token), in the log's order: shown to the members here and stored.
    caf::reacts_to<atoms::logged, net::MessageRecord, std::string, std::uint64_t>,
    // Cluster mode: a user of another node joined or left (nick, node,
    // change, by, reason): members here are told.
    caf::reacts_to<atoms::presence, std::string, std::string, net::PresenceChange, std::string,
                   std::string>,
    // Every user of another node in this room (node, nicks), replacing what
    // was known of that node; without arguments: append this node's own.
    caf::reacts_to<atoms::roster, std::string, std::vector<std::string>>,
    caf::reacts_to<atoms::roster>,
    // Cluster mode: the room's topic in the log (by, topic, node, token):
    // stored, and members are told; the node that set it answers the setter.
    caf::reacts_to<atoms::logged_topic, std::string, std::string, std::string, std::uint64_t>,
    // A node is gone: its users quit.
    caf::reacts_to<atoms::node_gone, std::string>,
    // A message of this node's (token) the log did not store (reason).
    caf::reacts_to<atoms::unlogged, std::uint64_t, std::string>,
    // A page of history, read after every message this room already passed
    // to storage, so a client's own earlier messages are always in it.
    caf::replies_to<atoms::history, HistoryRequest>::with<std::vector<net::MessageRecord>>>;

struct RoomMembers {
  std::vector<std::string> nicks;
  std::vector<std::string> operators;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, RoomMembers& x) {
  return f(caf::meta::type_name("RoomMembers"), x.nicks, x.operators);
}

struct JoinReply {
  std::string room;
  std::int64_t room_id = 0;
  std::string topic;
  std::vector<std::string> members;
  std::vector<std::string> operators;
  std::vector<net::MessageRecord> history;
  room_actor handle;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, JoinReply& x) {
  return f(caf::meta::type_name("JoinReply"), x.room, x.room_id, x.topic, x.members, x.operators,
           x.history, x.handle);
}

}  // namespace confab
