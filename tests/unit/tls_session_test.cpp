// The server's TLS state against a real OpenSSL client, both over memory:
// every byte either side sends is handed to the other by the test.
#include <doctest/doctest.h>

#include <openssl/bio.h>
#include <openssl/ssl.h>

#include <string>
#include <vector>

#include "net/tls_session.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/support/test_certificate.hpp"

using namespace confab;
using namespace confab::test;

namespace {

using Bytes = std::vector<char>;

// A client that verifies the server against `trusted` and its host name.
class MemoryClient {
 public:
  MemoryClient(const std::string& trusted, const std::string& host, int max_version = 0) {
    ctx_ = SSL_CTX_new(TLS_client_method());
    SSL_CTX_set_max_proto_version(ctx_, max_version);
    SSL_CTX_load_verify_locations(ctx_, trusted.c_str(), nullptr);
    SSL_CTX_set_verify(ctx_, SSL_VERIFY_PEER, nullptr);
    ssl_ = SSL_new(ctx_);
    SSL_set_bio(ssl_, BIO_new(BIO_s_mem()), BIO_new(BIO_s_mem()));
    SSL_set_connect_state(ssl_);
    SSL_set_tlsext_host_name(ssl_, host.c_str());
    SSL_set1_host(ssl_, host.c_str());
  }
  ~MemoryClient() {
    SSL_free(ssl_);
    SSL_CTX_free(ctx_);
  }

  void receive(const Bytes& bytes) {
    BIO_write(SSL_get_rbio(ssl_), bytes.data(), static_cast<int>(bytes.size()));
  }
  std::string take_outgoing() {
    char* data = nullptr;
    const long size = BIO_get_mem_data(SSL_get_wbio(ssl_), &data);
    std::string out(data, static_cast<std::size_t>(size > 0 ? size : 0));
    (void)BIO_reset(SSL_get_wbio(ssl_));
    return out;
  }
  bool handshake() { return SSL_do_handshake(ssl_) == 1; }
  bool renegotiate() { return SSL_renegotiate(ssl_) == 1 && SSL_do_handshake(ssl_) <= 0; }
  // The server's close_notify has arrived: reading says the session ended.
  bool closed_by_peer() {
    char buffer[256];
    const int n = SSL_read(ssl_, buffer, sizeof buffer);
    return n <= 0 && SSL_get_error(ssl_, n) == SSL_ERROR_ZERO_RETURN;
  }
  bool verified() const { return SSL_get_verify_result(ssl_) == X509_V_OK; }
  void write(const std::string& text) {
    SSL_write(ssl_, text.data(), static_cast<int>(text.size()));
  }
  std::string read() {
    std::string out;
    char buffer[4096];
    int n = 0;
    while ((n = SSL_read(ssl_, buffer, sizeof buffer)) > 0) {
      out.append(buffer, static_cast<std::size_t>(n));
    }
    return out;
  }

 private:
  SSL_CTX* ctx_ = nullptr;
  SSL* ssl_ = nullptr;
};

struct TlsFixture {
  TempDir dir;
  TestCertificate certificate = make_test_certificate(dir.path(), "chat.example");
  std::shared_ptr<const net::TlsContext> context =
      net::TlsContext::load(certificate.certificate_file, certificate.key_file);

  // Passes bytes both ways until the handshake is done; false if it never is.
  bool shake_hands(MemoryClient& client, net::TlsSession& server, std::string& plaintext) {
    for (int round = 0; round < 10; ++round) {
      const bool client_done = client.handshake();
      Bytes to_client;
      const auto status = server.receive(client.take_outgoing(), plaintext, to_client);
      REQUIRE(status == net::TlsSession::Status::ok);
      client.receive(to_client);
      if (client_done && server.established()) {
        return true;
      }
    }
    return false;
  }
};

}  // namespace

TEST_CASE_FIXTURE(TlsFixture,
                  "a client that checks the certificate connects, and lines cross both ways") {
  MemoryClient client(certificate.certificate_file, "chat.example");
  net::TlsSession server(context);
  std::string plaintext;
  REQUIRE(shake_hands(client, server, plaintext));
  CHECK(client.verified());
  CHECK(server.protocol() == "TLSv1.3");

  client.write("{\"op\":\"ping\",\"id\":1}\n");
  Bytes to_client;
  REQUIRE(server.receive(client.take_outgoing(), plaintext, to_client) ==
          net::TlsSession::Status::ok);
  CHECK(plaintext == "{\"op\":\"ping\",\"id\":1}\n");

  to_client.clear();
  REQUIRE(server.send("{\"id\":1,\"op\":\"ping\",\"type\":\"ok\"}\n", to_client) ==
          net::TlsSession::Status::ok);
  client.receive(to_client);
  CHECK(client.read() == "{\"id\":1,\"op\":\"ping\",\"type\":\"ok\"}\n");
}

