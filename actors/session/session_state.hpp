#pragma once

// What the session actor's parts (actors/session/) share: its state and the
// helpers that read a request and answer it.

#include <chrono>
#include <cstdint>
#include <list>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

#include "actors/actor_context.hpp"
#include "actors/chat_error.hpp"
#include "actors/contracts/room.hpp"
#include "actors/contracts/session.hpp"
#include "actors/file_transfer.hpp"
#include "actors/rate_limiter.hpp"
#include "net/dialect.hpp"
#include "net/irc_registration.hpp"
#include "net/protocol_codec.hpp"

namespace confab::session_detail {

using net::Json;
using net::Request;

inline constexpr auto kRequestTimeout = std::chrono::seconds(30);
// Cluster mode: storing a whole upload in the file stream, chunk by chunk
// (a 64 MiB file is ~1 400 of them, each acknowledged).
inline constexpr auto kPublishTimeout = std::chrono::minutes(5);
// Rooms, the directory and storage answer every request, and CAF answers for
// them once they are gone, so the per-message path and logging in and
// joining carry no timer: each timer is an entry in CAF's clock thread,
// held for 30 s (10 000 logins kept ~7.6 MB of them, 0.8 KiB per
// connection; heaptrack, issue 18), and a stray message when it fires. A
// login that never completes is still closed by the login deadline.
inline constexpr auto kNoTimeout = caf::infinite;

// Marks in a request's body the IRC command it came from, so that its
// reply is worded for IRC.
inline constexpr const char* kIrcCommandField = "irc_command";

// What a reply needs of its request; handlers capture this instead of the
// whole request, whose body may hold a 4000-character text. An IRC reply
// also names the target and the command that asked, and keeps the text
// for echo-message (irc_session.cpp).
inline Request reply_address(const Request& request) {
  Request address{request.op, request.id, {}};
  if (request.body.is_object() && request.body.contains(kIrcCommandField)) {
    for (const auto* field : {kIrcCommandField, "room", "to", "nick", "text"}) {
      if (const auto found = request.body.find(field); found != request.body.end()) {
        address.body[field] = *found;
      }
    }
  }
  return address;
}

struct JoinedRoom {
  std::string name;
  std::int64_t room_id = 0;
  room_actor handle;
};

// What an IRC session keeps besides its registration: held apart so that
// the other sessions do not carry ~300 bytes of it each (issue 18, D).
struct IrcSessionState {
  // The password SASL verified, until the login uses it, and the lines that
  // wait while a login is being checked.
  std::string sasl_password;
  bool waiting = false;
  std::vector<std::string> held;
  // The AWAY message; empty while present.
  std::string away;
  // Batches opened so far, for their ids.
  std::uint64_t batches = 0;
  // Fakelag: a message over the rate limit waits (delayed) and the client's
  // later lines wait behind it, unread as far as the gateway is concerned,
  // so the socket's flow control bounds them.
  bool lagged = false;
  std::optional<Request> delayed;
  // A list, not a deque: libstdc++'s deque allocates ~600 bytes before its
  // first element.
  std::list<std::string> lagged_lines;
  // A PING went out after a silence; a second silence closes.
  bool pinged = false;
  // labeled-response: while a labeled command runs, what the session sends
  // is gathered here and then sent as its labeled answer; the client's
  // later lines wait (in lagged_lines) until it is.
  std::optional<std::string> label;
  std::string label_output;
};

struct SessionState {
  SharedContext context;
  ConnectionId conn = 0;
  std::string address;
  // Unset until the client's first byte (or its silence) tells.
  std::optional<net::DialectId> dialect;
  std::string nick;
  bool hello_done = false;
  // The directory holds `nick` for this session (from claim until release).
  bool nick_claimed = false;
  // The account this session logged in with; 0 for a guest.
  std::int64_t account_id = 0;
  bool closing = false;
  std::map<std::string, JoinedRoom> rooms;  // by name key
  std::string current_room;                 // name key; where untargeted lines go
  RateLimiter rate_limiter{0, 1};
  std::uint32_t unreported_lines = 0;
  std::size_t unreported_bytes = 0;
  // Messages (say, pm) are the one kind of request a client may pipeline: they
  // travel the same actor paths as every later request touching them, so they
  // need not hold the session up. A `quit` waits for the replies counted here
  // (pm, and the syncs standing in for say answers).
  std::uint32_t outstanding_replies = 0;
  // A `say` was sent since the last sync: its answer, which goes from storage
  // straight to the gateway, may still be on its way.
  bool says_unsynced = false;
  std::optional<Request> quit_request;
  // IRC connections: their registration (CAP, SASL, NICK and USER, the
  // welcome).
  std::unique_ptr<net::IrcRegistration> irc;
  // The rest of what only IRC connections need; JSON and text sessions
  // carry neither (created with `irc`).
  std::unique_ptr<IrcSessionState> irc_state;
  std::map<std::string, UploadInProgress> uploads;  // by token
};

using session_pointer = session_actor::stateful_pointer<SessionState>;

void send_bytes(session_pointer self, std::string bytes);
// Runs once, however the connection ends.
void log_departure(session_pointer self);
// quit's answer, once every reply it waits for has gone out.
void finish_quit(session_pointer self);
// Asks the rooms and storage to commit the says sent so far (see quit).
void sync_says(session_pointer self);
void close_connection(session_pointer self);
// The connection's dialect; JSON's frames until it is decided.
const net::Dialect& dialect(session_pointer self);
void send_event(session_pointer self, const net::Event& event);
// Around a request whose reply may come after later requests' (say, pm).
void expect_reply(session_pointer self);
void reply_arrived(session_pointer self);
void reply_ok(session_pointer self, const Request& request,
              const net::Result& result = net::Done{});
void reply_error(session_pointer self, const Request& request, net::ErrorCode code,
                 std::string_view message, std::int64_t retry_after_ms = 0);
void reply_error(session_pointer self, const Request& request, const caf::error& error);

// Field checks: each answers bad_request itself and returns nullptr/false.
const std::string* require_string(session_pointer self, const Request& request, const char* key);
bool optional_string(session_pointer self, const Request& request, const char* key,
                     std::string& out);
bool optional_integer(session_pointer self, const Request& request, const char* key,
                      caf::optional<std::int64_t>& out);
// A message's text: not empty, not over --max-text.
bool check_text(session_pointer self, const Request& request, const std::string& text);
// A topic or a reason: one line, shown inline everywhere, as long as a
// message at most.
bool check_one_line(session_pointer self, const Request& request, const char* key,
                    const std::string& value);
// Charges the message rate; answers rate_limited itself and returns false.
bool within_rate(session_pointer self, const Request& request);

JoinedRoom* joined_room(session_pointer self, const std::string& name);
// The joined room a request names; answers not_member itself when the
// session is not in it.
JoinedRoom* require_joined(session_pointer self, const Request& request, const std::string& name);
// How rooms and the directory address this session.
MemberRef self_ref(session_pointer self);
// A room joined: remembered, made current, reported to the admin view.
void remember_room(session_pointer self, const JoinReply& reply);
// The admin view's list of this session's rooms.
void report_rooms(session_pointer self);

// Reads which conversation a request is about: exactly one of `room` (the
// session must be a member; `query` gets its id and name) and `with` (the
// session must be authenticated: `what` names the data in the refusal).
// Answers the error itself and returns false.
bool resolve_conversation(session_pointer self, const Request& request, HistoryRequest& query,
                          std::string_view what);

}  // namespace confab::session_detail
