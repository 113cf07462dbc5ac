#pragma once

#include <memory>
#include <stdexcept>
#include <string>

typedef struct ssl_ctx_st SSL_CTX;

namespace confab::net {

// A TLS setting that cannot be used: a missing or unreadable file, a key
// that does not match its certificate. The message says which and why.
class TlsError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The server's side of TLS, shared by every connection: one certificate
// chain and key, TLS 1.2 and 1.3 only, the system's cipher policy, session
// tickets on, renegotiation refused.
class TlsContext {
 public:
  // Reads a PEM certificate chain (leaf first) and its private key.
  static std::shared_ptr<const TlsContext> load(const std::string& certificate_file,
                                                const std::string& key_file);
  ~TlsContext();
  TlsContext(const TlsContext&) = delete;
  TlsContext& operator=(const TlsContext&) = delete;

  SSL_CTX* native() const { return ctx_; }

 private:
  explicit TlsContext(SSL_CTX* ctx) : ctx_(ctx) {}
  SSL_CTX* ctx_;
};

// OpenSSL's queued errors as one line (and the queue emptied), for logs and
// TlsError messages.
std::string take_openssl_errors();

}  // namespace confab::net
