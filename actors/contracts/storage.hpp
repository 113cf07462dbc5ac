#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <caf/replies_to.hpp>
#include <caf/typed_actor.hpp>

#include "actors/contracts/atoms.hpp"
#include "actors/contracts/message_types.hpp"

namespace confab {

// Whoever has rooms retract what storage could not keep (room, msg_id): the
// directory. Only this much of its interface is storage's business.
using retraction_sink = caf::typed_actor<caf::reacts_to<atoms::retract, std::string, std::int64_t>>;

// The only owner of the SQLite connection, on a thread of its own. Writes are
// group-committed: everything waiting in the mailbox shares one transaction,
// and each writer's reply goes out only after that transaction commits. A
// database that refuses a batch (locked by another process, disk full) gets
// it again, for up to 10 s; what then fails is answered with an error, and
// room messages members already saw are retracted through the directory.
using storage_actor = caf::typed_actor<
    // A room message (with its room_id); replies after commit.
    caf::replies_to<atoms::persist, net::MessageRecord, std::int64_t>::with<MessageAck>,
    // A room message whose sender is answered through the gateway: after the
    // commit, one message carries every answer of the batch.
    caf::reacts_to<atoms::persist, net::MessageRecord, std::int64_t, AckRoute>,
    // A private message to an offline user: stored undelivered if the
    // recipient has an account, else no_such_user.
    caf::replies_to<atoms::offline, net::MessageRecord>::with<MessageAck>,
    // Cluster mode: a private message from the shared log (its msg_id set),
    // delivered live or not; both parties' accounts are looked up by nick
    // (from_account non-zero: the sender used one).
    caf::replies_to<atoms::logged_pm, net::MessageRecord, bool>::with<MessageAck>,
    // Cluster mode: a file shared through the shared log (msg_id and file_id
    // both the entry's), in a room (room_id) or privately (0; delivered live
    // or not), stored with its message and recorded as a copy of its origin
    // (an upload here, or another node's in the file stream) to be made.
    caf::replies_to<atoms::logged_file, net::MessageRecord, std::int64_t, storage::FileOrigin,
                    bool>::with<MessageAck>,
    // Cluster mode: a node handed this nick its private messages up to this
    // msg_id; they are not to be handed out again here.
    caf::reacts_to<atoms::seen, std::string, std::int64_t>,
    caf::replies_to<atoms::history, HistoryRequest>::with<std::vector<net::MessageRecord>>,
    // Where a timestamp falls among the messages (one past the newest
    // when no message is that late).
    caf::replies_to<atoms::msg_at, std::string>::with<TimestampBounds>,
    // Create a room row (name, topic, creator, creator's account or 0);
    // room_exists when taken.
    caf::replies_to<atoms::create, std::string, std::string, std::string,
                    std::int64_t>::with<storage::RoomRecord>,
    // Set a room's topic (room_id, topic); replies after commit.
    caf::replies_to<atoms::topic, std::int64_t, std::string>::with<bool>,
    // A nick's account; account_id 0 when it has none.
    caf::replies_to<atoms::account, std::string>::with<storage::Account>,
    // Create an account (nick, password hash); replies with its account_id,
    // 0 when the nick is registered already.
    caf::replies_to<atoms::enroll, std::string, std::string>::with<std::int64_t>,
    // Take the private messages waiting for an account (account_id, nick).
    caf::replies_to<atoms::pending, std::int64_t,
                    std::string>::with<std::vector<net::MessageRecord>>,
    // A guest left (nick): what only guests could have read of its private
    // conversations is deleted.
    caf::reacts_to<atoms::forget, std::string>,
    // Register an upload in progress, checked against the quotas; replies
    // with its file_id.
    caf::replies_to<atoms::upload_begin, storage::FileRecord, UploadQuota>::with<std::int64_t>,
    // Store one chunk (file_id, seq, bytes); replies after commit.
    caf::replies_to<atoms::chunk_put, std::int64_t, std::int64_t, std::string>::with<bool>,
    // Cluster mode: a chunk copied from the file stream (file_id, seq,
    // bytes), kept unless it is here already; replies after commit.
    caf::replies_to<atoms::chunk_keep, std::int64_t, std::int64_t, std::string>::with<bool>,
    // Cluster mode: the copy of this file is whole if all its chunks are
    // here (and this node's upload it was copied from is removed); replies
    // whether it is.
    caf::replies_to<atoms::copied, std::int64_t>::with<bool>,
    // Cluster mode: the files whose chunks are still being copied.
    caf::replies_to<atoms::copying>::with<std::vector<storage::FileRecord>>,
    // Remove an unfinished upload and its chunks.
    caf::reacts_to<atoms::upload_drop, std::int64_t>,
    // A file's record (no_such_file unless complete).
    caf::replies_to<atoms::file_get, std::int64_t>::with<storage::FileRecord>,
    // One stored chunk (file_id, seq).
    caf::replies_to<atoms::chunk_get, std::int64_t, std::int64_t>::with<std::string>,
    // Finished files of a room (room_id) or of a conversation (nick, with).
    caf::replies_to<atoms::file_list, HistoryRequest>::with<std::vector<storage::FileRecord>>,
    // Delete a room with its history and files (room_id).
    caf::replies_to<atoms::delete_room, std::int64_t>::with<bool>,
    // Commit the open batch (sent to itself).
    caf::reacts_to<atoms::flush>,
    // Try a refused batch again (sent to itself).
    caf::reacts_to<atoms::retry>,
    // Tell the admin hub how many messages each room has committed since
    // the last report (sent to itself, once a second while chat flows).
    caf::reacts_to<atoms::room_stored>,
    // Do a slice of background work: index queued messages for search
    // (sent to itself).
    caf::reacts_to<atoms::housekeep>,
    // Index what waits to be indexed, before a search (from the searcher).
    caf::replies_to<atoms::index>::with<bool>,
    // Delete a slice of messages past their retention, or give their space
    // back (sent to itself; only the latest request, by number, counts).
    caf::reacts_to<atoms::purge, std::uint64_t>,
    // A room's own retention (room, days; 0: the server's); replies with
    // the room's name as it is spelled, after commit.
    caf::replies_to<atoms::retention, std::string, std::uint32_t>::with<std::string>,
    // The database's size, its files', its oldest message.
    caf::replies_to<atoms::stats>::with<StorageStats>,
    // Replies once everything sent before it is committed or has failed,
    // and its answers are with the gateway.
    caf::replies_to<atoms::sync>::with<bool>>;

}  // namespace confab
