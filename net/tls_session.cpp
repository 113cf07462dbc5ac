#include "net/tls_session.hpp"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/ssl.h>

#include <algorithm>
#include <climits>

namespace confab::net {
namespace {

// Both sides of every session are BIOs over the caller's own buffers, set
// for the length of one call: the source reads the ciphertext the caller
// passed in, the sink appends each record straight to the buffer the caller
// gave (the socket's write buffer, in the gateway). Memory BIOs would copy
// every record once more, keep a buffer per connection as large as the
// largest flight it ever held, and zero it on every reset. OpenSSL keeps a
// partial record in its own read buffer until the rest arrives.
int read_from_source(BIO* bio, char* data, std::size_t size, std::size_t* read) {
  BIO_clear_retry_flags(bio);
  auto* source = static_cast<std::string_view*>(BIO_get_data(bio));
  if (source == nullptr || source->empty()) {
    BIO_set_retry_read(bio);
    return 0;
  }
  const auto taken = std::min(size, source->size());
  std::copy_n(source->data(), taken, data);
  source->remove_prefix(taken);
  *read = taken;
  return 1;
}

int append_to_sink(BIO* bio, const char* data, std::size_t size, std::size_t* written) {
  auto* sink = static_cast<std::vector<char>*>(BIO_get_data(bio));
  if (sink == nullptr) {
    return 0;
  }
  sink->insert(sink->end(), data, data + size);
  *written = size;
  return 1;
}

long source_control(BIO* bio, int command, long, void*) {
  if (command == BIO_CTRL_PENDING) {
    const auto* source = static_cast<std::string_view*>(BIO_get_data(bio));
    return source == nullptr ? 0 : static_cast<long>(source->size());
  }
  return 0;
}

long sink_control(BIO*, int command, long, void*) {
  // SSL flushes after each flight; there is nothing to flush.
  return command == BIO_CTRL_FLUSH ? 1 : 0;
}

int ready(BIO* bio) {
  BIO_set_init(bio, 1);
  return 1;
}

const BIO_METHOD* source_method() {
  static const BIO_METHOD* method = [] {
    BIO_METHOD* made = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "confab source");
    BIO_meth_set_read_ex(made, read_from_source);
    BIO_meth_set_ctrl(made, source_control);
    BIO_meth_set_create(made, ready);
    return made;
  }();
  return method;
}

const BIO_METHOD* sink_method() {
  static const BIO_METHOD* method = [] {
    BIO_METHOD* made = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "confab sink");
    BIO_meth_set_write_ex(made, append_to_sink);
    BIO_meth_set_ctrl(made, sink_control);
    BIO_meth_set_create(made, ready);
    return made;
  }();
  return method;
}

}  // namespace

// Points the BIOs at the call's buffers (`incoming` may be null: nothing to
// read), and away again after, so they never hold one the caller may free.
class TlsSession::BufferScope {
 public:
  BufferScope(SSL* ssl, std::string_view* incoming, std::vector<char>& outgoing)
      : source_(SSL_get_rbio(ssl)), sink_(SSL_get_wbio(ssl)) {
    BIO_set_data(source_, incoming);
    BIO_set_data(sink_, &outgoing);
  }
  ~BufferScope() {
    BIO_set_data(source_, nullptr);
    BIO_set_data(sink_, nullptr);
  }
  BufferScope(const BufferScope&) = delete;
  BufferScope& operator=(const BufferScope&) = delete;

 private:
  BIO* source_;
  BIO* sink_;
};

TlsSession::TlsSession(std::shared_ptr<const TlsContext> context) : context_(std::move(context)) {
  ssl_ = SSL_new(context_->native());
  if (ssl_ == nullptr) {
    throw TlsError("cannot start a TLS session: " + take_openssl_errors());
  }
  // The socket side is the caller's.
  SSL_set_bio(ssl_, BIO_new(source_method()), BIO_new(sink_method()));
  SSL_set_accept_state(ssl_);
  SSL_set_app_data(ssl_, this);
  SSL_set_info_callback(ssl_, &TlsSession::on_handshake_event);
}

