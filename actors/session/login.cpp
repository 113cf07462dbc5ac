#include "actors/session/operations.hpp"
#include "actors/session/session_state.hpp"

#include "actors/chat_error.hpp"
#include "actors/contracts/login_guard.hpp"
#include "net/names.hpp"
#include "net/version.hpp"

// Logging in. A nick is claimed in the directory only once the session is
// entitled to it: an account's password is checked first, so however many
// guessers try a name, none of them holds it while its owner logs in.
namespace confab::session_detail {
namespace {

void deliver_pending_pms(session_pointer self) {
  expect_reply(self);
  self->request(self->state.context->storage, kNoTimeout, atoms::pending::value,
                self->state.account_id, self->state.nick)
      .then(
          [self](std::vector<net::MessageRecord>& messages) {
            for (const auto& message : messages) {
              send_event(self, net::MessageEvent{message});
            }
            if (!messages.empty()) {
              self->send(self->state.context->directory, atoms::seen::value, self->state.nick,
                         messages.back().msg_id);
            }
            reply_arrived(self);
          },
          [self](caf::error& error) {
            self->state.context->log->error("pending pms for ", self->state.nick, ": ",
                                            to_string(error));
            reply_arrived(self);
          });
}

// Logged in: the admin console learns the nick, and a registered user gets
// the private messages sent while away.
void hello_accepted(session_pointer self, const Request& request, std::vector<std::string> rooms) {
  auto& st = self->state;
  st.hello_done = true;
  self->send(st.context->admin_hub, atoms::client_nick::value, st.conn, st.nick,
             std::string(dialect(self).name()));
  st.context->log->info("hello ", st.nick, " from ", st.address,
                        st.account_id != 0 ? " (account)" : " (guest)");
  reply_ok(self, request,
           net::HelloResult{st.nick, net::kServerName, std::move(rooms),
                            static_cast<std::uint32_t>(st.context->limits.idle_timeout.count())});
  if (st.account_id != 0) {
    deliver_pending_pms(self);
  }
}

void finish_hello(session_pointer self, const Request& request) {
  auto& st = self->state;
  self->send(st.context->directory, atoms::confirm::value, st.nick, st.account_id);
  // IRC users join what they choose.
  if (st.dialect == net::DialectId::irc) {
    hello_accepted(self, request, {});
    return;
  }
  auto member = self_ref(self);
  member.wants_roster = false;
  self->request(st.context->directory, kNoTimeout, atoms::join::value, std::string("main"),
                std::move(member))
      .await(
          [self, request](JoinReply& reply) {
            remember_room(self, reply);
            hello_accepted(self, request, {reply.room});
          },
          [self, request](caf::error& error) {
            reply_error(self, request, error);
            close_connection(self);
          });
}

void fail_hello(session_pointer self, const Request& request, const caf::error& error) {
  auto& st = self->state;
  if (st.nick_claimed) {
    self->send(st.context->directory, atoms::release::value, st.nick);
    st.nick_claimed = false;
  }
  st.context->log->flood(LogLevel::info, "hello refused", "hello refused for ", st.nick, " from ",
                         st.address, ": ", error_code_name(error));
  st.nick.clear();
  st.account_id = 0;
  reply_error(self, request, error);
}

void fail_hello(session_pointer self, const Request& request, ChatError code, std::string message) {
  fail_hello(self, request, make_chat_error(code, std::move(message)));
}

caf::error password_needed(const std::string& nick) {
  return make_chat_error(ChatError::auth_failed,
                         "nick " + nick + " is registered: password needed");
}

// Reserves the nick, then `next`; a nick in use ends the hello.
template <class Next>
void claim_nick(session_pointer self, const Request& request, Next next) {
  self->request(self->state.context->directory, kNoTimeout, atoms::claim::value, self_ref(self))
      .await(
          [self, next](bool) mutable {
            self->state.nick_claimed = true;
            next();
          },
          [self, request](caf::error& error) { fail_hello(self, request, error); });
}

template <class Next>
void look_up_account(session_pointer self, const Request& request, Next next) {
  self->request(self->state.context->storage, kNoTimeout, atoms::account::value, self->state.nick)
      .await(next, [self, request](caf::error& error) { fail_hello(self, request, error); });
}

LoginAttempt attempt_of(session_pointer self) {
  return LoginAttempt{net::name_key(self->state.nick), self->state.address};
}

void log_in(session_pointer self, const Request& request, const storage::Account& account,
            const std::string& password) {
  self->request(self->state.context->login_guard, kRequestTimeout, atoms::verify::value,
                attempt_of(self), password, account.password_hash)
      .await(
          [self, request, account_id = account.account_id](bool matches) {
            if (!matches) {
              fail_hello(self, request, ChatError::auth_failed, "wrong password");
              return;
            }
            claim_nick(self, request, [self, request, account_id] {
              self->state.account_id = account_id;
              finish_hello(self, request);
            });
          },
          [self, request](caf::error& error) { fail_hello(self, request, error); });
}

void register_account(session_pointer self, const Request& request, const std::string& password) {
  // The claim keeps a second registration of the same nick out meanwhile;
  // there is no owner yet to lock out.
  claim_nick(self, request, [self, request, password] {
    self->request(self->state.context->login_guard, kRequestTimeout, atoms::digest::value,
                  attempt_of(self), password)
        .await(
            [self, request](std::string& hash) {
              auto& st = self->state;
              self->request(st.context->directory, kNoTimeout, atoms::enroll::value, st.nick, hash)
                  .await(
                      [self, request](std::int64_t account_id) {
                        if (account_id == 0) {
                          fail_hello(self, request, ChatError::auth_failed,
                                     "the account was just created by someone else");
                          return;
                        }
                        self->state.context->log->info("account created for ", self->state.nick);
                        self->state.account_id = account_id;
                        finish_hello(self, request);
                      },
                      [self, request](caf::error& error) { fail_hello(self, request, error); });
            },
            [self, request](caf::error& error) { fail_hello(self, request, error); });
  });
}

void enter_as_guest(session_pointer self, const Request& request) {
  claim_nick(self, request, [self, request] {
    // Looked up again under the claim: an account registered since the
    // first look is not a guest's to take.
    look_up_account(self, request, [self, request](storage::Account& account) {
      if (account.account_id != 0) {
        fail_hello(self, request, password_needed(self->state.nick));
        return;
      }
      finish_hello(self, request);
    });
  });
}

}  // namespace

void handle_hello(session_pointer self, const Request& request) {
  auto& st = self->state;
  if (st.hello_done) {
    reply_error(self, request, ChatError::already_hello, "hello was already accepted");
    return;
  }
  const auto* nick = require_string(self, request, "nick");
  if (nick == nullptr) {
    return;
  }
  std::optional<std::string> password;
  if (request.body.contains("password")) {
    const auto* value = require_string(self, request, "password");
    if (value == nullptr) {
      return;
    }
    password = *value;
  }
  if (!net::is_valid_nick(*nick)) {
    reply_error(self, request, ChatError::invalid_nick, "nick must be 1-32 of A-Z a-z 0-9 _ -");
    return;
  }
  st.nick = *nick;
  look_up_account(self, request, [self, request, password](storage::Account& account) {
    if (account.account_id == 0 && !account.look_alike.empty()) {
      fail_hello(self, request, ChatError::nick_taken,
                 "nick " + self->state.nick + " looks like the registered nick " +
                     account.look_alike + "; choose another");
      return;
    }
    if (account.account_id != 0) {
      if (!password) {
        fail_hello(self, request, password_needed(self->state.nick));
      } else {
        log_in(self, request, account, *password);
      }
    } else if (password) {
      register_account(self, request, *password);
    } else {
      enter_as_guest(self, request);
    }
  });
}

}  // namespace confab::session_detail
