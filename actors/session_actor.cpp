#include "actors/session_actor.hpp"
#include "actors/session_state.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include <caf/actor_system.hpp>
#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

#include "actors/actor_context.hpp"
#include "actors/chat_error.hpp"
#include "actors/file_transfer.hpp"
#include "actors/operation_table.hpp"
#include "actors/rate_limiter.hpp"
#include "net/address_group.hpp"
#include "net/base64.hpp"
#include "net/control_characters.hpp"
#include "net/frame_writer.hpp"
#include "net/names.hpp"
#include "net/protocol_codec.hpp"
#include "net/timestamp.hpp"
#include "net/utf8.hpp"
namespace confab::session_detail {
// --- output -----------------------------------------------------------------

void send_bytes(session_pointer self, std::string bytes) {
  self->send(self->state.context->gateway, atoms::send::value, self->state.conn,
             make_shared_frame(std::move(bytes)));
}

// Runs once, however the connection ends: unfinished uploads leave nothing
// behind.
void log_departure(session_pointer self) {
  auto& st = self->state;
  for (auto& [token, upload] : st.uploads) {
    self->send(st.context->storage, atoms::upload_drop::value, upload.file_id);
  }
  st.uploads.clear();
  if (st.hello_done) {
    st.context->log->info(st.nick, " left the server");
  }
}

void close_connection(session_pointer self) {
  auto& st = self->state;
  if (st.closing) {
    return;
  }
  st.closing = true;
  log_departure(self);
  self->send(st.context->gateway, atoms::close::value, st.conn);
  self->quit();
}

const net::Dialect& dialect(session_pointer self) {
  return net::dialect(self->state.dialect.value_or(net::undecided_dialect()));
}

void send_event(session_pointer self, const net::Event& event) {
  auto bytes = dialect(self).render(event);
  if (!bytes.empty()) {
    send_bytes(self, std::move(bytes));
  }
}

void expect_reply(session_pointer self) {
  ++self->state.outstanding_replies;
}

void finish_quit(session_pointer self) {
  reply_ok(self, *self->state.quit_request, net::QuitResult{});
  close_connection(self);
}

void reply_arrived(session_pointer self) {
  auto& st = self->state;
  if (--st.outstanding_replies == 0 && st.quit_request) {
    finish_quit(self);
  }
}

// Answers to `say` travel room → storage → gateway, past the session. A
// `quit` is answered after them by asking each joined room (whose persists
// queue ahead of the sync) and storage (which already holds the persists of
// rooms left since) to commit: both hand the gateway their answers first.
void sync_says(session_pointer self) {
  auto& st = self->state;
  if (!st.says_unsynced) {
    return;
  }
  st.says_unsynced = false;
  auto synced = [self](bool) { reply_arrived(self); };
  auto failed = [self](caf::error&) { reply_arrived(self); };
  for (const auto& [key, room] : st.rooms) {
    expect_reply(self);
    self->request(room.handle, kRequestTimeout, atoms::sync::value).then(synced, failed);
  }
  expect_reply(self);
  self->request(st.context->storage, kRequestTimeout, atoms::sync::value).then(synced, failed);
}

void reply_ok(session_pointer self, const Request& request, const net::Result& result) {
  auto bytes = dialect(self).ok(net::reply_to(request), result);
  if (!bytes.empty()) {
    send_bytes(self, std::move(bytes));
  }
}

void reply_error(session_pointer self, const Request& request, net::ErrorCode code,
                 std::string_view message, std::int64_t retry_after_ms) {
  send_bytes(self, dialect(self).error(net::reply_to(request), code, message, retry_after_ms));
}

void reply_error(session_pointer self, const Request& request, const caf::error& error) {
  send_bytes(self, render_error(dialect(self), net::reply_to(request), error));
}

// --- field checks -------------------------------------------------------------

// Each returns nullptr/false after answering bad_request, so handlers read as
// a list of requirements.
const std::string* require_string(session_pointer self, const Request& request, const char* key) {
  const auto* value = net::string_field(request.body, key);
  if (value == nullptr) {
    reply_error(self, request, ChatError::bad_request, std::string(key) + " must be a string");
  }
  return value;
}

bool optional_string(session_pointer self, const Request& request, const char* key,
                     std::string& out) {
  if (!request.body.contains(key)) {
    return true;
  }
  const auto* value = net::string_field(request.body, key);
  if (value == nullptr) {
    reply_error(self, request, ChatError::bad_request, std::string(key) + " must be a string");
    return false;
  }
  out = *value;
  return true;
}

bool optional_integer(session_pointer self, const Request& request, const char* key,
                      caf::optional<std::int64_t>& out) {
  if (!request.body.contains(key)) {
    return true;
  }
  auto value = net::integer_field(request.body, key);
  if (!value) {
    reply_error(self, request, ChatError::bad_request, std::string(key) + " must be an integer");
    return false;
  }
  out = *value;
  return true;
}

bool check_text(session_pointer self, const Request& request, const std::string& text) {
  if (text.empty()) {
    reply_error(self, request, ChatError::bad_request, "text must not be empty");
    return false;
  }
  if (net::utf8_length(text) > self->state.context->limits.max_text_chars) {
    reply_error(self, request, ChatError::too_long,
                "text is longer than " +
                    std::to_string(self->state.context->limits.max_text_chars) + " characters");
    return false;
  }
  return true;
}

bool within_rate(session_pointer self, const Request& request) {
  const long retry_after = self->state.rate_limiter.acquire();
  if (retry_after == 0) {
    return true;
  }
  reply_error(self, request, ChatError::rate_limited, "slow down: too many messages", retry_after);
  return false;
}

JoinedRoom* joined_room(session_pointer self, const std::string& name) {
  auto it = self->state.rooms.find(net::name_key(name));
  return it == self->state.rooms.end() ? nullptr : &it->second;
}

MemberRef self_ref(session_pointer self) {
  return MemberRef{self->state.nick, self->state.conn, dialect(self).id(), self};
}

void report_rooms(session_pointer self) {
  std::vector<std::string> names;
  for (const auto& [key, room] : self->state.rooms) {
    names.push_back(room.name);
  }
  self->send(self->state.context->admin_hub, atoms::client_rooms::value, self->state.conn,
             std::move(names));
}

void remember_room(session_pointer self, const JoinReply& reply) {
  auto key = net::name_key(reply.room);
  self->state.rooms[key] = JoinedRoom{reply.room, reply.room_id, reply.handle};
  self->state.current_room = key;
  report_rooms(self);
}

net::JoinResult join_result(JoinReply& reply) {
  return net::JoinResult{reply.room, reply.topic, std::move(reply.members),
                         std::move(reply.history)};
}

bool resolve_conversation(session_pointer self, const Request& request, HistoryRequest& query,
                          std::string_view what) {
  std::string room;
  if (!optional_string(self, request, "room", room) ||
      !optional_string(self, request, "with", query.with)) {
    return false;
  }
  if (room.empty() == query.with.empty()) {
    reply_error(self, request, ChatError::bad_request, "give exactly one of room or with");
    return false;
  }
  query.nick = self->state.nick;
  if (!room.empty()) {
    auto* joined = joined_room(self, room);
    if (joined == nullptr) {
      reply_error(self, request, ChatError::not_member, "not a member of " + room);
      return false;
    }
    query.room_id = joined->room_id;
    query.room = joined->name;
    return true;
  }
  query.account = self->state.account_id;
  if (query.account == 0) {
    reply_error(self, request, ChatError::auth_required,
                std::string(what) + " needs an account: hello with a password");
    return false;
  }
  return true;
}

}  // namespace confab::session_detail

