#include "net/tls_context.hpp"

#include <openssl/err.h>
#include <openssl/ssl.h>

namespace confab::net {

std::string take_openssl_errors() {
  std::string text;
  while (const auto code = ERR_get_error()) {
    char buffer[256];
    ERR_error_string_n(code, buffer, sizeof buffer);
    if (!text.empty()) {
      text += "; ";
    }
    text += buffer;
  }
  return text.empty() ? std::string("no detail from OpenSSL") : text;
}

std::shared_ptr<const TlsContext> TlsContext::load(const std::string& certificate_file,
                                                   const std::string& key_file) {
  ERR_clear_error();
  SSL_CTX* ctx = SSL_CTX_new(TLS_server_method());
  if (ctx == nullptr) {
    throw TlsError("cannot set up TLS: " + take_openssl_errors());
  }
  std::shared_ptr<const TlsContext> context(new TlsContext(ctx));
  SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
  // A renegotiation restarts the handshake inside an established session:
  // nothing a chat client needs, and a way to make the server do handshake
  // work without opening connections.
  SSL_CTX_set_options(ctx, SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE);
  // An idle connection gives its record buffers back: tens of KiB each,
  // against a few KiB for everything else an idle client costs.
  SSL_CTX_set_mode(ctx, SSL_MODE_RELEASE_BUFFERS);
  if (SSL_CTX_use_certificate_chain_file(ctx, certificate_file.c_str()) != 1) {
    throw TlsError("cannot use the certificate " + certificate_file + ": " + take_openssl_errors());
  }
  if (SSL_CTX_use_PrivateKey_file(ctx, key_file.c_str(), SSL_FILETYPE_PEM) != 1) {
    throw TlsError("cannot use the key " + key_file + ": " + take_openssl_errors());
  }
  if (SSL_CTX_check_private_key(ctx) != 1) {
    throw TlsError("the key " + key_file + " does not belong to the certificate " +
                   certificate_file);
  }
  return context;
}

TlsContext::~TlsContext() {
  SSL_CTX_free(ctx_);
}

}  // namespace confab::net
