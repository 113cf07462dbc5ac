#include "tests/support/client_stream.hpp"

#include <fcntl.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <stdexcept>

#include "tests/support/loopback_socket.hpp"

namespace confab::test {
namespace {

constexpr auto kHandshakeLimit = std::chrono::seconds(10);

std::string openssl_errors() {
  std::string text;
  while (const auto code = ERR_get_error()) {
    char buffer[256];
    ERR_error_string_n(code, buffer, sizeof buffer);
    text += text.empty() ? "" : "; ";
    text += buffer;
  }
  return text;
}

}  // namespace

ClientStream::ClientStream(std::uint16_t port, const std::string& source)
    : fd_(connect_loopback(port, source)) {}

ClientStream::ClientStream(std::uint16_t port, const TlsClientOptions& tls)
    : fd_(connect_loopback(port)) {
  // Non-blocking, so a record that never completes cannot outlast a deadline.
  fcntl(fd_, F_SETFL, fcntl(fd_, F_GETFL) | O_NONBLOCK);
  ctx_ = SSL_CTX_new(TLS_client_method());
  SSL_CTX_set_max_proto_version(ctx_, tls.max_version);
  SSL_CTX_set_verify(ctx_, SSL_VERIFY_PEER, nullptr);
  if (SSL_CTX_load_verify_locations(ctx_, tls.trusted_certificate.c_str(), nullptr) != 1) {
    SSL_CTX_free(ctx_);
    close(fd_);
    throw std::runtime_error("cannot read " + tls.trusted_certificate);
  }
  ssl_ = SSL_new(ctx_);
  SSL_set_fd(ssl_, fd_);
  SSL_set_tlsext_host_name(ssl_, tls.host.c_str());
  SSL_set1_host(ssl_, tls.host.c_str());
  const auto deadline = std::chrono::steady_clock::now() + kHandshakeLimit;
  for (;;) {
    const int result = SSL_connect(ssl_);
    if (result == 1) {
      return;
    }
    const int reason = SSL_get_error(ssl_, result);
    if ((reason == SSL_ERROR_WANT_READ || reason == SSL_ERROR_WANT_WRITE) &&
        wait(reason == SSL_ERROR_WANT_WRITE, deadline)) {
      continue;
    }
    const auto why = openssl_errors();
    const auto verify = SSL_get_verify_result(ssl_);
    SSL_free(ssl_);
    SSL_CTX_free(ctx_);
    close(fd_);
    throw std::runtime_error("TLS handshake failed: " + (verify != X509_V_OK
                                                             ? X509_verify_cert_error_string(verify)
                                                         : why.empty() ? "connection closed"
                                                                       : why));
  }
}

ClientStream::~ClientStream() {
  if (ssl_ != nullptr) {
    SSL_free(ssl_);
    SSL_CTX_free(ctx_);
  }
  if (fd_ >= 0) {
    close(fd_);
  }
}

bool ClientStream::wait(bool for_write, std::chrono::steady_clock::time_point deadline) const {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
      deadline - std::chrono::steady_clock::now());
  pollfd ready{fd_, static_cast<short>(for_write ? POLLOUT : POLLIN), 0};
  for (;;) {
    const int polled = poll(&ready, 1, static_cast<int>(std::max<std::int64_t>(left.count(), 0)));
    if (polled < 0 && errno == EINTR) {
      continue;
    }
    return polled > 0;
  }
}

void ClientStream::send(std::string_view bytes) {
  if (ssl_ == nullptr) {
    send_all(fd_, bytes);
    return;
  }
  const auto deadline = std::chrono::steady_clock::now() + kHandshakeLimit;
  while (!bytes.empty()) {
    const int chunk = static_cast<int>(std::min<std::size_t>(bytes.size(), INT_MAX));
    const int written = SSL_write(ssl_, bytes.data(), chunk);
    if (written > 0) {
      bytes.remove_prefix(static_cast<std::size_t>(written));
      continue;
    }
    const int reason = SSL_get_error(ssl_, written);
    if ((reason != SSL_ERROR_WANT_READ && reason != SSL_ERROR_WANT_WRITE) ||
        !wait(reason == SSL_ERROR_WANT_WRITE, deadline)) {
      throw std::runtime_error("TLS send failed");
    }
  }
}

long ClientStream::receive(char* buffer, std::size_t size,
                           std::chrono::steady_clock::time_point deadline) {
  if (ssl_ == nullptr) {
    // Even at the deadline, what has already arrived is taken.
    if (!wait(false, deadline)) {
      return 0;
    }
    for (;;) {
      const auto n = recv(fd_, buffer, size, 0);
      if (n < 0 && errno == EINTR) {
        continue;
      }
      return n > 0 ? n : -1;
    }
  }
  for (;;) {
    const int n = SSL_read(ssl_, buffer, static_cast<int>(std::min<std::size_t>(size, INT_MAX)));
    if (n > 0) {
      return n;
    }
    const int reason = SSL_get_error(ssl_, n);
    if (reason != SSL_ERROR_WANT_READ && reason != SSL_ERROR_WANT_WRITE) {
      ERR_clear_error();
      return -1;
    }
    if (!wait(reason == SSL_ERROR_WANT_WRITE, deadline)) {
      return 0;
    }
  }
}

bool ClientStream::read_into(std::string& into, std::chrono::steady_clock::time_point deadline) {
  if (closed_) {
    return false;
  }
  char chunk[65536];
  const auto n = receive(chunk, sizeof chunk, deadline);
  if (n < 0) {
    closed_ = true;
  }
  if (n <= 0) {
    return false;
  }
  into.append(chunk, static_cast<std::size_t>(n));
  return true;
}

std::string ClientStream::tls_protocol() const {
  return ssl_ != nullptr ? SSL_get_version(ssl_) : std::string{};
}

std::string ClientStream::peer_fingerprint() const {
  if (ssl_ == nullptr) {
    return {};
  }
  X509* certificate = SSL_get1_peer_certificate(ssl_);
  if (certificate == nullptr) {
    return {};
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  X509_digest(certificate, EVP_sha256(), digest, &length);
  X509_free(certificate);
  std::string hex;
  for (unsigned int i = 0; i < length; ++i) {
    char pair[4];
    std::snprintf(pair, sizeof pair, i == 0 ? "%02X" : ":%02X", digest[i]);
    hex += pair;
  }
  return hex;
}

void ClientStream::start_renegotiation() {
  if (ssl_ != nullptr && SSL_renegotiate(ssl_) == 1) {
    (void)SSL_do_handshake(ssl_);
    ERR_clear_error();
  }
}

}  // namespace confab::test