// SSL_OP_NO_RENEGOTIATION only answers a TLS 1.2 renegotiation with a
// warning, and the session goes on; a client that tries one is either
// broken or making the server do handshake work, so it is closed instead.
// (TLS 1.3 has no renegotiation; its key updates do not start a handshake.)
void TlsSession::on_handshake_event(const SSL* ssl, int where, int /*value*/) {
  auto* session = static_cast<TlsSession*>(SSL_get_app_data(ssl));
  if (session == nullptr || SSL_version(ssl) >= TLS1_3_VERSION) {
    return;
  }
  // OpenSSL leaves the finished state before reporting the start, so the
  // session remembers that a handshake was done.
  if ((where & SSL_CB_HANDSHAKE_DONE) != 0) {
    session->handshake_done_ = true;
  } else if ((where & SSL_CB_HANDSHAKE_START) != 0 && session->handshake_done_) {
    session->renegotiating_ = true;
  }
}

TlsSession::~TlsSession() {
  SSL_free(ssl_);
}

bool TlsSession::established() const {
  return SSL_is_init_finished(ssl_) == 1;
}

std::string TlsSession::protocol() const {
  return established() ? SSL_get_version(ssl_) : std::string{};
}

TlsSession::Status TlsSession::fail(int result) {
  const int reason = SSL_get_error(ssl_, result);
  if (reason == SSL_ERROR_ZERO_RETURN) {
    status_ = Status::closed;
  } else {
    status_ = Status::failed;
    error_ =
        reason == SSL_ERROR_SSL ? take_openssl_errors() : "TLS error " + std::to_string(reason);
  }
  ERR_clear_error();
  return status_;
}

TlsSession::Status TlsSession::write_all(std::string_view plaintext) {
  // The sink takes every record, so each SSL_write takes its whole chunk;
  // a failure is the session's end, not back-pressure.
  while (!plaintext.empty()) {
    const int chunk = static_cast<int>(std::min<std::size_t>(plaintext.size(), INT_MAX));
    const int result = SSL_write(ssl_, plaintext.data(), chunk);
    if (result <= 0) {
      return fail(result);
    }
    plaintext.remove_prefix(static_cast<std::size_t>(result));
  }
  return Status::ok;
}

TlsSession::Status TlsSession::receive(std::string_view ciphertext, std::string& plaintext,
                                       std::vector<char>& outgoing) {
  if (status_ != Status::ok) {
    return status_;
  }
  const BufferScope buffers(ssl_, &ciphertext, outgoing);
  char buffer[16 * 1024];
  for (;;) {
    const int result = SSL_read(ssl_, buffer, sizeof buffer);
    if (renegotiating_) {
      status_ = Status::failed;
      error_ = "the client tried to renegotiate";
      ERR_clear_error();
      return status_;
    }
    if (result > 0) {
      plaintext.append(buffer, static_cast<std::size_t>(result));
      continue;
    }
    const int reason = SSL_get_error(ssl_, result);
    if (reason == SSL_ERROR_WANT_READ || reason == SSL_ERROR_WANT_WRITE) {
      break;
    }
    return fail(result);
  }
  if (established() && !pending_plaintext_.empty()) {
    const auto status = write_all(pending_plaintext_);
    std::string().swap(pending_plaintext_);
    return status;
  }
  return Status::ok;
}

TlsSession::Status TlsSession::send(std::string_view plaintext, std::vector<char>& outgoing) {
  if (status_ != Status::ok) {
    return status_;
  }
  if (!established()) {
    pending_plaintext_.append(plaintext);
    return Status::ok;
  }
  const BufferScope buffers(ssl_, nullptr, outgoing);
  return write_all(plaintext);
}

void TlsSession::close(std::vector<char>& outgoing) {
  if (status_ != Status::ok || !established()) {
    return;
  }
  const BufferScope buffers(ssl_, nullptr, outgoing);
  // Unidirectional: the server does not wait for the peer's close_notify.
  (void)SSL_shutdown(ssl_);
  ERR_clear_error();
  status_ = Status::closed;
}

}  // namespace confab::net
