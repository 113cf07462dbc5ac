// TLS on the chat and admin ports of the real confabd: what a client sees,
// and that one broken, stalled or hostile TLS client costs only its own
// connection. (Every reply and event over TLS, byte for byte, is pinned by
// the golden transcripts in wire_golden_test.)
#include <fcntl.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <arpa/inet.h>

#include <cstdio>
#include <filesystem>

#include "tests/integration/server_fixture.hpp"
#include "tests/support/file_transfer_client.hpp"
#include "tests/support/test_certificate.hpp"

using namespace confab::test;

namespace {

// A server with a certificate for "localhost" whose files stay where the
// server reads them, so a test can replace them and send SIGHUP.
struct TlsServer {
  explicit TlsServer(std::vector<std::string> args = {})
      : certificate(make_test_certificate(dir.path(), "localhost")),
        server(dir.file("chat.db"), with_tls(std::move(args), certificate)) {}

  static std::vector<std::string> with_tls(std::vector<std::string> args,
                                           const TestCertificate& certificate) {
    args.insert(args.end(), {"--tls-cert", certificate.certificate_file, "--tls-key",
                             certificate.key_file, "--tls-port", "0"});
    return args;
  }

  TlsClientOptions trust() const { return TlsClientOptions{certificate.certificate_file}; }

  std::unique_ptr<TestClient> connect() {
    return std::make_unique<TestClient>(server.tls_port(), trust());
  }

  std::unique_ptr<TestClient> login(const std::string& nick) {
    auto client = connect();
    client->hello(nick);
    return client;
  }

  TempDir dir;
  TestCertificate certificate;
  ConfabdProcess server;
};

// Two clients still talk through the server: it was not disturbed.
void check_server_serves(TestClient& speaker, TestClient& listener, const std::string& text) {
  REQUIRE(is_ok(speaker.request({{"op", "say"}, {"room", "main"}, {"text", text}})));
  auto heard = listener.wait_for([&](const Json& f) {
    return f.value("type", "") == "message" && f.value("text", "") == text;
  });
  CHECK(heard.has_value());
}

// An IPv4 address of this machine that is not loopback, if it has one.
std::optional<std::string> non_loopback_address() {
  ifaddrs* addresses = nullptr;
  if (getifaddrs(&addresses) != 0) {
    return std::nullopt;
  }
  std::optional<std::string> found;
  for (auto* entry = addresses; entry != nullptr && !found; entry = entry->ifa_next) {
    if (entry->ifa_addr == nullptr || entry->ifa_addr->sa_family != AF_INET) {
      continue;
    }
    const auto& address = reinterpret_cast<const sockaddr_in*>(entry->ifa_addr)->sin_addr;
    if ((ntohl(address.s_addr) >> 24) != 127) {
      char text[INET_ADDRSTRLEN];
      inet_ntop(AF_INET, &address, text, sizeof text);
      found = text;
    }
  }
  freeifaddrs(addresses);
  return found;
}

bool can_connect(const std::string& address, std::uint16_t port) {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in target{};
  target.sin_family = AF_INET;
  target.sin_port = htons(port);
  inet_pton(AF_INET, address.c_str(), &target.sin_addr);
  const bool connected = connect(fd, reinterpret_cast<sockaddr*>(&target), sizeof target) == 0;
  close(fd);
  return connected;
}

// `openssl s_client` as a user would run it against the text mode, with
// its standard input and output in the test's hands.
class OpensslClient {
 public:
  OpensslClient(std::uint16_t port, const std::string& trusted) {
    int to_child[2];
    int from_child[2];
    REQUIRE(pipe2(to_child, O_CLOEXEC) == 0);
    REQUIRE(pipe2(from_child, O_CLOEXEC) == 0);
    pid_ = fork();
    REQUIRE(pid_ >= 0);
    if (pid_ == 0) {
      dup2(to_child[0], STDIN_FILENO);
      dup2(from_child[1], STDOUT_FILENO);
      dup2(from_child[1], STDERR_FILENO);
      const auto target = "127.0.0.1:" + std::to_string(port);
      execlp("openssl", "openssl", "s_client", "-quiet", "-connect", target.c_str(), "-servername",
             "localhost", "-verify_hostname", "localhost", "-verify_return_error", "-CAfile",
             trusted.c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
    close(to_child[0]);
    close(from_child[1]);
    input_ = to_child[1];
    output_ = from_child[0];
  }
  ~OpensslClient() {
    close(input_);
    close(output_);
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }

  void type(const std::string& line) {
    const auto text = line + "\n";
    REQUIRE(write(input_, text.data(), text.size()) == static_cast<ssize_t>(text.size()));
  }

  // Everything printed so far, once it contains `needle`; nullopt at the
  // deadline or when the client exits first.
  std::optional<std::string> wait_for(const std::string& needle,
                                      std::chrono::milliseconds timeout = 10s) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (seen_.find(needle) == std::string::npos) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      pollfd ready{output_, POLLIN, 0};
      if (left.count() <= 0 || poll(&ready, 1, static_cast<int>(left.count())) <= 0) {
        return std::nullopt;
      }
      char buffer[4096];
      const auto n = read(output_, buffer, sizeof buffer);
      if (n <= 0) {
        return std::nullopt;
      }
      seen_.append(buffer, static_cast<std::size_t>(n));
    }
    return seen_;
  }

