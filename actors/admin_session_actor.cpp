#include <map>
#include <set>

#include <openssl/crypto.h>
#include <caf/actor_system.hpp>
#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

#include "actors/actor_context.hpp"
#include "actors/chat_error.hpp"
#include "actors/operation_table.hpp"
#include "actors/session_actor.hpp"
#include "net/control_characters.hpp"
#include "net/json_dialect.hpp"
#include "net/protocol_codec.hpp"
#include "net/version.hpp"

// An admin console's connection: the admin protocol of PROTOCOL.md ("Admin
// port") behind the same interface the gateway uses for chat sessions.
namespace confab {
namespace {

using net::Json;
using net::Request;

constexpr auto kRequestTimeout = std::chrono::seconds(30);
constexpr std::uint32_t kConsumedLines = 16;

struct AdminSessionState {
  SharedContext context;
  ConnectionId conn = 0;
  std::string address;
  bool authenticated = false;
  bool closing = false;
  std::uint32_t unreported_lines = 0;
  std::uint64_t unreported_bytes = 0;
};

using admin_pointer = session_actor::stateful_pointer<AdminSessionState>;

void send_bytes(admin_pointer self, std::string bytes) {
  self->send(self->state.context->gateway, atoms::send::value, self->state.conn,
             make_shared_frame(std::move(bytes)));
}

void close_connection(admin_pointer self) {
  auto& st = self->state;
  if (st.closing) {
    return;
  }
  st.closing = true;
  self->send(st.context->admin_hub, atoms::unsubscribe::value, st.conn);
  self->send(st.context->gateway, atoms::close::value, st.conn);
  self->quit();
}

void reply_ok(admin_pointer self, const Request& request, Json result = Json::object()) {
  if (!request.id.empty()) {
    send_bytes(self, net::encode_ok(request.op, request.id, std::move(result)));
  }
}

// The admin protocol is JSON lines, whichever dialects the chat port speaks.
void reply_error(admin_pointer self, const Request& request, ChatError code,
                 std::string_view message) {
  send_bytes(self, net::json_dialect().error(net::reply_to(request), code, message));
}

void reply_error(admin_pointer self, const Request& request, const caf::error& error) {
  send_bytes(self, render_error(net::json_dialect(), net::reply_to(request), error));
}

// Compares without revealing through timing how much of the token matched.
bool token_matches(const std::string& given, const std::string& expected) {
  return given.size() == expected.size() && !expected.empty() &&
         CRYPTO_memcmp(given.data(), expected.data(), expected.size()) == 0;
}

void handle_hello(admin_pointer self, const Request& request) {
  auto& st = self->state;
  // Guesses at the token are throttled like passwords: a name no nick can
  // have keeps its failures apart from every account's.
  const LoginAttempt attempt{"admin token", st.address};
  self->request(st.context->login_guard, kRequestTimeout, atoms::admit::value, attempt)
      .await(
          [self, request, attempt](bool) {
            auto& st = self->state;
            const auto* token = net::string_field(request.body, "token");
            const bool matches = token != nullptr && token_matches(*token, st.context->admin_token);
            self->send(st.context->login_guard, atoms::outcome::value, attempt, matches);
            if (!matches) {
              st.context->log->flood(LogLevel::warn, "admin login refused",
                                     "admin login refused from ", st.address,
                                     ": wrong or missing token");
              reply_error(self, request, ChatError::auth_failed, "wrong or missing admin token");
              close_connection(self);
              return;
            }
            st.authenticated = true;
            st.context->log->info("admin connected from ", st.address);
            reply_ok(self, request, Json{{"server", net::kServerName}});
          },
          [self, request](caf::error& error) {
            auto& st = self->state;
            st.context->log->flood(LogLevel::warn, "admin login refused",
                                   "admin login refused from ", st.address, ": ",
                                   error_message(error));
            reply_error(self, request, error);
            close_connection(self);
          });
}

void handle_ping(admin_pointer self, const Request& request) {
  reply_ok(self, request);
}

void handle_hello_once(admin_pointer self, const Request& request) {
  if (self->state.authenticated) {
    reply_error(self, request, ChatError::already_hello, "hello was already accepted");
  } else {
    handle_hello(self, request);
  }
}

void handle_quit(admin_pointer self, const Request& request) {
  reply_ok(self, request);
  close_connection(self);
}

void handle_subscribe(admin_pointer self, const Request& request) {
  auto& st = self->state;
  self->request(st.context->admin_hub, kRequestTimeout, atoms::subscribe::value, st.conn)
      .await([self, request](std::string& snapshot) {
        reply_ok(self, request, Json::parse(snapshot));
      });
}

// The hub's live counters and storage's figures, in one reply.
void handle_stats(admin_pointer self, const Request& request) {
  self->request(self->state.context->admin_hub, kRequestTimeout, atoms::stats::value)
      .await([self, request](std::string& live) {
        self->request(self->state.context->storage, kRequestTimeout, atoms::stats::value)
            .await(
                [self, request, live](const StorageStats& stored) {
                  auto stats = Json::parse(live);
                  stats["database_bytes"] = stored.database_bytes;
                  stats["database_free_bytes"] = stored.free_bytes;
                  stats["file_bytes"] = stored.file_bytes;
                  stats["storage_quota"] = self->state.context->limits.storage_quota;
                  stats["oldest_message"] = stored.oldest_message;
                  stats["retention_days"] = self->state.context->limits.retention_days;
                  const auto& cluster = self->state.context->cluster;
                  if (!cluster) {
                    reply_ok(self, request, stats);
                    return;
                  }
                  self->request(cluster, kRequestTimeout, atoms::nodes::value)
                      .await(
                          [self, request, stats](const std::string& node,
                                                 const std::vector<std::string>& nodes) mutable {
                            stats["node"] = node;
                            stats["nodes"] = nodes;
                            reply_ok(self, request, stats);
                          },
                          [self, request](caf::error& error) {
                            reply_error(self, request, error);
                          });
                },
                [self, request](caf::error& error) { reply_error(self, request, error); });
      });
}

void handle_retention(admin_pointer self, const Request& request) {
  auto& st = self->state;
  const auto* room = net::string_field(request.body, "room");
  const auto days = request.body.find("days");
  if (room == nullptr || days == request.body.end() || !days->is_number_unsigned() ||
      days->get<std::uint64_t>() > kMaxRetentionDays) {
    reply_error(self, request, ChatError::bad_request,
                "give room and days (0 for the server's default, at most " +
                    std::to_string(kMaxRetentionDays) + ")");
    return;
  }
  const auto kept = days->get<std::uint32_t>();
  self->request(st.context->storage, kRequestTimeout, atoms::retention::value, *room, kept)
      .await(
          [self, request, kept](std::string& name) {
            self->state.context->log->info("admin sets the retention of ", name, " to ", kept,
                                           kept == 0 ? " (the server's)" : " days");
            self->send(self->state.context->admin_hub, atoms::retention::value, name, kept);
            reply_ok(self, request, Json{{"room", name}, {"days", kept}});
          },
          [self, request](caf::error& error) { reply_error(self, request, error); });
}

void handle_topic(admin_pointer self, const Request& request) {
  auto& st = self->state;
  const auto* room = net::string_field(request.body, "room");
  const auto* topic = net::string_field(request.body, "topic");
  if (room == nullptr || topic == nullptr) {
    reply_error(self, request, ChatError::bad_request,
                "give room and topic (an empty topic clears it)");
    return;
  }
  // The same rules as a room operator's topic.
  if (const auto problem =
          net::one_line_problem("topic", *topic, st.context->limits.max_text_chars);
      !problem.empty()) {
    reply_error(self, request, ChatError::bad_request, problem);
    return;
  }
  self->request(st.context->directory, kRequestTimeout, atoms::admin_topic::value, *room, *topic)
      .await(
          [self, request](std::string& name, std::string& text) {
            self->state.context->log->info("admin set the topic of ", name);
            reply_ok(self, request, Json{{"room", name}, {"topic", text}});
          },
          [self, request](caf::error& error) { reply_error(self, request, error); });
}

void handle_kick(admin_pointer self, const Request& request) {
  auto& st = self->state;
  const auto* nick = net::string_field(request.body, "nick");
  if (nick == nullptr) {
    reply_error(self, request, ChatError::bad_request, "nick must be a string");
    return;
  }
  std::string reason = "kicked by an administrator";
  if (const auto* given = net::string_field(request.body, "reason")) {
    reason = *given;
  }
  st.context->log->info("admin kicks ", *nick, ": ", reason);
  self->request(st.context->directory, kRequestTimeout, atoms::kick::value, *nick, reason)
      .await([self, request](bool) { reply_ok(self, request); },
             [self, request, nick = *nick, reason](caf::error& error) {
               const auto& cluster = self->state.context->cluster;
               if (!cluster || error_code(error) != ChatError::no_such_user) {
                 reply_error(self, request, error);
                 return;
               }
               // Not here: the node whose user has the nick kicks it.
               self->request(cluster, kRequestTimeout, atoms::kick::value, nick, reason)
                   .await(
                       [self, request](const std::string& node) {
                         reply_ok(self, request, Json{{"node", node}});
                       },
                       [self, request](caf::error& error) { reply_error(self, request, error); });
             });
}

void handle_delete_room(admin_pointer self, const Request& request) {
  auto& st = self->state;
  const auto* room = net::string_field(request.body, "room");
  if (room == nullptr) {
    reply_error(self, request, ChatError::bad_request, "room must be a string");
    return;
  }
  st.context->log->info("admin deletes room ", *room);
  self->request(st.context->directory, kRequestTimeout, atoms::delete_room::value, *room)
      .await(
          [self, request, room = *room](bool) {
            reply_ok(self, request, Json{{"room", room}});
          },
          [self, request](caf::error& error) { reply_error(self, request, error); });
}

void handle_announce(admin_pointer self, const Request& request) {
  auto& st = self->state;
  const auto* text = net::string_field(request.body, "text");
  if (text == nullptr || text->empty()) {
    reply_error(self, request, ChatError::bad_request, "text must be a non-empty string");
    return;
  }
  st.context->log->info("admin announces: ", *text);
  self->request(st.context->directory, kRequestTimeout, atoms::announce::value, *text)
      .await([self, request, text = *text](std::uint32_t reached_here) {
        const auto& cluster = self->state.context->cluster;
        if (!cluster) {
          reply_ok(self, request, Json{{"delivered", reached_here}});
          return;
        }
        self->request(cluster, kRequestTimeout, atoms::announce::value, text)
            .await([self, request, reached_here](std::uint32_t reached_elsewhere) {
              reply_ok(self, request, Json{{"delivered", reached_here + reached_elsewhere}});
            });
      });
}

void refuse(admin_pointer self, const Request& request, ChatError code, std::string message) {
  reply_error(self, request, code, message);
}

// Admin operations are not rate limited: the token is the gate.
bool always_within_rate(admin_pointer, const Request&) {
  return true;
}

void handle_request(admin_pointer self, const Request& request) {
  using Table = OperationTable<admin_pointer>;
  static const Table operations{
      {
          {"ping", handle_ping, /*before_login=*/true},
          {"hello", handle_hello_once, /*before_login=*/true},
          {"subscribe", handle_subscribe},
          {"stats", handle_stats},
          {"kick", handle_kick},
          {"delete_room", handle_delete_room},
          {"retention", handle_retention},
          {"topic", handle_topic},
          {"announce", handle_announce},
          {"quit", handle_quit},
      },
      Table::Wording{"unknown admin op: ", "send hello with the admin token first"},
  };
  operations.dispatch(self, request, self->state.authenticated, refuse, always_within_rate);
}

session_actor::behavior_type admin_session_behavior(admin_pointer self, SharedContext context,
                                                    ConnectionId conn, std::string address) {
  auto& st = self->state;
  st.context = std::move(context);
  st.conn = conn;
  st.address = std::move(address);
  self->delayed_send(self, st.context->limits.login_timeout, atoms::login_deadline::value);
  return {
      [self](atoms::frame, std::string& line) {
        auto& st = self->state;
        if (st.closing) {
          return;
        }
        st.unreported_bytes += line.size();
        if (++st.unreported_lines >= kConsumedLines) {
          self->send(st.context->gateway, atoms::consumed::value, st.conn, st.unreported_lines,
                     st.unreported_bytes);
          st.unreported_lines = 0;
          st.unreported_bytes = 0;
        }
        auto parsed = net::json_dialect().parse(line, net::LineContext{});
        if (auto* request = std::get_if<Request>(&parsed)) {
          handle_request(self, *request);
        } else if (auto* answer = std::get_if<net::Answer>(&parsed)) {
          send_bytes(self, std::move(answer->bytes));
        }
      },
      [self](atoms::oversize) {
        send_bytes(self, net::json_dialect().error(net::ReplyTo{}, ChatError::frame_too_large,
                                                   "frame too large"));
        close_connection(self);
      },
      [self](atoms::closed) {
        self->send(self->state.context->admin_hub, atoms::unsubscribe::value, self->state.conn);
        self->state.closing = true;
        self->quit();
      },
      [](atoms::idle) {},
      [](atoms::prompt) {},
      [](atoms::first_byte, std::uint8_t) {},
      [](atoms::secured, const std::string&) {},
      [self](atoms::login_deadline) {
        auto& st = self->state;
        if (!st.authenticated && !st.closing) {
          st.context->log->flood(LogLevel::info, "no login", "admin connection from ", st.address,
                                 " sent no hello in time");
          send_bytes(
              self, net::encode_error({}, {}, "login_timeout",
                                      "no hello within " +
                                          std::to_string(st.context->limits.login_timeout.count()) +
                                          " s; closing"));
          close_connection(self);
        }
      },
      [self](atoms::shutdown, const std::string& reason) {
        send_bytes(self, net::encode_frame(net::shutdown_event(reason)));
        close_connection(self);
      },
      [](atoms::kick, const std::string&) {},
      [](atoms::removed, const std::string&, const std::string&, const std::string&) {},
      [](atoms::retry) {},
      [](atoms::label_end) {},
      [](atoms::upload_check, const std::string&, std::uint64_t) {},
  };
}

}  // namespace

session_actor spawn_admin_session(caf::actor_system& system, SharedContext context,
                                  ConnectionId conn, std::string address) {
  return system.spawn(admin_session_behavior, std::move(context), conn, std::move(address));
}

}  // namespace confab
