#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "net/events.hpp"
#include "net/message_record.hpp"

namespace confab::cluster {

// Cluster mode's shared log: one JetStream stream that every node follows
// from its last position and applies to its own database, so each node
// holds every room and every message. The stream's order is the cluster's
// one order of events, and a message's position in it is its msg_id.
inline constexpr const char* kLogStream = "confab_log";
inline constexpr const char* kLogSubjects = "confab.log.>";

// Cluster msg_ids lie above this: a node's own ids (its files while they
// are uploaded) stay below it, so the two never meet, and a node that was
// single before keeps its old ids. A shared file's id is its message's.
inline constexpr std::int64_t kClusterIdBase = std::int64_t{1} << 40;

inline std::int64_t message_id_at(std::uint64_t position) {
  return kClusterIdBase + static_cast<std::int64_t>(position);
}
// The position after the last cluster msg_id a node stored (1 when none).
inline std::uint64_t position_after(std::int64_t last_msg_id) {
  return last_msg_id > kClusterIdBase ? static_cast<std::uint64_t>(last_msg_id - kClusterIdBase) + 1
                                      : 1;
}

// A key as NATS subjects and bucket keys allow: its bytes in hex.
std::string hex_key(std::string_view key);

// The subject of a room's entries (by the room's name key).
std::string room_subject(std::string_view room_key);
// The subject of the accounts' entries.
inline constexpr const char* kAccountSubject = "confab.log.account";
// The subject of private messages.
inline constexpr const char* kPrivateSubject = "confab.log.pm";

struct LogEntry {
  // room_presence: a user of the appending node joined or left a room.
  // room_roster: every user of the appending node in a room, for a node
  // that joined the cluster after they did.
  // account_created: a nick registered (record.from) with its password's
  // hash (record.text).
  // private_message: from, to, text, ts, from_account (and a file as in a
  // room message); `online` when the recipient was online somewhere as it
  // was sent.
  enum class Kind {
    room_created,
    room_message,
    room_presence,
    room_roster,
    account_created,
    private_message,
    // private_delivered: record.to was handed its private messages up to
    // record.msg_id.
    private_delivered,
    // room_topic: record.text is the room's topic now, set by `by`.
    room_topic,
    // room_deleted: the room is gone, deleted by `by` (record.text: why).
    room_deleted
  };
  Kind kind = Kind::room_message;
  // Who appended it, and its number there: the node waiting for its own
  // entry to come back knows it by these.
  std::string node;
  std::uint64_t token = 0;
  // A message: room, from, from_account (the appending node's account id),
  // text, ts; a shared file also file_id (its id on the appending node),
  // file_size, file_sha256, file_chunks, and text is its name. A new room: room (its name), from
  // (its creator), text (its topic), from_account (non-zero when the creator has an account, which
  // makes it the room's operator on every node). Presence: room, from (the
  // user), text (the reason).
  net::MessageRecord record;
  net::PresenceChange change = net::PresenceChange::join;
  std::string by;                  // who kicked
  std::vector<std::string> nicks;  // a roster
  bool online = false;
};

// The subject an entry is appended on: its room's, or the accounts' or the
// private messages'.
std::string subject_of(const LogEntry& entry);

std::string encode(const LogEntry& entry);
// nullopt for data that is not an entry of this version.
std::optional<LogEntry> decode(std::string_view data);

}  // namespace confab::cluster
