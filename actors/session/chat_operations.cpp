// Rooms and messages: create, join, leave, rooms, users, say, pm, history.
#include <algorithm>

#include "actors/chat_error.hpp"
#include "actors/session/operations.hpp"
#include "actors/session/session_state.hpp"
#include "net/address_group.hpp"
#include "net/control_characters.hpp"
#include "net/names.hpp"
#include "net/utf8.hpp"

namespace confab::session_detail {
namespace {

constexpr int kMaxHistoryLimit = 200;
// PROTOCOL.md: `rooms` pages hold at most 500, and that is the default.
constexpr std::int64_t kMaxRoomsPage = 500;

// --- rooms ------------------------------------------------------------------

// Who a room's creation is counted against: the account, or the guests of
// one address group; nobody for loopback guests unless --limit-loopback.
std::string creator_key(session_pointer self) {
  const auto& st = self->state;
  if (st.account_id != 0) {
    return "account " + std::to_string(st.account_id);
  }
  if (!st.context->limits.limit_loopback && net::is_loopback(st.address)) {
    return {};
  }
  return "guests of " + net::address_group(st.address);
}

net::JoinResult join_result(JoinReply& reply) {
  return net::JoinResult{reply.room, reply.topic, std::move(reply.members),
                         std::move(reply.operators), std::move(reply.history)};
}

}  // namespace

void handle_create(session_pointer self, const Request& request) {
  const auto* room = require_string(self, request, "room");
  std::string topic;
  if (room == nullptr || !optional_string(self, request, "topic", topic)) {
    return;
  }
  if (!net::is_valid_room(*room)) {
    reply_error(self, request, ChatError::invalid_room, "room must be 1-64 of A-Z a-z 0-9 _ . -");
    return;
  }
  if (!check_one_line(self, request, "topic", topic)) {
    return;
  }
  self->request(self->state.context->directory, kNoTimeout, atoms::create::value, *room, topic,
                self_ref(self), creator_key(self))
      .await(
          [self, request](JoinReply& reply) {
            remember_room(self, reply);
            reply_ok(self, request, net::CreateResult{reply.room});
          },
          [self, request](caf::error& error) { reply_error(self, request, error); });
}

void handle_join(session_pointer self, const Request& request) {
  const auto* room = require_string(self, request, "room");
  if (room == nullptr) {
    return;
  }
  if (!net::is_valid_room(*room)) {
    reply_error(self, request, ChatError::no_such_room, "no such room: " + *room);
    return;
  }
  if (auto* joined = joined_room(self, *room)) {
    reply_error(self, request, ChatError::already_member, "already a member of " + joined->name);
    return;
  }
  self->request(self->state.context->directory, kNoTimeout, atoms::join::value, *room,
                self_ref(self))
      .await(
          [self, request](JoinReply& reply) {
            remember_room(self, reply);
            self->state.context->log->info(self->state.nick, " joined ", reply.room);
            reply_ok(self, request, join_result(reply));
          },
          [self, request](caf::error& error) { reply_error(self, request, error); });
}

void handle_leave(session_pointer self, const Request& request) {
  const auto* room = require_string(self, request, "room");
  if (room == nullptr) {
    return;
  }
  auto* joined = require_joined(self, request, *room);
  if (joined == nullptr) {
    return;
  }
  self->request(joined->handle, kRequestTimeout, atoms::leave::value, self->state.nick)
      .await(
          [self, request](std::string& name) {
            auto& st = self->state;
            const auto key = net::name_key(name);
            st.rooms.erase(key);
            report_rooms(self);
            if (st.current_room == key) {
              st.current_room = st.rooms.empty() ? std::string{} : st.rooms.begin()->first;
            }
            st.context->log->info(st.nick, " left ", name);
            reply_ok(
                self, request,
                net::LeaveResult{name, st.current_room.empty() ? std::string{}
                                                               : st.rooms[st.current_room].name});
          },
          [self, request](caf::error& error) { reply_error(self, request, error); });
}

void handle_rooms(session_pointer self, const Request& request) {
  std::string after;
  caf::optional<std::int64_t> limit;
  if (!optional_string(self, request, "after", after) ||
      !optional_integer(self, request, "limit", limit)) {
    return;
  }
  if (limit && *limit < 1) {
    reply_error(self, request, ChatError::bad_request, "limit must be at least 1");
    return;
  }
  const auto page_size = static_cast<std::uint32_t>(
      limit ? std::min<std::int64_t>(*limit, kMaxRoomsPage) : kMaxRoomsPage);
  self->request(self->state.context->directory, kRequestTimeout, atoms::rooms::value, after,
                page_size)
      .await(
          [self, request](RoomPage& page) {
            reply_ok(self, request, net::RoomsResult{std::move(page.rooms), page.more});
          },
          [self, request](caf::error& error) { reply_error(self, request, error); });
}

void handle_users(session_pointer self, const Request& request) {
  std::string room;
  if (!optional_string(self, request, "room", room)) {
    return;
  }
  self->request(self->state.context->directory, kRequestTimeout, atoms::users::value, room)
      .await(
          [self, request, room](RoomMembers& users) {
            reply_ok(self, request,
                     net::UsersResult{room, std::move(users.nicks), std::move(users.operators)});
          },
          [self, request](caf::error& error) { reply_error(self, request, error); });
}

// --- messages -----------------------------------------------------------------

void handle_say(session_pointer self, const Request& request) {
  const auto* room = require_string(self, request, "room");
  if (room == nullptr) {
    return;
  }
  const auto* text = require_string(self, request, "text");
  if (text == nullptr) {
    return;
  }
  auto* joined = require_joined(self, request, *room);
  if (joined == nullptr) {
    return;
  }
  if (!check_text(self, request, *text)) {
    return;
  }
  auto& st = self->state;
  st.says_unsynced = true;
  const bool echo = st.irc && st.irc->has_capability("echo-message");
  self->send(joined->handle, atoms::say::value, st.nick, *text,
             AckRoute{st.conn, request.id, dialect(self).id(), echo});
}

void handle_pm(session_pointer self, const Request& request) {
  const auto* to = require_string(self, request, "to");
  if (to == nullptr) {
    return;
  }
  const auto* text = require_string(self, request, "text");
  if (text == nullptr) {
    return;
  }
  if (!net::is_valid_nick(*to)) {
    reply_error(self, request, ChatError::no_such_user, "no user " + *to + " is online");
    return;
  }
  if (!check_text(self, request, *text)) {
    return;
  }
  net::MessageRecord message;
  message.from = self->state.nick;
  message.from_account = self->state.account_id;
  message.to = *to;
  message.text = *text;
  expect_reply(self);
  auto delivered = [self, request = reply_address(request), to = *to](MessageAck& ack) {
    reply_ok(self, request,
             net::PmResult{to, ack.msg_id, ack.ts, ack.delivered, std::move(ack.away)});
    reply_arrived(self);
  };
  auto failed = [self, request = reply_address(request)](caf::error& error) {
    reply_error(self, request, error);
    reply_arrived(self);
  };
  auto sent = self->request(self->state.context->directory, kNoTimeout, atoms::pm::value,
                            std::move(message));
  // JSON clients pipeline private messages and match replies by id; IRC
  // clients read replies in the order of their lines, so theirs wait.
  if (self->state.irc) {
    sent.await(delivered, failed);
  } else {
    sent.then(delivered, failed);
  }
}

// Room history is read through the room and private history through the
// directory: the actors that passed this client's own messages to storage,
// so a page always includes them.
template <class Reader>
void read_history(session_pointer self, const Request& request, const Reader& reader,
                  HistoryRequest query) {
  self->request(reader, kRequestTimeout, atoms::history::value, std::move(query))
      .await(
          [self, request](std::vector<net::MessageRecord>& messages) {
            reply_ok(self, request, net::HistoryResult{std::move(messages)});
          },
          [self, request](caf::error& error) { reply_error(self, request, error); });
}

void handle_history(session_pointer self, const Request& request) {
  HistoryRequest query;
  caf::optional<std::int64_t> limit;
  if (!optional_integer(self, request, "before", query.before) ||
      !optional_integer(self, request, "after", query.after) ||
      !optional_integer(self, request, "around", query.around) ||
      !optional_integer(self, request, "limit", limit)) {
    return;
  }
  if (limit && *limit < 1) {
    reply_error(self, request, ChatError::bad_request, "limit must be at least 1");
    return;
  }
  query.limit =
      static_cast<std::int32_t>(limit ? std::min<std::int64_t>(*limit, kMaxHistoryLimit) : 50);
  if ((query.before ? 1 : 0) + (query.after ? 1 : 0) + (query.around ? 1 : 0) > 1) {
    reply_error(self, request, ChatError::bad_request,
                "give at most one of before, after or around");
    return;
  }
  if (!resolve_conversation(self, request, query, "private history")) {
    return;
  }
  if (query.room_id != 0) {
    const auto room = joined_room(self, query.room)->handle;
    read_history(self, request, room, std::move(query));
  } else {
    read_history(self, request, self->state.context->directory, std::move(query));
  }
}

}  // namespace confab::session_detail
