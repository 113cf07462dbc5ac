#include "net/tls_session.hpp"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/ssl.h>

#include <algorithm>
#include <climits>

namespace confab::net {

TlsSession::TlsSession(std::shared_ptr<const TlsContext> context) : context_(std::move(context)) {
  ssl_ = SSL_new(context_->native());
  if (ssl_ == nullptr) {
    throw TlsError("cannot start a TLS session: " + take_openssl_errors());
  }
  // Memory BIOs: the socket side is the caller's.
  SSL_set_bio(ssl_, BIO_new(BIO_s_mem()), BIO_new(BIO_s_mem()));
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

void TlsSession::drain(std::vector<char>& outgoing) {
  BIO* written = SSL_get_wbio(ssl_);
  char* data = nullptr;
  const long size = BIO_get_mem_data(written, &data);
  if (size > 0) {
    outgoing.insert(outgoing.end(), data, data + size);
    (void)BIO_reset(written);
  }
}

TlsSession::Status TlsSession::fail(int result, std::vector<char>& outgoing) {
  const int reason = SSL_get_error(ssl_, result);
  if (reason == SSL_ERROR_ZERO_RETURN) {
    status_ = Status::closed;
  } else {
    status_ = Status::failed;
    error_ =
        reason == SSL_ERROR_SSL ? take_openssl_errors() : "TLS error " + std::to_string(reason);
  }
  ERR_clear_error();
  drain(outgoing);
  return status_;
}

TlsSession::Status TlsSession::write_all(std::string_view plaintext, std::vector<char>& outgoing) {
  // The memory BIO takes every record, so each SSL_write takes its whole
  // chunk; a failure is the session's end, not back-pressure.
  while (!plaintext.empty()) {
    const int chunk = static_cast<int>(std::min<std::size_t>(plaintext.size(), INT_MAX));
    const int result = SSL_write(ssl_, plaintext.data(), chunk);
    if (result <= 0) {
      return fail(result, outgoing);
    }
    plaintext.remove_prefix(static_cast<std::size_t>(result));
  }
  drain(outgoing);
  return Status::ok;
}

TlsSession::Status TlsSession::write_pending(std::vector<char>& outgoing) {
  const auto status = write_all(pending_plaintext_, outgoing);
  std::string().swap(pending_plaintext_);
  return status;
}

TlsSession::Status TlsSession::receive(std::string_view ciphertext, std::string& plaintext,
                                       std::vector<char>& outgoing) {
  if (status_ != Status::ok) {
    return status_;
  }
  if (!ciphertext.empty() &&
      BIO_write(SSL_get_rbio(ssl_), ciphertext.data(), static_cast<int>(ciphertext.size())) <= 0) {
    status_ = Status::failed;
    error_ = "cannot buffer the peer's bytes";
    return status_;
  }
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
    return fail(result, outgoing);
  }
  drain(outgoing);
  if (established() && !pending_plaintext_.empty()) {
    return write_pending(outgoing);
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
  return write_all(plaintext, outgoing);
}

void TlsSession::close(std::vector<char>& outgoing) {
  if (status_ != Status::ok || !established()) {
    return;
  }
  // Unidirectional: the server does not wait for the peer's close_notify.
  (void)SSL_shutdown(ssl_);
  ERR_clear_error();
  drain(outgoing);
  status_ = Status::closed;
}

}  // namespace confab::net
