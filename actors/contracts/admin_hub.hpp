#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include <caf/replies_to.hpp>
#include <caf/typed_actor.hpp>

#include "actors/contracts/atoms.hpp"
#include "actors/contracts/message_types.hpp"

namespace confab {

// What the admin console sees: every client and room with live counters, and
// the server log. Others report to it with one-way messages (rarely, or in
// batches), and it pushes changes to the subscribed admin connections — at
// most one update per client and room a second.
using admin_hub_actor = caf::typed_actor<
    // A chat connection opened (conn, address, since) or closed.
    caf::reacts_to<atoms::client_open, ConnectionId, std::string,
                   std::chrono::system_clock::time_point>,
    caf::reacts_to<atoms::client_close, ConnectionId>,
    // Traffic since the last report, for the connections that had any.
    caf::reacts_to<atoms::counters, std::vector<ConnectionCounters>>,
    // A session's nick and dialect (after hello), and its joined rooms.
    caf::reacts_to<atoms::client_nick, ConnectionId, std::string, std::string>,
    caf::reacts_to<atoms::client_rooms, ConnectionId, std::vector<std::string>>,
    // A room exists (room_id, name, topic, members, messages stored, its
    // own retention days) / its members changed (name, members).
    caf::reacts_to<atoms::room_created, std::int64_t, std::string, std::string, std::uint32_t,
                   std::int64_t, std::uint32_t>,
    caf::reacts_to<atoms::room_update, std::string, std::uint32_t>,
    // Messages committed per room since the last report (from storage).
    caf::reacts_to<atoms::room_stored, std::vector<RoomStored>>,
    // A room's topic changed (name, topic).
    caf::reacts_to<atoms::topic, std::string, std::string>,
    // A room's own retention was set (name, days; 0: the server's).
    caf::reacts_to<atoms::retention, std::string, std::uint32_t>,
    // A room was deleted (name).
    caf::reacts_to<atoms::room_deleted, std::string>,
    // A server log line: ts, level, text.
    caf::reacts_to<atoms::log_line, std::string, std::string, std::string>,
    // An admin connection subscribes; replies with the snapshot (JSON object
    // with clients, rooms and log), after which it gets live events.
    caf::replies_to<atoms::subscribe, ConnectionId>::with<std::string>,
    caf::reacts_to<atoms::unsubscribe, ConnectionId>,
    // Server counters as a JSON object.
    caf::replies_to<atoms::stats>::with<std::string>,
    // Once a second: push pending updates, sample the message rate.
    caf::reacts_to<atoms::tick>,
    // Cluster mode: another node's client events (node, a JSON array of
    // the admin port's `client` events); a console on another node watches
    // (node, whether it wants every client afresh); a node is gone (its
    // clients with it).
    caf::reacts_to<atoms::remote_clients, std::string, std::string>,
    caf::reacts_to<atoms::watch, std::string, bool>, caf::reacts_to<atoms::node_gone, std::string>>;

}  // namespace confab
