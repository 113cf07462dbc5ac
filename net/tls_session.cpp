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

void TlsSession::drain(std::string& outgoing) {
  BIO* written = SSL_get_wbio(ssl_);
  char* data = nullptr;
  const long size = BIO_get_mem_data(written, &data);
  if (size > 0) {
    outgoing.append(data, static_cast<std::size_t>(size));
    (void)BIO_reset(written);
  }
}

TlsSession::Status TlsSession::fail(int result, std::string& outgoing) {
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

TlsSession::Status TlsSession::write_pending(std::string& outgoing) {
  while (!pending_plaintext_.empty()) {
    const int chunk = static_cast<int>(std::min<std::size_t>(pending_plaintext_.size(), INT_MAX));
    const int result = SSL_write(ssl_, pending_plaintext_.data(), chunk);
    if (result <= 0) {
      return fail(result, outgoing);
    }
    pending_plaintext_.erase(0, static_cast<std::size_t>(result));
  }
  drain(outgoing);
  return Status::ok;
}

TlsSession::Status TlsSession::receive(std::string_view ciphertext, std::string& plaintext,
                                       std::string& outgoing) {
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

TlsSession::Status TlsSession::send(std::string_view plaintext, std::string& outgoing) {
  if (status_ != Status::ok) {
    return status_;
  }
  pending_plaintext_.append(plaintext);
  if (!established()) {
    return Status::ok;
  }
  return write_pending(outgoing);
}

}  // namespace confab::net
