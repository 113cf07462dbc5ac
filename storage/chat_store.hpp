#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include "net/message_record.hpp"

namespace confab::storage {

struct RoomRecord {
  std::int64_t room_id = 0;
  std::string name;
  std::string topic;
  std::int64_t messages = 0;  // stored messages, for the admin console
  // The account that created the room (its operator); 0 for a guest or
  // for the server (main).
  std::int64_t creator_account = 0;
  // Its own retention in days; 0 follows the server's (--retention-days).
  std::uint32_t retention_days = 0;
  // The creator account's nick, empty with no account: in cluster mode a
  // member on another node is known by nick alone, and an account's nick
  // is the account's on every node.
  std::string operator_nick;
};

// A registered nick: its stable number and its password's hash.
struct Account {
  std::int64_t account_id = 0;
  std::string password_hash;
  // For a nick without an account: the account whose nick looks like it
  // (net::nick_skeleton), if any.
  std::string look_alike;
};

// Which page of a conversation to read: the newest `limit` messages, those
// before a msg_id (scrolling back), the oldest ones after a msg_id (catching
// up after a reconnect), or those around one.
// Results are always oldest first.
struct HistoryPage {
  std::optional<std::int64_t> before;
  std::optional<std::int64_t> after;
  // Centred on this message, which is included when it is in the
  // conversation: the older half of `limit` up to it, the rest after.
  std::optional<std::int64_t> around;
  int limit = 50;
};

// Every query the server makes of its database. Not thread-safe: one owner
// (the storage actor) at a time. Write methods do not open transactions; the
// caller groups them so that many messages share one commit.
class ChatStore {
 public:
  explicit ChatStore(SQLite::Database& db);

  std::vector<RoomRecord> rooms();
  std::int64_t max_msg_id();
  // The newest id under `limit`: in cluster mode a node's own ids stay
  // below the shared log's.
  std::int64_t max_msg_id_below(std::int64_t limit);

  // nullopt when a room of that name (case-insensitively) exists.
  std::optional<RoomRecord> insert_room(const std::string& name, const std::string& topic,
                                        const std::string& creator, std::int64_t creator_account,
                                        const std::string& ts);
  void set_topic(std::int64_t room_id, const std::string& topic);
  // The room's own retention in days (0: the server's); its name as
  // spelled, or nullopt when there is no such room.
  std::optional<std::string> set_retention(const std::string& room, std::uint32_t days);
  // The timestamp of the oldest message kept; empty when there is none.
  std::string oldest_message_ts();

  void insert_message(const net::MessageRecord& message, std::int64_t room_id, bool delivered);

  // The room and its messages (its files first: FileStore::delete_room_files).
  void delete_room(std::int64_t room_id);

  std::vector<net::MessageRecord> room_history(const RoomRecord& room, const HistoryPage& page);
  // The conversation between `account` (who is `nick`) and whoever holds
  // `other` now: its account if it has one, else its guests. What `other`'s
  // name meant before it was registered is another person's conversation.
  std::vector<net::MessageRecord> private_history(std::int64_t account, const std::string& nick,
                                                  const std::string& other,
                                                  const HistoryPage& page);

  // The first msg_id whose message was stamped at `ts` or later (strictly
  // later with `strictly_after`); one past the newest when there is none.
  // Timestamps compare as strings: they are all ISO 8601 in UTC, with ms.
  std::int64_t first_message_at(const std::string& ts, bool strictly_after);

  std::optional<Account> account(const std::string& nick);
  // The nick of an account other than `nick`'s own that looks like it.
  std::optional<std::string> look_alike_account(const std::string& nick);

  // After a failed transaction: no prepared statement may stay mid-step.
  void reset_statements();
  // The new account's number; nullopt when the nick is registered already.
  std::optional<std::int64_t> insert_account(const std::string& nick,
                                             const std::string& password_hash,
                                             const std::string& ts);

  // Private messages stored for an offline account, oldest first; they are
  // marked delivered as they are handed out.
  std::vector<net::MessageRecord> take_undelivered(std::int64_t account, const std::string& nick);
  // Cluster mode: another node handed `nick` its private messages up to
  // this msg_id.
  void mark_delivered(const std::string& nick, std::int64_t up_to);

  // Deletes the private messages between two guests that involve `nick`
  // (every nick when empty): once a guest leaves, no one can read them.
  int forget_guest_conversations(const std::string& nick);

 private:
  std::vector<net::MessageRecord> read_page(SQLite::Statement& query, const std::string& room);

  SQLite::Database& db_;
  SQLite::Statement insert_message_;
};

}  // namespace confab::storage
