#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

typedef struct ssl_ctx_st SSL_CTX;
typedef struct ssl_st SSL;

namespace confab::test {

// How a test client checks the server on a TLS port: it trusts only
// `trusted_certificate` and expects `host` in it.
struct TlsClientOptions {
  std::string trusted_certificate;
  std::string host = "localhost";
  // 0 = the newest both sides know; TLS1_2_VERSION to test TLS 1.2.
  int max_version = 0;
};

// A test client's connection to 127.0.0.1:port: plain TCP, or TLS over it
// with the handshake done and the certificate verified. Every wait is
// bounded by a deadline.
class ClientStream {
 public:
  // Plain TCP, bound first to `source` when it is not empty.
  explicit ClientStream(std::uint16_t port, const std::string& source = {});
  // TLS; throws when the handshake fails or the server is not trusted.
  ClientStream(std::uint16_t port, const TlsClientOptions& tls);
  ~ClientStream();
  ClientStream(const ClientStream&) = delete;
  ClientStream& operator=(const ClientStream&) = delete;

  // Throws when the peer is gone.
  void send(std::string_view bytes);
  // Up to `size` bytes: how many were read, 0 when none came by the
  // deadline, -1 once the peer has closed (EOF, reset, the TLS session
  // ended or failed).
  long receive(char* buffer, std::size_t size, std::chrono::steady_clock::time_point deadline);
  // What arrives by the deadline, appended to `into`: true when bytes came,
  // false at the deadline or once the peer has closed (then closed()).
  bool read_into(std::string& into, std::chrono::steady_clock::time_point deadline);
  bool closed() const { return closed_; }

  int fd() const { return fd_; }
  bool tls() const { return ssl_ != nullptr; }
  // "TLSv1.3"; the SHA-256 of the server's certificate as people compare
  // it ("AB:CD:…", like openssl x509 -fingerprint and the Qt client).
  std::string tls_protocol() const;
  std::string peer_fingerprint() const;
  // A TLS 1.2 session asks for a second handshake.
  void start_renegotiation();

 private:
  // Waits until the socket is readable (or writable); false at the deadline.
  bool wait(bool for_write, std::chrono::steady_clock::time_point deadline) const;

  int fd_ = -1;
  SSL_CTX* ctx_ = nullptr;
  SSL* ssl_ = nullptr;
  bool closed_ = false;
};

}  // namespace confab::test
