#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <caf/replies_to.hpp>
#include <caf/typed_actor.hpp>

#include "actors/contracts/atoms.hpp"

namespace confab {

// This node's place in a cluster (--cluster): it keeps the node's
// heartbeat in NATS's key-value store and knows which nodes are alive.
using cluster_actor = caf::typed_actor<
    // Joins: connects to NATS, claims the node's name and learns the other
    // nodes. Replies with the live nodes; fails when NATS cannot be reached
    // or a running node has the name.
    caf::replies_to<atoms::start>::with<std::vector<std::string>>,
    // Leaves: the others forget this node at once rather than after the
    // heartbeat's time to live (confabd's shutdown).
    caf::replies_to<atoms::stop>::with<bool>,
    // This node's name, and the live nodes, this one included, sorted.
    caf::replies_to<atoms::nodes>::with<std::string, std::vector<std::string>>,
    // Claim a nick (its name key) for a user of this node, cluster-wide:
    // false when a user on another live node has it. A claim held by a
    // node judged gone, or by this node's previous run, is taken over.
    caf::replies_to<atoms::claim, std::string>::with<bool>,
    // The other live node whose user has this nick (name key); empty when
    // none has it.
    caf::replies_to<atoms::found, std::string>::with<std::string>,
    // Give a nick (its name key) back.
    caf::reacts_to<atoms::release, std::string>,
    // From NATS's threads: a node's heartbeat, a node that left, the
    // connection to NATS lost and back.
    caf::reacts_to<atoms::heard, std::string>, caf::reacts_to<atoms::node_left, std::string>,
    caf::reacts_to<atoms::link_down>, caf::reacts_to<atoms::link_up>,
    // Sent to itself: the next heartbeat, and judging silent nodes.
    caf::reacts_to<atoms::tick>,
    // Append an entry (cluster/chat_log) to the shared log on this subject;
    // it comes back to every node's directory in the log's order.
    caf::reacts_to<atoms::append, std::string, std::string>,
    // From NATS's threads: an entry the log did not store, and why.
    caf::reacts_to<atoms::unlogged, std::string, std::string>,
    // An administrator's kick of a user on another node (nick, reason):
    // replies with the node once that node kicked it; no_such_user when no
    // live node has the nick.
    caf::replies_to<atoms::kick, std::string, std::string>::with<std::string>,
    // An announcement to the users of every other live node: replies with
    // how many it reached (nodes that do not answer in time count none).
    caf::replies_to<atoms::announce, std::string>::with<std::uint32_t>,
    // Everyone online on the other live nodes (those that answer in time).
    caf::replies_to<atoms::users>::with<std::vector<std::string>>,
    // From NATS's threads: another node's call (op, data, the subject to
    // answer on), and an answer to one of this node's (token, data); sent
    // to itself: a call's answer is overdue (token).
    caf::reacts_to<atoms::called, std::string, std::string, std::string>,
    caf::reacts_to<atoms::answered, std::uint64_t, std::string>,
    caf::reacts_to<atoms::call_late, std::uint64_t>,
    // The admin console's view of every node (from the admin hub): this
    // node's client events for the other nodes' consoles (a JSON array),
    // and that a console here watches (true: it has just started, and
    // wants every node's clients afresh).
    caf::reacts_to<atoms::share_clients, std::string>, caf::reacts_to<atoms::watch, bool>>;

}  // namespace confab
