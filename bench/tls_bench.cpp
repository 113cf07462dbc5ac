// confab-tls-bench: what TLS costs the server per connection and per frame,
// measured on the server's side of in-memory sessions (net/tls_session)
// against an OpenSSL client, so no socket or scheduler is in the figure.
// Only the server's calls are timed. It answers where the record work can
// run: a handshake's CPU time bounds how many the single I/O thread could
// take a second.
//
//   confab-tls-bench [--handshakes N] [--frames N] [--size BYTES] [--burst K]
//
// --burst K encrypts K frames at a time, as a gateway that encrypts a
// connection's whole burst at its flush would.
//
// Prints one JSON line.
#include <openssl/bio.h>
#include <openssl/ssl.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "net/tls_session.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/support/test_certificate.hpp"

namespace {

using Clock = std::chrono::steady_clock;

struct Client {
  SSL* ssl;
  explicit Client(SSL_CTX* ctx) : ssl(SSL_new(ctx)) {
    SSL_set_bio(ssl, BIO_new(BIO_s_mem()), BIO_new(BIO_s_mem()));
    SSL_set_connect_state(ssl);
  }
  ~Client() { SSL_free(ssl); }
  std::string take() {
    char* data = nullptr;
    const long size = BIO_get_mem_data(SSL_get_wbio(ssl), &data);
    std::string out(data, static_cast<std::size_t>(size > 0 ? size : 0));
    (void)BIO_reset(SSL_get_wbio(ssl));
    return out;
  }
  void give(const std::vector<char>& bytes) {
    BIO_write(SSL_get_rbio(ssl), bytes.data(), static_cast<int>(bytes.size()));
  }
};

// One handshake; returns the server's share of the time, or a negative
// value if it failed.
double handshake(SSL_CTX* client_ctx, confab::net::TlsSession& server, Client& client) {
  std::chrono::duration<double> server_time{0};
  std::string plaintext;
  for (int round = 0; round < 10; ++round) {
    const bool client_done = SSL_do_handshake(client.ssl) == 1;
    std::vector<char> to_client;
    const auto start = Clock::now();
    const auto status = server.receive(client.take(), plaintext, to_client);
    server_time += Clock::now() - start;
    if (status != confab::net::TlsSession::Status::ok) {
      return -1;
    }
    client.give(to_client);
    if (client_done && server.established()) {
      return server_time.count();
    }
  }
  (void)client_ctx;
  return -1;
}

long option(int argc, char** argv, const std::string& name, long fallback) {
  for (int i = 1; i + 1 < argc; ++i) {
    if (argv[i] == name) {
      return std::atol(argv[i + 1]);
    }
  }
  return fallback;
}

}  // namespace

int main(int argc, char** argv) {
  const long handshakes = option(argc, argv, "--handshakes", 2000);
  const long frames = option(argc, argv, "--frames", 200000);
  const long size = option(argc, argv, "--size", 150);
  const long burst = std::max(1L, option(argc, argv, "--burst", 1));
  confab::test::TempDir dir;
  const auto certificate = confab::test::make_test_certificate(dir.path(), "bench.example");
  const auto context =
      confab::net::TlsContext::load(certificate.certificate_file, certificate.key_file);
  SSL_CTX* client_ctx = SSL_CTX_new(TLS_client_method());

  double handshake_seconds = 0;
  for (long i = 0; i < handshakes; ++i) {
    confab::net::TlsSession server(context);
    Client client(client_ctx);
    const double spent = handshake(client_ctx, server, client);
    if (spent < 0) {
      std::cerr << "handshake failed: " << server.error() << "\n";
      return 1;
    }
    handshake_seconds += spent;
  }

  // Frames of a chat message's size, encrypted one by one as the gateway
  // would for each recipient.
  confab::net::TlsSession server(context);
  Client client(client_ctx);
  if (handshake(client_ctx, server, client) < 0) {
    return 1;
  }
  std::string frame(static_cast<std::size_t>(size - 1), 'x');
  frame += '\n';
  std::string plaintext;
  for (long i = 0; i < burst; ++i) {
    plaintext += frame;
  }
  std::vector<char> outgoing;
  const auto start = Clock::now();
  for (long i = 0; i < frames; i += burst) {
    outgoing.clear();
    server.send(plaintext, outgoing);
  }
  const double frame_seconds = std::chrono::duration<double>(Clock::now() - start).count();
  SSL_CTX_free(client_ctx);

  std::cout << "{\"handshakes\":" << handshakes
            << ",\"server_ms_per_handshake\":" << handshake_seconds * 1000 / handshakes
            << ",\"handshakes_per_core_s\":" << handshakes / handshake_seconds
            << ",\"frames\":" << frames << ",\"frame_bytes\":" << size << ",\"burst\":" << burst
            << ",\"server_us_per_frame\":" << frame_seconds * 1e6 / frames
            << ",\"record_bytes\":" << outgoing.size() << ",\"protocol\":\"" << server.protocol()
            << "\"}" << std::endl;
  return 0;
}