 private:
  pid_t pid_ = -1;
  int input_ = -1;
  int output_ = -1;
  std::string seen_;
};

}  // namespace

TEST_CASE("JSON over TLS: a verified connection, and TLS and plain clients share a room") {
  TlsServer s;
  auto alice = s.login("alice");
  CHECK((alice->stream().tls_protocol() == "TLSv1.3"));
  CHECK(alice->stream().peer_fingerprint().size() == 32 * 3 - 1);
  auto bob = std::make_unique<TestClient>(s.server.port());
  bob->hello("bob");
  check_server_serves(*alice, *bob, "from TLS to plain");
  check_server_serves(*bob, *alice, "from plain to TLS");
}

TEST_CASE("a client that does not trust the certificate refuses the TLS port") {
  TlsServer s;
  const auto stranger = make_test_certificate(s.dir.path(), "localhost", "stranger");
  CHECK_THROWS_WITH(TestClient(s.server.tls_port(), TlsClientOptions{stranger.certificate_file}),
                    doctest::Contains("certificate"));
  // Nor does one that expects another host name.
  CHECK_THROWS(TestClient(s.server.tls_port(),
                          TlsClientOptions{s.certificate.certificate_file, "chat.example"}));
}

TEST_CASE("a file crosses TLS intact both ways") {
  TlsServer s;
  auto alice = s.login("alice");
  auto bob = s.login("bob");
  const auto bytes = random_bytes(1024 * 1024 + 3, 7);
  auto done = upload(*alice, {{"room", "main"}}, "over-tls.bin", bytes);
  REQUIRE(is_ok(done));
  auto fetched = download(*bob, done["file_id"].get<std::int64_t>());
  CHECK(fetched.ended);
  CHECK(fetched.bytes == bytes);
}

TEST_CASE("a TLS client that reconnects catches up on what it missed") {
  TlsServer s;
  auto alice = s.login("alice");
  std::int64_t last_seen = 0;
  {
    auto bob = s.login("bob");
    REQUIRE(is_ok(alice->request({{"op", "say"}, {"room", "main"}, {"text", "before"}})));
    auto seen = bob->wait_for_type("message");
    REQUIRE(seen);
    last_seen = (*seen)["msg_id"].get<std::int64_t>();
  }
  for (const auto* text : {"missed one", "missed two"}) {
    REQUIRE(is_ok(alice->request({{"op", "say"}, {"room", "main"}, {"text", text}})));
  }
  auto bob = s.login("bob");
  auto page = bob->request({{"op", "history"}, {"room", "main"}, {"after", last_seen}});
  REQUIRE(is_ok(page));
  std::vector<std::string> texts;
  for (const auto& message : page["messages"]) {
    texts.push_back(message.value("text", ""));
  }
  CHECK(texts == std::vector<std::string>{"missed one", "missed two"});
}

