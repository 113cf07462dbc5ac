#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <caf/replies_to.hpp>
#include <caf/typed_actor.hpp>

#include "actors/contracts/atoms.hpp"
#include "actors/contracts/message_types.hpp"
#include "actors/contracts/room.hpp"
#include "actors/contracts/session.hpp"

namespace confab {

// Owns the two namespaces: who is online under which nick, and which rooms
// exist. Sessions come here to claim a nick, to find or create a room and to
// reach another user; rooms report their member counts here.
using directory_actor = caf::typed_actor<
    // Reserve a nick for a session that is still authenticating.
    caf::replies_to<atoms::claim, MemberRef>::with<bool>,
    // The session behind a claimed nick logged in (nick, account_id; 0 for
    // a guest): it is now online.
    caf::reacts_to<atoms::confirm, std::string, std::int64_t>,
    // Give a claimed nick back (authentication failed).
    caf::reacts_to<atoms::release, std::string>,
    // Create a room (persisted before the reply) and join its creator. The
    // last argument names the creator for the creation rate (an account or
    // an address group); empty when exempt.
    caf::replies_to<atoms::create, std::string, std::string, MemberRef,
                    std::string>::with<JoinReply>,
    // Join an existing room.
    caf::replies_to<atoms::join, std::string, MemberRef>::with<JoinReply>,
    // A page of rooms (after this name, at most this many), ordered by
    // name case-insensitively, with topic and member count.
    caf::replies_to<atoms::rooms, std::string, std::uint32_t>::with<RoomPage>,
    // Members of one room, or everyone online when the name is empty (in
    // cluster mode: on every live node).
    caf::replies_to<atoms::users, std::string>::with<RoomMembers>,
    // Everyone online on this node.
    caf::replies_to<atoms::users>::with<std::vector<std::string>>,
    // A private message (from, to, text in the record).
    caf::replies_to<atoms::pm, net::MessageRecord>::with<MessageAck>,
    // Whether a private message could reach this nick (online, or an
    // account); replies with the nick's spelling, or no_such_user.
    caf::replies_to<atoms::exists, std::string>::with<std::string>,
    // How many users are online and how many rooms there are (LUSERS).
    caf::replies_to<atoms::stats>::with<std::uint32_t, std::uint32_t>,
    // Who is online under this nick; no_such_user when no one is.
    caf::replies_to<atoms::found, std::string>::with<OnlineUserInfo>,
    // A user (nick) went away with a message, or came back (empty).
    caf::reacts_to<atoms::away, std::string, std::string>,
    // A user's connection is now written in another dialect (nick, dialect):
    // an IRC client changed its capabilities.
    caf::reacts_to<atoms::restyle, std::string, net::DialectId>,
    // A page of a private conversation, ordered after the private messages
    // this actor already passed to storage.
    caf::replies_to<atoms::history, HistoryRequest>::with<std::vector<net::MessageRecord>>,
    // An admin removes a user (nick, reason); no_such_user when not online.
    caf::replies_to<atoms::kick, std::string, std::string>::with<bool>,
    // A notice to every client online; replies with how many got it.
    caf::replies_to<atoms::announce, std::string>::with<std::uint32_t>,
    // A room's member count changed.
    caf::reacts_to<atoms::count, std::string, std::uint32_t>,
    // A room's topic changed (room key, topic).
    caf::reacts_to<atoms::topic, std::string, std::string>,
    // An administrator sets a room's topic (room, topic); replies with the
    // room's name and topic once stored.
    caf::replies_to<atoms::admin_topic, std::string, std::string>::with<std::string, std::string>,
    // A room message could not be saved (room, msg_id): its room retracts it.
    caf::reacts_to<atoms::retract, std::string, std::int64_t>,
    // Delete a room (admin): its members are removed, its history and
    // files deleted; `main` cannot be.
    caf::replies_to<atoms::delete_room, std::string>::with<bool>,
    // Cluster mode: the shared log's entries, in its order, from the cluster
    // actor. A room message (its msg_id its position), with the node that
    // appended it and that node's token for it.
    caf::reacts_to<atoms::logged, net::MessageRecord, std::string, std::uint64_t>,
    // A new room (name, topic, creator, whether the creator has an account,
    // node, token): created here unless a room of that name came first. A
    // creator's account makes it the operator on every node.
    caf::reacts_to<atoms::logged_room, std::string, std::string, std::string, bool, std::string,
                   std::uint64_t>,
    // A room's topic (room, by, topic, node, token).
    caf::reacts_to<atoms::logged_topic, std::string, std::string, std::string, std::string,
                   std::uint64_t>,
    // A room deleted (room, by, reason, node, token): gone from every node.
    caf::reacts_to<atoms::logged_delete, std::string, std::string, std::string, std::string,
                   std::uint64_t>,
    // A user of another node joined or left a room (room, nick, node,
    // change, by, reason).
    caf::reacts_to<atoms::presence, std::string, std::string, std::string, net::PresenceChange,
                   std::string, std::string>,
    // Every user of a node in a room (room, node, nicks).
    caf::reacts_to<atoms::roster, std::string, std::string, std::vector<std::string>>,
    // A node joined the cluster: the rooms tell it who is here. A node left
    // or was judged gone: its users are gone from every room.
    caf::reacts_to<atoms::node_joined, std::string>, caf::reacts_to<atoms::node_gone, std::string>,
    // An entry of this node's the log did not store (the room for a room
    // message, empty for the directory's own; token; reason): whoever waits
    // for it is told.
    caf::reacts_to<atoms::unlogged, std::string, std::uint64_t, std::string>,
    // Create an account (nick, password hash): replies with its id, 0 when
    // the nick already has one. In cluster mode every node creates it when
    // it comes back from the log.
    caf::replies_to<atoms::enroll, std::string, std::string>::with<std::int64_t>,
    // Cluster mode: a private message in the log (record, node, token,
    // whether its recipient was online): shown to the recipient if online
    // here, and stored.
    caf::reacts_to<atoms::logged_pm, net::MessageRecord, std::string, std::uint64_t, bool>,
    // A user (nick) of this node was handed its private messages up to this
    // msg_id; in cluster mode the other nodes are told through the log.
    caf::reacts_to<atoms::seen, std::string, std::int64_t>,
    caf::reacts_to<atoms::logged_seen, std::string, std::int64_t>,
    // Cluster mode: an account in the log (nick, hash, node, token).
    caf::reacts_to<atoms::logged_account, std::string, std::string, std::string, std::uint64_t>,
    // Sent once every long-lived actor exists. The directory is spawned
    // lazily, so this first message is when it loads its rooms and makes
    // them known to the admin hub.
    caf::reacts_to<atoms::start>,
    // Terminate every room, then the directory itself.
    caf::replies_to<atoms::stop>::with<bool>>;

}  // namespace confab