TEST_CASE_FIXTURE(TlsFixture, "what the server says before the handshake ends goes out after it") {
  MemoryClient client(certificate.certificate_file, "chat.example");
  net::TlsSession server(context);
  Bytes early;
  REQUIRE(server.send("Enter your name: ", early) == net::TlsSession::Status::ok);
  CHECK(early.empty());
  std::string plaintext;
  REQUIRE(shake_hands(client, server, plaintext));
  // The held line went out with the server's last handshake flight.
  CHECK(client.read() == "Enter your name: ");
}

TEST_CASE_FIXTURE(TlsFixture,
                  "plaintext where a handshake belongs fails that session, and only it") {
  net::TlsSession confused(context);
  std::string plaintext;
  Bytes outgoing;
  CHECK(confused.receive("{\"op\":\"hello\",\"nick\":\"x\"}\n", plaintext, outgoing) ==
        net::TlsSession::Status::failed);
  CHECK(plaintext.empty());
  CHECK_FALSE(confused.error().empty());
  CHECK(confused.receive("more", plaintext, outgoing) == net::TlsSession::Status::failed);

  MemoryClient client(certificate.certificate_file, "chat.example");
  net::TlsSession fine(context);
  CHECK(shake_hands(client, fine, plaintext));
}

TEST_CASE_FIXTURE(TlsFixture, "a client that trusts another certificate refuses the server") {
  const auto other = make_test_certificate(dir.path(), "chat.example", "other");
  MemoryClient client(other.certificate_file, "chat.example");
  net::TlsSession server(context);
  std::string plaintext;
  bool done = false;
  for (int round = 0; round < 10 && !done; ++round) {
    done = client.handshake();
    Bytes to_client;
    if (server.receive(client.take_outgoing(), plaintext, to_client) !=
        net::TlsSession::Status::ok) {
      break;
    }
    client.receive(to_client);
  }
  CHECK_FALSE(done);
  CHECK_FALSE(client.verified());
}

TEST_CASE("a certificate and key that cannot be used are refused with what is wrong") {
  TempDir dir;
  const auto first = make_test_certificate(dir.path(), "a.example", "first");
  const auto second = make_test_certificate(dir.path(), "b.example", "second");
  CHECK_THROWS_WITH_AS(net::TlsContext::load(first.certificate_file, second.key_file),
                       doctest::Contains("second.key"), net::TlsError);
  CHECK_THROWS_WITH_AS(net::TlsContext::load(first.certificate_file, second.key_file),
                       doctest::Contains("mismatch"), net::TlsError);
  CHECK_THROWS_WITH_AS(net::TlsContext::load(dir.file("missing.crt"), first.key_file),
                       doctest::Contains("missing.crt"), net::TlsError);
}

TEST_CASE_FIXTURE(TlsFixture, "a TLS 1.2 client that renegotiates fails its session") {
  MemoryClient client(certificate.certificate_file, "chat.example", TLS1_2_VERSION);
  net::TlsSession server(context);
  std::string plaintext;
  REQUIRE(shake_hands(client, server, plaintext));
  REQUIRE(server.protocol() == "TLSv1.2");
  REQUIRE(client.renegotiate());
  Bytes to_client;
  CHECK(server.receive(client.take_outgoing(), plaintext, to_client) ==
        net::TlsSession::Status::failed);
  CHECK(server.error() == "the client tried to renegotiate");
}

TEST_CASE_FIXTURE(TlsFixture, "closing sends what is pending, then a close_notify") {
  MemoryClient client(certificate.certificate_file, "chat.example");
  net::TlsSession server(context);
  std::string plaintext;
  REQUIRE(shake_hands(client, server, plaintext));
  Bytes to_client;
  REQUIRE(server.send("bye\n", to_client) == net::TlsSession::Status::ok);
  server.close(to_client);
  CHECK(server.send("after\n", to_client) == net::TlsSession::Status::closed);
  client.receive(to_client);
  CHECK(client.read() == "bye\n");
  CHECK(client.closed_by_peer());
}
