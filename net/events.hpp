#pragma once

#include <cstdint>
#include <string_view>
#include <variant>

#include "net/message_record.hpp"

namespace confab::net {

// What the server tells a client without being asked, as typed values that
// every dialect renders its own way (net/dialect.hpp). An event is a view:
// it refers to what it describes and lives only while it is rendered, so a
// fan-out builds it once and encodes it once per dialect in use.

// A room message, a private message or a shared file (MessageRecord says
// which).
struct MessageEvent {
  const MessageRecord& message;
};

// A message shown earlier could not be stored; clients drop it.
struct RetractEvent {
  const MessageRecord& message;
};

enum class PresenceChange : std::uint8_t { join, leave, quit, kick };

struct PresenceEvent {
  std::string_view room;
  std::string_view nick;
  PresenceChange change;
  // Who removed `nick` and why, for a kick.
  std::string_view by = {};
  std::string_view reason = {};
};

// A room's topic was changed by `by`.
struct TopicEvent {
  std::string_view room;
  std::string_view topic;
  std::string_view by;
};

// A member of a shared room went away (`message` set) or came back
// (empty); only IRC clients with away-notify are told.
struct AwayEvent {
  std::string_view nick;
  std::string_view message;
};

// An administrator's announcement.
struct NoticeEvent {
  std::string_view text;
};

// The server is stopping; the connection closes next.
struct ShutdownEvent {
  std::string_view reason;
};

// An administrator disconnected this client.
struct KickedEvent {
  std::string_view reason;
};

// The client is no longer a member of `room`, and stays connected.
struct RemovedEvent {
  std::string_view room;
  std::string_view by;
  std::string_view reason;
};

// Closing reasons the server decides by itself.
struct IdleTimeoutEvent {
  std::int64_t seconds;
};
struct LoginTimeoutEvent {
  std::int64_t seconds;
};
struct FrameTooLargeEvent {
  std::uint64_t limit;
};

// A download's pieces; only dialects that can carry files render them.
struct ChunkEvent {
  std::int64_t file_id;
  std::int64_t seq;
  std::string_view bytes;
};
struct FileEndEvent {
  std::int64_t file_id;
};
// An upload that stalled was cancelled by the server.
struct UploadCancelledEvent {
  std::string_view token;
  std::string_view message;
};

using Event =
    std::variant<MessageEvent, RetractEvent, PresenceEvent, TopicEvent, AwayEvent, NoticeEvent,
                 ShutdownEvent, KickedEvent, RemovedEvent, IdleTimeoutEvent, LoginTimeoutEvent,
                 FrameTooLargeEvent, ChunkEvent, FileEndEvent, UploadCancelledEvent>;

std::string_view presence_name(PresenceChange change);

}  // namespace confab::net
