// A chat session's lifecycle: lines in, its dialect decided, requests
// dispatched through its operation table, and what the gateway and the
// server tell it.
#include "actors/session_actor.hpp"

#include <caf/actor_system.hpp>
#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

#include "actors/chat_error.hpp"
#include "actors/operation_table.hpp"
#include "actors/session/irc_session.hpp"
#include "actors/session/operations.hpp"
#include "actors/session/session_state.hpp"
#include "net/irc_dialect.hpp"
#include "net/names.hpp"

namespace confab {
namespace {

using namespace session_detail;

// How much a session handles before telling the gateway, which stops reading
// a socket whose session falls behind (256 lines or 1 MiB; it resumes below a
// quarter of either, so these must stay well under that).
constexpr std::uint32_t kConsumedLines = 32;
constexpr std::size_t kConsumedBytes = 128 * 1024;

// --- dispatch -----------------------------------------------------------------

void handle_ping(session_pointer self, const Request& request) {
  reply_ok(self, request, net::Done{});
}

void refuse_admin_op(session_pointer self, const Request& request) {
  reply_error(self, request, ChatError::forbidden,
              "admin operations are accepted only on the admin port");
}

// `kick` names a room for a room's operator; without one it is the admin
// protocol's server-wide kick.
void handle_kick_op(session_pointer self, const Request& request) {
  if (!request.body.is_object() || !request.body.contains("room")) {
    refuse_admin_op(self, request);
  } else if (!self->state.hello_done) {
    reply_error(self, request, ChatError::hello_required, "send hello first");
  } else {
    handle_kick(self, request);
  }
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

net::LineContext line_context(session_pointer self) {
  auto& st = self->state;
  net::LineContext context;
  context.login = st.hello_done     ? net::LineContext::Login::done
                  : st.nick.empty() ? net::LineContext::Login::needed
                                    : net::LineContext::Login::in_progress;
  if (auto current = st.rooms.find(st.current_room); current != st.rooms.end()) {
    context.current_room = current->second.name;
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
  if (auto* irc = st.irc_state.get()) {
    irc->pinged = false;
    if (irc->lagged || irc->label) {
      irc->lagged_lines.push_back(std::move(line));
      return;
    }
  }
  st.unreported_bytes += line.size();
  if (++st.unreported_lines >= kConsumedLines || st.unreported_bytes >= kConsumedBytes) {
    self->send(st.context->gateway, atoms::consumed::value, st.conn, st.unreported_lines,
               st.unreported_bytes);
    st.unreported_lines = 0;
    st.unreported_bytes = 0;
  }
  if (st.irc) {
    handle_irc_line(self, line);
    return;
  }
  decide_dialect(self, net::sniff_dialect(line.empty() ? '\n' : line.front()));
  auto parsed = dialect(self).parse(line, line_context(self));
  if (auto* request = std::get_if<Request>(&parsed)) {
    handle_request(self, *request);
  } else if (auto* answer = std::get_if<net::Answer>(&parsed)) {
    send_bytes(self, std::move(answer->bytes));
  }
}

// Lines that waited behind a delayed message or a labeled command, in
// order, until one of them makes the rest wait again.
void handle_held_lines(session_pointer self) {
  auto& st = self->state;
  if (!st.irc_state) {
    return;
  }
  auto& irc = *st.irc_state;
  while (!irc.lagged && !irc.label && !st.closing && !irc.lagged_lines.empty()) {
    auto line = std::move(irc.lagged_lines.front());
    irc.lagged_lines.pop_front();
    handle_line(self, line);
  }
}

session_actor::behavior_type session_behavior(session_pointer self, SharedContext context,
                                              ConnectionId conn, std::string address,
                                              Transport transport,
                                              std::optional<net::DialectId> fixed_dialect) {
  auto& st = self->state;
  st.context = std::move(context);
  st.conn = conn;
  st.address = std::move(address);
  st.rate_limiter =
      RateLimiter(st.context->limits.rate_limit_per_second, st.context->limits.rate_limit_burst);
  if (fixed_dialect) {
    st.dialect = fixed_dialect;
    if (*fixed_dialect == net::DialectId::irc) {
      st.irc =
          std::make_unique<net::IrcRegistration>(st.context->irc, std::string(net::kIrcUserHost));
      st.irc_state = std::make_unique<IrcSessionState>();
    }
  }
  // Over TLS the client cannot speak before its handshake is done, so its
  // silence is timed from then (atoms::secured); the login deadline counts
  // from the connect either way, so a stalled handshake uses it up. A
  // listener's own dialect (IRC) never prompts.
  if (transport == Transport::plain && !fixed_dialect) {
    self->delayed_send(self, st.context->limits.silent_client_delay, atoms::prompt::value);
  }
  self->delayed_send(self, st.context->limits.login_timeout, atoms::login_deadline::value);
  return {
      [self](atoms::frame, std::string& line) {
        if (!self->state.closing && !self->state.quit_request) {
          handle_line(self, line);
        }
      },
      [self](atoms::oversize) {
        auto& st = self->state;
        if (st.irc) {
          // The gateway skipped the line; IRC says so and goes on.
          irc_input_too_long(self);
          return;
        }
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
      [self](atoms::secured, const std::string& protocol) {
        auto& st = self->state;
        st.context->log->debug(protocol, " with ", st.address, " (conn ", st.conn, ")");
        if (!st.dialect) {
          self->delayed_send(self, st.context->limits.silent_client_delay, atoms::prompt::value);
        }
      },
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
        if (st.irc && st.hello_done && !st.irc_state->pinged) {
          // IRC clients answer a PING; only a second silence closes.
          st.irc_state->pinged = true;
          send_bytes(self, "PING :" + st.context->irc->server_name + "\r\n");
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
      [self](atoms::retry) {
        auto& st = self->state;
        if (!st.irc_state || !st.irc_state->lagged || st.closing) {
          return;
        }
        st.irc_state->lagged = false;
        auto delayed = std::exchange(st.irc_state->delayed, std::nullopt);
        if (delayed) {
          handle_request(self, *delayed);
        }
        handle_held_lines(self);
      },
      [self](atoms::label_end) {
        finish_labeled_response(self);
        handle_held_lines(self);
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
        if (dialect(self).id() == net::DialectId::irc) {
          irc_removed(self, room, by, reason);
        } else {
          send_event(self, net::RemovedEvent{room, by, reason});
        }
      },
      [self](atoms::kick, const std::string& reason) {
        self->state.context->log->info(self->state.nick, " kicked: ", reason);
        send_event(self, net::KickedEvent{reason});
        close_connection(self);
      },
  };
}

}  // namespace

namespace session_detail {

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
          {"say", handle_say, /*before_login=*/false, /*rate_limited=*/true},
          {"pm", handle_pm, /*before_login=*/false, /*rate_limited=*/true},
          {"history", handle_history},
          {"search", handle_search},
          {"topic", handle_topic},
          {"kick", handle_kick_op, /*before_login=*/true},
          {"upload", handle_upload},
          {"chunk", handle_chunk},
          {"upload_end", handle_upload_end},
          {"download", handle_download},
          {"files", handle_files},
          {"quit", handle_quit},
          // The admin protocol's operations, refused here by name.
          {"subscribe", refuse_admin_op, /*before_login=*/true},
          {"announce", refuse_admin_op, /*before_login=*/true},
          {"stats", refuse_admin_op, /*before_login=*/true},
          {"delete_room", refuse_admin_op, /*before_login=*/true},
      },
      Table::Wording{"unknown op: ", "send hello first"},
  };
  operations.dispatch(self, request, self->state.hello_done, refuse, within_rate);
}

}  // namespace session_detail

session_actor spawn_session(caf::actor_system& system, SharedContext context, ConnectionId conn,
                            std::string address, Transport transport,
                            std::optional<net::DialectId> dialect) {
  return system.spawn(session_behavior, std::move(context), conn, std::move(address), transport,
                      dialect);
}

}  // namespace confab
