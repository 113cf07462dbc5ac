#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "net/message_record.hpp"

namespace confab::net {

// What a successful request produced, typed per operation so that each
// dialect words it its own way (JSON as the result fields of PROTOCOL.md).
// Some carry a field only terse dialects show (the room a text-mode user is
// in after leaving one, say): JSON leaves those out.

struct RoomListing {
  std::string name;
  std::string topic;
  std::uint32_t members = 0;
};

struct FileListing {
  std::int64_t file_id = 0;
  std::string name;
  std::int64_t size = 0;
  std::string from;
  std::string ts;
};

// ping: nothing to say but that it worked.
struct Done {};

struct HelloResult {
  std::string nick;
  std::string server;
  std::vector<std::string> rooms;
  // Seconds of silence after which the server closes the connection (0:
  // never), so that a client that only reads knows when to ping.
  std::uint32_t idle_timeout_s = 0;
};

struct CreateResult {
  std::string room;
};

struct JoinResult {
  std::string room;
  std::string topic;
  std::vector<std::string> members;
  // Those of `members` who are the room's operators.
  std::vector<std::string> operators;
  std::vector<MessageRecord> history;
};

struct LeaveResult {
  std::string room;
  // The room lines without a target now go to; empty for none.
  std::string current;
};

struct RoomsResult {
  std::vector<RoomListing> rooms;
  bool more = false;
};

struct UsersResult {
  // Empty for everyone online.
  std::string room;
  std::vector<std::string> users;
  // Those of `users` who are the room's operators.
  std::vector<std::string> operators;
};

// `changed` when the request set the topic rather than read it.
struct TopicResult {
  std::string room;
  std::string topic;
  bool changed = false;
};

struct KickResult {
  std::string room;
  std::string nick;
  std::string reason;
};

// A `say` committed.
struct SentResult {
  std::int64_t msg_id = 0;
  std::string_view ts;
  // The message itself, when the sender wants it back as others see it
  // (IRC's echo-message).
  const MessageRecord* echo = nullptr;
};

struct PmResult {
  std::string to;
  std::int64_t msg_id = 0;
  std::string ts;
  bool delivered = true;
  // The recipient is away, saying this; only IRC shows it (301).
  std::string away;
};

struct HistoryResult {
  std::vector<MessageRecord> messages;
};

// A page of search results; `more` when older matches remain.
struct SearchResultPage {
  std::vector<MessageRecord> messages;  // newest first
  bool more = false;
};

struct FilesResult {
  // Empty for a private conversation's files.
  std::string room;
  std::vector<FileListing> files;
};

struct QuitResult {};

// Results only dialects that carry files ask for (upload, chunk,
// upload_end, download): their PROTOCOL.md fields as they are.
struct FieldsResult {
  nlohmann::json fields;
};

using Result = std::variant<Done, HelloResult, CreateResult, JoinResult, LeaveResult, RoomsResult,
                            UsersResult, SentResult, PmResult, HistoryResult, FilesResult,
                            QuitResult, FieldsResult, TopicResult, KickResult, SearchResultPage>;

}  // namespace confab::net