namespace confab {
namespace {

using namespace session_detail;

// How much a session handles before telling the gateway, which stops reading
// a socket whose session falls behind (256 lines or 1 MiB; it resumes below a
// quarter of either, so these must stay well under that).
constexpr std::uint32_t kConsumedLines = 32;
constexpr std::size_t kConsumedBytes = 128 * 1024;
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
  if (net::utf8_length(topic) > self->state.context->limits.max_text_chars ||
      !net::is_valid_utf8(topic)) {
    reply_error(self, request, ChatError::bad_request, "topic is too long");
    return;
  }
  if (net::has_control_characters(topic)) {
    reply_error(self, request, ChatError::bad_request,
                "a topic is one line without control or direction characters");
    return;
  }
  self->request(self->state.context->directory, kRequestTimeout, atoms::create::value, *room, topic,
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
  self->request(self->state.context->directory, kRequestTimeout, atoms::join::value, *room,
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
  auto* joined = joined_room(self, *room);
  if (joined == nullptr) {
    reply_error(self, request, ChatError::not_member, "not a member of " + *room);
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
          [self, request, room](std::vector<std::string>& users) {
            reply_ok(self, request, net::UsersResult{room, std::move(users)});
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
  auto* joined = joined_room(self, *room);
  if (joined == nullptr) {
    reply_error(self, request, ChatError::not_member, "not a member of " + *room);
    return;
  }
  if (!check_text(self, request, *text)) {
    return;
  }
  auto& st = self->state;
  st.says_unsynced = true;
  self->send(joined->handle, atoms::say::value, st.nick, *text,
             AckRoute{st.conn, request.id, dialect(self).id()});
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
  self->request(self->state.context->directory, kNoTimeout, atoms::pm::value, std::move(message))
      .then(
          [self, request = reply_address(request), to = *to](MessageAck& ack) {
            reply_ok(self, request, net::PmResult{to, ack.msg_id, ack.ts, ack.delivered});
            reply_arrived(self);
          },
          [self, request = reply_address(request)](caf::error& error) {
            reply_error(self, request, error);
            reply_arrived(self);
          });
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
      !optional_integer(self, request, "limit", limit)) {
    return;
  }
  if (limit && *limit < 1) {
    reply_error(self, request, ChatError::bad_request, "limit must be at least 1");
    return;
  }
  query.limit =
      static_cast<std::int32_t>(limit ? std::min<std::int64_t>(*limit, kMaxHistoryLimit) : 50);
  if (query.before && query.after) {
    reply_error(self, request, ChatError::bad_request, "give at most one of before or after");
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

// --- dispatch -----------------------------------------------------------------

void handle_ping(session_pointer self, const Request& request) {
  reply_ok(self, request, net::Done{});
}

void refuse_admin_op(session_pointer self, const Request& request) {
  reply_error(self, request, ChatError::forbidden,
              "admin operations are accepted only on the admin port");
}

void handle_quit(session_pointer self, const Request& request) {
  self->state.quit_request = request;
  sync_says(self);
  if (self->state.outstanding_replies == 0) {
    finish_quit(self);
  }
}

void refuse(session_pointer self, const Request& request, ChatError code, std::string message) {
  reply_error(self, request, code, message);
}

void handle_request(session_pointer self, const Request& request) {
  using Table = OperationTable<session_pointer>;
  static const Table operations{
      {
          {"ping", handle_ping, /*before_login=*/true},
          {"hello", handle_hello, /*before_login=*/true},
          {"create", handle_create},
          {"join", handle_join},
          {"leave", handle_leave},
          {"rooms", handle_rooms},
          {"users", handle_users},
          {"say", handle_say, false, /*rate_limited=*/true},
          {"pm", handle_pm, false, /*rate_limited=*/true},
          {"history", handle_history},
          {"upload", handle_upload},
          {"chunk", handle_chunk},
          {"upload_end", handle_upload_end},
          {"download", handle_download},
          {"files", handle_files},
          {"quit", handle_quit},
          // The admin protocol's operations, refused here by name.
          {"subscribe", refuse_admin_op, true},
          {"kick", refuse_admin_op, true},
          {"announce", refuse_admin_op, true},
          {"stats", refuse_admin_op, true},
          {"delete_room", refuse_admin_op, true},
      },
      Table::Wording{"unknown op: ", "send hello first"},
  };
  operations.dispatch(self, request, self->state.hello_done, refuse, within_rate);
}

net::LineContext line_context(session_pointer self) {
  auto& st = self->state;
  net::LineContext context;
  context.login = st.hello_done     ? net::LineContext::Login::done
                  : st.nick.empty() ? net::LineContext::Login::needed
                                    : net::LineContext::Login::in_progress;
  if (!st.current_room.empty()) {
    context.current_room = st.rooms[st.current_room].name;
  }
  return context;
}

// The connection's dialect, once: by the first byte (the gateway reports it
// as soon as it arrives), or by a silence, after which the server speaks
// first.
void decide_dialect(session_pointer self, net::DialectId id) {
  auto& st = self->state;
  if (st.dialect || st.closing) {
    return;
  }
  st.dialect = id;
  auto prompt = net::dialect(id).prompt();
  if (!prompt.empty()) {
    send_bytes(self, std::move(prompt));
  }
}

void handle_line(session_pointer self, std::string& line) {
  auto& st = self->state;
  st.unreported_bytes += line.size();
  if (++st.unreported_lines >= kConsumedLines || st.unreported_bytes >= kConsumedBytes) {
    self->send(st.context->gateway, atoms::consumed::value, st.conn, st.unreported_lines,
               st.unreported_bytes);
    st.unreported_lines = 0;
    st.unreported_bytes = 0;
  }
  decide_dialect(self, net::sniff_dialect(line.empty() ? '\n' : line.front()));
  auto parsed = dialect(self).parse(line, line_context(self));
  if (auto* request = std::get_if<Request>(&parsed)) {
    handle_request(self, *request);
  } else if (auto* answer = std::get_if<net::Answer>(&parsed)) {
    send_bytes(self, std::move(answer->bytes));
  }
}

session_actor::behavior_type session_behavior(session_pointer self, SharedContext context,
                                              ConnectionId conn, std::string address) {
  auto& st = self->state;
  st.context = std::move(context);
  st.conn = conn;
  st.address = std::move(address);
  st.rate_limiter =
      RateLimiter(st.context->limits.rate_limit_per_second, st.context->limits.rate_limit_burst);
  self->delayed_send(self, st.context->limits.silent_client_delay, atoms::prompt::value);
  self->delayed_send(self, st.context->limits.login_timeout, atoms::login_deadline::value);
  return {
      [self](atoms::frame, std::string& line) {
        if (!self->state.closing && !self->state.quit_request) {
          handle_line(self, line);
        }
      },
      [self](atoms::oversize) {
        auto& st = self->state;
        st.context->log->flood(LogLevel::warn, "frame too large", "frame too large from ",
                               st.address, " (conn ", st.conn, ")");
        send_event(self, net::FrameTooLargeEvent{st.context->limits.max_frame});
        close_connection(self);
      },
      [self](atoms::closed) {
        if (!self->state.closing) {
          log_departure(self);
        }
        self->state.closing = true;
        self->quit();
      },
      [self](atoms::first_byte, std::uint8_t byte) {
        decide_dialect(self, net::sniff_dialect(static_cast<char>(byte)));
      },
      [self](atoms::prompt) { decide_dialect(self, net::silent_client_dialect()); },
      [self](atoms::login_deadline) {
        auto& st = self->state;
        if (st.hello_done || st.closing) {
          return;
        }
        st.context->log->flood(LogLevel::info, "no login", "no login within ",
                               st.context->limits.login_timeout.count(), " s from ", st.address,
                               "; closing");
        send_event(self, net::LoginTimeoutEvent{st.context->limits.login_timeout.count()});
        close_connection(self);
      },
      [self](atoms::idle) {
        auto& st = self->state;
        if (st.closing) {
          return;
        }
        st.context->log->flood(LogLevel::info, "idle timeout", "idle timeout for ",
                               st.nick.empty() ? st.address : st.nick);
        send_event(self, net::IdleTimeoutEvent{st.context->limits.idle_timeout.count()});
        close_connection(self);
      },
      [self](atoms::shutdown, const std::string& reason) {
        send_event(self, net::ShutdownEvent{reason});
        close_connection(self);
      },
      [self](atoms::upload_check, const std::string& token, std::uint64_t activity) {
        check_upload(self, token, activity);
      },
      [self](atoms::removed, const std::string& room, const std::string& by,
             const std::string& reason) {
        auto& st = self->state;
        const auto key = net::name_key(room);
        if (st.rooms.erase(key) == 0) {
          return;
        }
        if (st.current_room == key) {
          st.current_room = st.rooms.empty() ? std::string{} : st.rooms.begin()->first;
        }
        report_rooms(self);
        send_event(self, net::RemovedEvent{room, by, reason});
      },
      [self](atoms::kick, const std::string& reason) {
        self->state.context->log->info(self->state.nick, " kicked: ", reason);
        send_event(self, net::KickedEvent{reason});
        close_connection(self);
      },
  };
}

}  // namespace

session_actor spawn_session(caf::actor_system& system, SharedContext context, ConnectionId conn,
                            std::string address) {
  return system.spawn(session_behavior, std::move(context), conn, std::move(address));
}

}  // namespace confab
