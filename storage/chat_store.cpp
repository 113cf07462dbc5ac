#include "storage/chat_store.hpp"

#include <algorithm>

#include "net/names.hpp"
#include "storage/message_rows.hpp"
#include "storage/private_conversation.hpp"

namespace confab::storage {
namespace {

// What every message query reads, from the message and its file. Built on
// first use: kMessageRowColumns lives in another translation unit.
const std::string& message_rows() {
  static const std::string select = "SELECT " + kMessageRowColumns +
                                    " FROM messages AS m LEFT JOIN files AS f "
                                    "ON f.file_id = m.file_id ";
  return select;
}

// A page centred on a message: the older half with it, then the newer.
template <class Read>
std::vector<net::MessageRecord> page_around(const HistoryPage& page, const Read& read) {
  HistoryPage older;
  older.before = *page.around + 1;
  older.limit = (page.limit + 1) / 2;
  auto messages = read(older);
  HistoryPage newer;
  newer.after = *page.around;
  newer.limit = page.limit - static_cast<int>(messages.size());
  if (newer.limit > 0) {
    auto rest = read(newer);
    messages.insert(messages.end(), std::make_move_iterator(rest.begin()),
                    std::make_move_iterator(rest.end()));
  }
  return messages;
}

// Builds "... AND msg_id < ? ORDER BY msg_id DESC LIMIT ?" style tails: the
// newest page and "before" pages are read newest-first and reversed, "after"
// pages are read oldest-first.
std::string page_clause(const HistoryPage& page) {
  if (page.after) {
    return " AND m.msg_id > :cursor ORDER BY m.msg_id ASC LIMIT :limit";
  }
  if (page.before) {
    return " AND m.msg_id < :cursor ORDER BY m.msg_id DESC LIMIT :limit";
  }
  return " ORDER BY m.msg_id DESC LIMIT :limit";
}

// A guest is NULL in the account columns.
void bind_account(SQLite::Statement& statement, int index, std::int64_t account) {
  if (account != 0) {
    statement.bind(index, account);
  } else {
    statement.bind(index);
  }
}

void bind_page(SQLite::Statement& query, const HistoryPage& page) {
  if (page.after) {
    query.bind(":cursor", *page.after);
  } else if (page.before) {
    query.bind(":cursor", *page.before);
  }
  query.bind(":limit", page.limit);
}

}  // namespace

ChatStore::ChatStore(SQLite::Database& db)
    : db_(db),
      insert_message_(db,
                      "INSERT INTO messages (msg_id, ts, room_id, sender, recipient, pair_key, "
                      "kind, text, delivered, recipient_key, file_id, sender_account, "
                      "recipient_account) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)") {}

std::vector<RoomRecord> ChatStore::rooms() {
  SQLite::Statement query(db_,
                          "SELECT r.room_id, r.name, r.topic, "
                          "(SELECT COUNT(*) FROM messages AS m WHERE m.room_id = r.room_id), "
                          "COALESCE(r.creator_account, 0), r.retention_days, "
                          "COALESCE(a.nick, '') "
                          "FROM rooms AS r LEFT JOIN accounts AS a "
                          "ON a.account_id = r.creator_account ORDER BY r.room_id");
  std::vector<RoomRecord> rooms;
  while (query.executeStep()) {
    rooms.push_back({query.getColumn(0).getInt64(), query.getColumn(1).getString(),
                     query.getColumn(2).getString(), query.getColumn(3).getInt64(),
                     query.getColumn(4).getInt64(),
                     static_cast<std::uint32_t>(query.getColumn(5).getInt64()),
                     query.getColumn(6).getString()});
  }
  return rooms;
}

std::int64_t ChatStore::max_msg_id() {
  SQLite::Statement query(db_, "SELECT COALESCE(MAX(msg_id), 0) FROM messages");
  query.executeStep();
  return query.getColumn(0).getInt64();
}

std::int64_t ChatStore::max_msg_id_below(std::int64_t limit) {
  SQLite::Statement query(db_, "SELECT COALESCE(MAX(msg_id), 0) FROM messages WHERE msg_id < ?");
  query.bind(1, limit);
  query.executeStep();
  return query.getColumn(0).getInt64();
}

std::optional<RoomRecord> ChatStore::insert_room(const std::string& name, const std::string& topic,
                                                 const std::string& creator,
                                                 std::int64_t creator_account,
                                                 const std::string& ts) {
  SQLite::Statement insert(db_,
                           "INSERT INTO rooms (name, name_key, topic, created_by, created_at, "
                           "creator_account) "
                           "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (name_key) DO NOTHING");
  insert.bind(1, name);
  insert.bind(2, net::name_key(name));
  insert.bind(3, topic);
  insert.bind(4, creator);
  insert.bind(5, ts);
  if (creator_account != 0) {
    insert.bind(6, creator_account);
  } else {
    insert.bind(6);
  }
  if (insert.exec() == 0) {
    return std::nullopt;
  }
  return RoomRecord{db_.getLastInsertRowid(),
                    name,
                    topic,
                    0,
                    creator_account,
                    0,
                    creator_account != 0 ? creator : std::string()};
}

void ChatStore::set_topic(std::int64_t room_id, const std::string& topic) {
  SQLite::Statement update(db_, "UPDATE rooms SET topic = ? WHERE room_id = ?");
  update.bind(1, topic);
  update.bind(2, room_id);
  update.exec();
}

std::optional<std::string> ChatStore::set_retention(const std::string& room, std::uint32_t days) {
  SQLite::Statement update(db_,
                           "UPDATE rooms SET retention_days = ? WHERE name_key = ? RETURNING name");
  update.bind(1, static_cast<std::int64_t>(days));
  update.bind(2, net::name_key(room));
  if (!update.executeStep()) {
    return std::nullopt;
  }
  auto name = update.getColumn(0).getString();
  while (update.executeStep()) {
  }
  return name;
}

std::string ChatStore::oldest_message_ts() {
  SQLite::Statement query(db_, "SELECT ts FROM messages ORDER BY msg_id LIMIT 1");
  return query.executeStep() ? query.getColumn(0).getString() : std::string{};
}

void ChatStore::insert_message(const net::MessageRecord& message, std::int64_t room_id,
                               bool delivered) {
  auto& insert = insert_message_;
  insert.reset();
  insert.clearBindings();
  // Every bound string outlives exec() below, so SQLite need not copy it.
  std::string pair;
  std::string recipient_key;
  insert.bind(1, message.msg_id);
  insert.bindNoCopy(2, message.ts);
  if (message.is_private()) {
    pair = pair_key(message.from, message.to);
    recipient_key = net::name_key(message.to);
    insert.bind(3);
    insert.bindNoCopy(5, message.to);
    insert.bindNoCopy(6, pair);
    insert.bindNoCopy(10, recipient_key);
    bind_account(insert, 12, message.from_account);
    bind_account(insert, 13, message.to_account);
  } else {
    insert.bind(3, room_id);
    insert.bind(5);
    insert.bind(6);
    insert.bind(10);
    // Who said it, beyond the nick: history can tell an account's words
    // from a guest's of the same name.
    bind_account(insert, 12, message.from_account);
    insert.bind(13);
  }
  insert.bindNoCopy(4, message.from);
  insert.bindNoCopy(7, message.is_file() ? "file" : "text");
  insert.bindNoCopy(8, message.text);
  insert.bind(9, delivered ? 1 : 0);
  if (message.is_file()) {
    insert.bind(11, message.file_id);
  } else {
    insert.bind(11);
  }
  insert.exec();
}

std::vector<net::MessageRecord> ChatStore::read_page(SQLite::Statement& query,
                                                     const std::string& room) {
  std::vector<net::MessageRecord> page;
  while (query.executeStep()) {
    auto message = read_message_row(query);
    message.room = room;
    page.push_back(std::move(message));
  }
  if (page.size() > 1 && page.front().msg_id > page.back().msg_id) {
    std::reverse(page.begin(), page.end());
  }
  return page;
}

std::vector<net::MessageRecord> ChatStore::room_history(const RoomRecord& room,
                                                        const HistoryPage& page) {
  if (page.around) {
    return page_around(page, [&](const HistoryPage& half) { return room_history(room, half); });
  }
  SQLite::Statement query(db_, message_rows() + "WHERE m.room_id = :room" + page_clause(page));
  query.bind(":room", room.room_id);
  bind_page(query, page);
  return read_page(query, room.name);
}

std::vector<net::MessageRecord> ChatStore::private_history(std::int64_t account,
                                                           const std::string& nick,
                                                           const std::string& other,
                                                           const HistoryPage& page) {
  if (page.around) {
    return page_around(
        page, [&](const HistoryPage& half) { return private_history(account, nick, other, half); });
  }
  SQLite::Statement query(db_,
                          message_rows() + "WHERE " + kPrivateConversation + page_clause(page));
  bind_private_conversation(query, account, nick, other);
  bind_page(query, page);
  return read_page(query, {});
}

std::int64_t ChatStore::first_message_at(const std::string& ts, bool strictly_after) {
  // msg_ids are handed out in time order, so the ids' order is the clock's
  // and a binary search over the primary key finds the boundary in
  // O(log n) point reads, with no index on ts.
  SQLite::Statement probe(db_,
                          "SELECT msg_id, ts FROM messages WHERE msg_id >= ? "
                          "ORDER BY msg_id LIMIT 1");
  auto past_boundary = [&](const std::string& at) { return strictly_after ? at > ts : at >= ts; };
  std::int64_t low = 1;
  std::int64_t high = max_msg_id() + 1;
  while (low < high) {
    const auto middle = low + (high - low) / 2;
    probe.reset();
    probe.bind(1, middle);
    if (!probe.executeStep()) {
      high = middle;
      continue;
    }
    const auto found = probe.getColumn(0).getInt64();
    if (past_boundary(probe.getColumn(1).getString())) {
      high = middle;
    } else {
      low = found + 1;
    }
  }
  return low;
}

void ChatStore::delete_room(std::int64_t room_id) {
  SQLite::Statement messages(db_, "DELETE FROM messages WHERE room_id = ?");
  messages.bind(1, room_id);
  messages.exec();
  SQLite::Statement room(db_, "DELETE FROM rooms WHERE room_id = ?");
  room.bind(1, room_id);
  room.exec();
}

void ChatStore::reset_statements() {
  insert_message_.reset();
}

std::optional<Account> ChatStore::account(const std::string& nick) {
  SQLite::Statement query(db_, "SELECT account_id, password_hash FROM accounts WHERE nick_key = ?");
  query.bind(1, net::name_key(nick));
  if (!query.executeStep()) {
    return std::nullopt;
  }
  return Account{query.getColumn(0).getInt64(), query.getColumn(1).getString(), {}};
}

std::optional<std::string> ChatStore::look_alike_account(const std::string& nick) {
  SQLite::Statement query(db_,
                          "SELECT nick FROM accounts WHERE skeleton = ? AND nick_key <> ? LIMIT 1");
  query.bind(1, net::nick_skeleton(nick));
  query.bind(2, net::name_key(nick));
  if (!query.executeStep()) {
    return std::nullopt;
  }
  return query.getColumn(0).getString();
}

std::optional<std::int64_t> ChatStore::insert_account(const std::string& nick,
                                                      const std::string& password_hash,
                                                      const std::string& ts) {
  SQLite::Statement insert(
      db_,
      "INSERT INTO accounts (nick_key, nick, password_hash, created_at, skeleton) "
      "VALUES (?, ?, ?, ?, ?) ON CONFLICT (nick_key) DO NOTHING");
  insert.bind(1, net::name_key(nick));
  insert.bind(2, nick);
  insert.bind(3, password_hash);
  insert.bind(4, ts);
  insert.bind(5, net::nick_skeleton(nick));
  if (insert.exec() != 1) {
    return std::nullopt;
  }
  return db_.getLastInsertRowid();
}

std::vector<net::MessageRecord> ChatStore::take_undelivered(std::int64_t account,
                                                            const std::string& nick) {
  // recipient_key leads to messages_undelivered; the account is who they are for.
  SQLite::Statement query(db_,
                          message_rows() +
                              "WHERE m.recipient_key = :key AND m.recipient_account = :account "
                              "AND m.delivered = 0 ORDER BY m.msg_id");
  query.bind(":key", net::name_key(nick));
  query.bind(":account", account);
  auto messages = read_page(query, {});
  SQLite::Statement mark(db_,
                         "UPDATE messages SET delivered = 1 WHERE recipient_key = :key AND "
                         "recipient_account = :account AND delivered = 0");
  mark.bind(":key", net::name_key(nick));
  mark.bind(":account", account);
  mark.exec();
  return messages;
}

void ChatStore::mark_delivered(const std::string& nick, std::int64_t up_to) {
  SQLite::Statement mark(db_,
                         "UPDATE messages SET delivered = 1 WHERE recipient_key = :key AND "
                         "delivered = 0 AND msg_id <= :up_to");
  mark.bind(":key", net::name_key(nick));
  mark.bind(":up_to", up_to);
  mark.exec();
}

int ChatStore::forget_guest_conversations(const std::string& nick) {
  // The conditions repeat messages_between_guests' so SQLite reads only
  // that small index, not the whole history.
  SQLite::Statement remove(db_,
                           "DELETE FROM messages WHERE room_id IS NULL AND sender_account IS NULL "
                           "AND recipient_account IS NULL "
                           "AND (:nick = '' OR lower(sender) = :nick OR recipient_key = :nick)");
  remove.bind(":nick", net::name_key(nick));
  return remove.exec();
}

}  // namespace confab::storage
