#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <caf/meta/load_callback.hpp>
#include <caf/meta/type_name.hpp>
#include <caf/optional.hpp>

#include "net/dialect.hpp"
#include "net/message_record.hpp"
#include "net/replies.hpp"
#include "storage/chat_store.hpp"
#include "storage/file_store.hpp"

// Value types carried by the messages between actors. Every one has an
// inspect() so CAF can print and serialise it.
namespace confab {

// The gateway's handle for one TCP connection.
using ConnectionId = std::int64_t;

// Bytes encoded once and shared, read-only, by every recipient of an event:
// fan-out to a thousand members copies a pointer, never the frame.
struct SharedFrame {
  std::shared_ptr<const std::string> bytes;
};

inline SharedFrame make_shared_frame(std::string bytes) {
  return SharedFrame{std::make_shared<const std::string>(std::move(bytes))};
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, SharedFrame& x) {
  std::string copy = x.bytes ? *x.bytes : std::string{};
  auto restore = caf::meta::load_callback([&]() -> caf::error {
    x.bytes = std::make_shared<const std::string>(std::move(copy));
    return caf::none;
  });
  return f(caf::meta::type_name("SharedFrame"), copy, restore);
}

// A room's member connections, rebuilt only when membership changes, so each
// message sends one pointer to the gateway rather than a fresh list.
struct Recipients {
  std::shared_ptr<const std::vector<ConnectionId>> conns;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, Recipients& x) {
  std::vector<ConnectionId> copy = x.conns ? *x.conns : std::vector<ConnectionId>{};
  auto restore = caf::meta::load_callback([&]() -> caf::error {
    x.conns = std::make_shared<const std::vector<ConnectionId>>(std::move(copy));
    return caf::none;
  });
  return f(caf::meta::type_name("Recipients"), copy, restore);
}

// Where the answer to a `say` goes once its message is committed: straight
// from storage to the sender's connection, without a hop through the session.
struct AckRoute {
  ConnectionId conn = 0;
  // The request's id as JSON text; empty when the request had none (only a
  // failure is answered then).
  std::string id;
  net::DialectId dialect = net::DialectId::json;
  // The sender wants its message back as the others see it (IRC's
  // echo-message) rather than an acknowledgement.
  bool echo = false;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, AckRoute& x) {
  return f(caf::meta::type_name("AckRoute"), x.conn, x.id, x.dialect, x.echo);
}

// Bytes for one connection; storage hands the gateway a commit's worth of
// them in one message.
struct AddressedFrame {
  ConnectionId conn = 0;
  std::string bytes;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, AddressedFrame& x) {
  return f(caf::meta::type_name("AddressedFrame"), x.conn, x.bytes);
}

// What the sender of a message learns once it is committed to the database.
struct MessageAck {
  std::int64_t msg_id = 0;
  std::string ts;
  bool delivered = true;
  // A private message's recipient is away, saying this (IRC shows 301).
  std::string away;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, MessageAck& x) {
  return f(caf::meta::type_name("MessageAck"), x.msg_id, x.ts, x.delivered, x.away);
}

// Where a timestamp falls among the messages (msg_ids): the first stamped
// at it or later, and the first stamped strictly later.
struct TimestampBounds {
  std::int64_t at_or_after = 0;
  std::int64_t after = 0;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, TimestampBounds& x) {
  return f(caf::meta::type_name("TimestampBounds"), x.at_or_after, x.after);
}

// What the database holds, for the admin console's stats.
struct StorageStats {
  std::int64_t database_bytes = 0;
  // Of database_bytes, pages free for reuse (not yet given back).
  std::int64_t free_bytes = 0;
  std::int64_t file_bytes = 0;
  // The oldest message kept; empty when there is none.
  std::string oldest_message;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, StorageStats& x) {
  return f(caf::meta::type_name("StorageStats"), x.database_bytes, x.free_bytes, x.file_bytes,
           x.oldest_message);
}

// Who is online under a nick (the directory's `found`).
struct OnlineUserInfo {
  std::string nick;
  std::int64_t account = 0;
  // Empty unless the user is away.
  std::string away;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, OnlineUserInfo& x) {
  return f(caf::meta::type_name("OnlineUserInfo"), x.nick, x.account, x.away);
}

using RoomSummary = net::RoomListing;

// What an upload may take of the server's file storage, in bytes (0 =
// unlimited): in all, and for its uploader.
struct UploadQuota {
  std::int64_t total = 0;
  std::int64_t uploader = 0;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, UploadQuota& x) {
  return f(caf::meta::type_name("UploadQuota"), x.total, x.uploader);
}

// One page of the room list, by name: what follows `after`.
struct RoomPage {
  std::vector<RoomSummary> rooms;
  bool more = false;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, RoomPage& x) {
  return f(caf::meta::type_name("RoomPage"), x.rooms, x.more);
}

// Traffic of one connection since its last report to the admin hub.
struct ConnectionCounters {
  ConnectionId conn = 0;
  std::uint64_t frames_in = 0;
  std::uint64_t frames_out = 0;
  std::uint64_t bytes_in = 0;
  std::uint64_t bytes_out = 0;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, ConnectionCounters& x) {
  return f(caf::meta::type_name("ConnectionCounters"), x.conn, x.frames_in, x.frames_out,
           x.bytes_in, x.bytes_out);
}

// Messages of one room committed since storage last reported.
struct RoomStored {
  std::int64_t room_id = 0;
  std::int64_t messages = 0;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, RoomStored& x) {
  return f(caf::meta::type_name("RoomStored"), x.room_id, x.messages);
}

// A page of a room's history (room_id set) or of a private conversation
// between `nick`, logged in as `account`, and `with`.
struct HistoryRequest {
  std::int64_t room_id = 0;
  std::string room;
  std::string nick;
  std::int64_t account = 0;
  std::string with;
  caf::optional<std::int64_t> before;
  caf::optional<std::int64_t> after;
  caf::optional<std::int64_t> around;
  std::int32_t limit = 50;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, HistoryRequest& x) {
  return f(caf::meta::type_name("HistoryRequest"), x.room_id, x.room, x.nick, x.account, x.with,
           x.before, x.after, x.around, x.limit);
}

}  // namespace confab

namespace confab::net {

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, RoomListing& x) {
  return f(caf::meta::type_name("RoomListing"), x.name, x.topic, x.members);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, MessageRecord& x) {
  return f(caf::meta::type_name("MessageRecord"), x.msg_id, x.ts, x.room, x.from, x.to, x.text,
           x.file_id, x.file_size, x.file_sha256, x.file_chunks, x.from_account, x.to_account);
}

}  // namespace confab::net

namespace confab::storage {

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, RoomRecord& x) {
  return f(caf::meta::type_name("RoomRecord"), x.room_id, x.name, x.topic, x.messages,
           x.creator_account, x.retention_days, x.operator_nick);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, FileRecord& x) {
  return f(caf::meta::type_name("FileRecord"), x.file_id, x.name, x.size, x.sha256, x.uploader,
           x.room_id, x.room, x.recipient, x.created_at, x.complete, x.chunk_count,
           x.uploader_account, x.recipient_account, x.uploader_address, x.origin_node,
           x.origin_file_id);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, FileOrigin& x) {
  return f(caf::meta::type_name("FileOrigin"), x.node, x.file_id);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, Account& x) {
  return f(caf::meta::type_name("Account"), x.account_id, x.password_hash, x.look_alike);
}

}  // namespace confab::storage
