// What a session sends: bytes for its own connection, events and replies in
// its dialect, and the bookkeeping of replies that come after later ones.
#include "actors/chat_error.hpp"
#include "actors/session/irc_session.hpp"
#include "actors/session/session_state.hpp"

namespace confab::session_detail {

// --- output -----------------------------------------------------------------

void send_bytes(session_pointer self, std::string bytes) {
  if (const auto& irc = self->state.irc_state; irc && irc->label) {
    irc->label_output += bytes;
    return;
  }
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
  if (self->state.irc) {
    irc_reply_ok(self, request, result);
    return;
  }
  auto bytes = dialect(self).ok(net::reply_to(request), result);
  if (!bytes.empty()) {
    send_bytes(self, std::move(bytes));
  }
}

void reply_error(session_pointer self, const Request& request, net::ErrorCode code,
                 std::string_view message, std::int64_t retry_after_ms) {
  if (self->state.irc) {
    irc_reply_error(self, request, code, message, retry_after_ms);
    return;
  }
  send_bytes(self, dialect(self).error(net::reply_to(request), code, message, retry_after_ms));
}

void reply_error(session_pointer self, const Request& request, const caf::error& error) {
  if (self->state.irc) {
    irc_reply_error(self, request, error_code(error), error_message(error));
    return;
  }
  send_bytes(self, render_error(dialect(self), net::reply_to(request), error));
}

}  // namespace confab::session_detail