TEST_CASE("text mode over TLS with openssl s_client") {
  TlsServer s;
  OpensslClient nc_user(s.server.tls_port(), s.certificate.certificate_file);
  auto alice = s.login("alice");
  nc_user.type("carol");
  REQUIRE(nc_user.wait_for("welcome carol"));
  nc_user.type("hello from a terminal");
  auto heard = alice->wait_for([](const Json& f) {
    return f.value("type", "") == "message" && f.value("text", "") == "hello from a terminal";
  });
  CHECK(heard.has_value());
  REQUIRE(is_ok(alice->request({{"op", "say"}, {"room", "main"}, {"text", "hi carol"}})));
  CHECK(nc_user.wait_for("[main] alice: hi carol"));
}

TEST_CASE("plaintext or garbage on the TLS port closes only that connection") {
  TlsServer s;
  auto alice = s.login("alice");
  auto bob = s.login("bob");
  TestClient plain_json(s.server.tls_port());
  plain_json.send_raw("{\"op\":\"hello\",\"nick\":\"mallory\"}\n");
  CHECK(plain_json.wait_closed());
  TestClient garbage(s.server.tls_port());
  garbage.send_raw(std::string("\x16\x03\x01\x00\x05garbage-after-a-record-header", 35));
  CHECK(garbage.wait_closed());
  CHECK(s.server.wait_for_log("TLS failed"));
  check_server_serves(*alice, *bob, "still here");
}

TEST_CASE("a client that never finishes its handshake is dropped at the login deadline") {
  TlsServer s({"--login-timeout", "1"});
  TestClient silent(s.server.tls_port());
  TestClient half(s.server.tls_port());
  // The first bytes of a ClientHello, and no more.
  half.send_raw(std::string("\x16\x03\x01\x02\x00\x01", 6));
  CHECK(silent.wait_closed(5s));
  CHECK(half.wait_closed(5s));
  auto alice = s.login("alice");
  CHECK(alice->stream().tls());
}

TEST_CASE("a TLS 1.2 client that renegotiates is closed, and only it") {
  TlsServer s;
  auto alice = s.login("alice");
  auto bob = s.login("bob");
  auto options = s.trust();
  options.max_version = TLS1_2_VERSION;
  TestClient old_school(s.server.tls_port(), options);
  REQUIRE(old_school.stream().tls_protocol() == "TLSv1.2");
  old_school.hello("mallory");
  old_school.stream().start_renegotiation();
  CHECK(old_school.wait_closed());
  CHECK(s.server.wait_for_log("renegotiate"));
  check_server_serves(*alice, *bob, "after the renegotiation");
}

TEST_CASE("frame limits count plaintext bytes over TLS") {
  TlsServer s({"--max-frame", "1024"});
  auto alice = s.login("alice");
  alice->send_raw(std::string(1500, 'x') + "\n");
  auto refused = alice->wait_for_type("error");
  REQUIRE(refused);
  CHECK(code_of(*refused) == "frame_too_large");
  CHECK(alice->wait_closed());
  // 1000 plaintext bytes fit, although their records are larger.
  auto bob = s.login("bob");
  CHECK(is_ok(bob->request({{"op", "say"}, {"room", "main"}, {"text", std::string(900, 'y')}})));
}

TEST_CASE("SIGHUP re-reads the certificate, and connections made before keep theirs") {
  TlsServer s;
  auto alice = s.login("alice");
  const auto old_fingerprint = alice->stream().peer_fingerprint();
  const auto old_certificate = s.dir.file("old.crt");
  std::filesystem::copy_file(s.certificate.certificate_file, old_certificate);

  // A new certificate and key replace the files the server was started with.
  const auto renewed = make_test_certificate(s.dir.path(), "localhost", "renewed");
  std::filesystem::rename(renewed.certificate_file, s.certificate.certificate_file);
  std::filesystem::rename(renewed.key_file, s.certificate.key_file);
  s.server.send_signal(SIGHUP);
  REQUIRE(s.server.wait_for_log("TLS certificate re-read"));

  auto bob = s.login("bob");
  CHECK(bob->stream().peer_fingerprint() != old_fingerprint);
  CHECK_THROWS(TestClient(s.server.tls_port(), TlsClientOptions{old_certificate}));
  // Alice's session, on the old certificate, is untouched.
  check_server_serves(*alice, *bob, "across the reload");
  check_server_serves(*bob, *alice, "and back");
}

