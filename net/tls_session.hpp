#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "net/tls_context.hpp"

typedef struct ssl_st SSL;

namespace confab::net {

// One connection's TLS, between the socket's ciphertext and the dialect's
// plaintext. It does no I/O: the caller hands it what the socket read and
// sends what it returns, so the same state works wherever the bytes move
// (the gateway's I/O thread or a worker).
class TlsSession {
 public:
  enum class Status {
    ok,
    // The peer ended the session (close_notify).
    closed,
    // A malformed record, a failed handshake, anything else: close the
    // connection once `outgoing` (an alert, perhaps) is sent.
    failed,
  };

  explicit TlsSession(std::shared_ptr<const TlsContext> context);
  ~TlsSession();
  TlsSession(const TlsSession&) = delete;
  TlsSession& operator=(const TlsSession&) = delete;

  // Ciphertext from the peer. Plaintext for the application is appended to
  // `plaintext`; ciphertext to send (handshake, tickets, alerts, and any
  // plaintext written before the handshake ended) to `outgoing`, which may
  // be the socket's write buffer itself.
  Status receive(std::string_view ciphertext, std::string& plaintext, std::vector<char>& outgoing);
  // Plaintext for the peer, as records appended to `outgoing`; held back
  // until the handshake is done.
  Status send(std::string_view plaintext, std::vector<char>& outgoing);
  // The server ends the session: a close_notify alert, after everything
  // sent so far, so the peer can tell the end from a cut connection.
  void close(std::vector<char>& outgoing);

  bool established() const;
  // "TLSv1.3", once established.
  std::string protocol() const;
  // Why it failed, for the log.
  const std::string& error() const { return error_; }

 private:
  class BufferScope;

  Status fail(int result);
  Status write_all(std::string_view plaintext);

  static void on_handshake_event(const SSL* ssl, int where, int value);

  std::shared_ptr<const TlsContext> context_;
  SSL* ssl_ = nullptr;
  // The peer started a second handshake on an established TLS 1.2 session.
  bool handshake_done_ = false;
  bool renegotiating_ = false;
  std::string pending_plaintext_;
  std::string error_;
  Status status_ = Status::ok;
};

}  // namespace confab::net