TEST_CASE("SIGHUP with an unusable key keeps the certificate in use") {
  TlsServer s;
  auto alice = s.login("alice");
  const auto fingerprint = alice->stream().peer_fingerprint();
  {
    std::FILE* broken = std::fopen(s.certificate.key_file.c_str(), "w");
    REQUIRE(broken != nullptr);
    std::fputs("not a key\n", broken);
    std::fclose(broken);
  }
  s.server.send_signal(SIGHUP);
  REQUIRE(s.server.wait_for_log("keeping the certificate in use"));
  auto bob = s.login("bob");
  CHECK(bob->stream().peer_fingerprint() == fingerprint);
  check_server_serves(*alice, *bob, "still the old certificate");
}

TEST_CASE("with a certificate the admin port speaks only TLS") {
  TlsServer s({"--admin-token", "tls-admin-token"});
  TestClient plain(s.server.admin_port());
  plain.send_raw("{\"op\":\"hello\",\"token\":\"tls-admin-token\"}\n");
  CHECK(plain.wait_closed());
  CHECK_FALSE(plain.wait_for_type("ok", 100ms));
  TestClient admin(s.server.admin_port(), s.trust());
  CHECK(is_ok(admin.request({{"op", "hello"}, {"token", "tls-admin-token"}})));
  CHECK(is_ok(admin.request({{"op", "stats"}})));
}

TEST_CASE("without TLS the admin port stays on loopback when --host is not") {
  TempDir dir;
  ConfabdProcess server(dir.file("chat.db"), {"--host", "0.0.0.0"});
  CHECK(server.log().find("listening on 0.0.0.0:") != std::string::npos);
  CHECK(server.log().find("admin on 127.0.0.1:") != std::string::npos);
  CHECK(server.log().find("takes remote consoles only over TLS") != std::string::npos);
  if (const auto address = non_loopback_address()) {
    CHECK_FALSE(can_connect(*address, server.admin_port()));
    CHECK(can_connect(*address, server.port()));
  } else {
    MESSAGE("no non-loopback address here: only the announced binding is checked");
  }
}

TEST_CASE("--require-tls keeps the plaintext chat port on loopback") {
  TempDir dir;
  const auto certificate = make_test_certificate(dir.path(), "localhost");
  ConfabdProcess server(dir.file("chat.db"), {"--host", "0.0.0.0", "--require-tls", "--tls-cert",
                                              certificate.certificate_file, "--tls-key",
                                              certificate.key_file, "--tls-port", "0"});
  CHECK(server.log().find("listening on 127.0.0.1:") != std::string::npos);
  CHECK(server.log().find("tls on 0.0.0.0:") != std::string::npos);
  CHECK(server.log().find("admin on 0.0.0.0:") != std::string::npos);
  // Loopback clients (nc on the server's own machine) still get in.
  TestClient local(server.port());
  CHECK(is_ok(local.hello("local")));
  if (const auto address = non_loopback_address()) {
    CHECK_FALSE(can_connect(*address, server.port()));
    CHECK(can_connect(*address, server.tls_port()));
  }
}

TEST_CASE("a certificate that cannot be used stops confabd with the reason") {
  TempDir dir;
  const auto first = make_test_certificate(dir.path(), "localhost", "first");
  const auto second = make_test_certificate(dir.path(), "localhost", "second");
  CHECK_THROWS_WITH(ConfabdProcess(dir.file("chat.db"), {"--tls-cert", first.certificate_file,
                                                         "--tls-key", second.key_file}),
                    doctest::Contains("cannot use the key"));
}
