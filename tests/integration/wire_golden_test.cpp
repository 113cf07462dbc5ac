// The wire bytes of every reply and event, pinned per dialect: the golden
// transcripts in tests/golden/ are conversations with the real confabd, and
// any byte that changes fails here with both sides shown.
#include <map>
#include <memory>
#include <sstream>

#include "tests/integration/server_fixture.hpp"
#include "tests/support/raw_connection.hpp"
#include "tests/support/test_certificate.hpp"
#include "tests/support/transcript.hpp"

using namespace confab::test;

namespace {

constexpr auto kWait = std::chrono::seconds(10);

std::vector<std::string> server_arguments(const std::vector<TranscriptStep>& steps) {
  std::vector<std::string> args;
  if (!steps.empty() && steps.front().verb == "server") {
    std::istringstream words(steps.front().client + " " + steps.front().bytes);
    for (std::string word; words >> word;) {
      args.push_back(word);
    }
  }
  return args;
}

// What the received bytes must show: complete lines compared with their
// volatile parts normalised, so a partly received line is never judged.
std::string comparable(const std::string& received) {
  const auto complete = received.rfind('\n');
  if (complete == std::string::npos) {
    return received;
  }
  return normalise_volatile(std::string_view(received).substr(0, complete + 1)) +
         received.substr(complete + 1);
}

enum class Transport { plain, tls };

// Plays a transcript against a fresh server. Over TLS every client, admin
// consoles included, speaks TLS, and every byte must still be the same.
void play(const std::string& name, Transport transport = Transport::plain) {
  const auto steps = read_transcript(std::string(CONFAB_GOLDEN_DIR) + "/" + name);
  TempDir dir;
  auto args = server_arguments(steps);
  std::optional<TlsClientOptions> tls;
  if (transport == Transport::tls) {
    const auto certificate = make_test_certificate(dir.path(), "localhost");
    args.insert(args.end(), {"--tls-cert", certificate.certificate_file, "--tls-key",
                             certificate.key_file, "--tls-port", "0"});
    tls = TlsClientOptions{certificate.certificate_file};
  }
  ConfabdProcess server(dir.file("chat.db"), args);
  std::map<std::string, std::unique_ptr<RawConnection>> clients;
  auto client = [&](const TranscriptStep& step) -> RawConnection& {
    auto it = clients.find(step.client);
    REQUIRE_MESSAGE(it != clients.end(), name, ":", step.line, ": no client ", step.client);
    return *it->second;
  };
  for (const auto& step : steps) {
    INFO(name, ":", step.line, " ", step.verb, " ", step.client);
    if (step.verb == "server") {
      continue;
    }
    if (step.verb == "connect" || step.verb == "admin") {
      const auto port = step.verb == "admin" ? server.admin_port()
                        : tls                ? server.tls_port()
                                             : server.port();
      clients[step.client] =
          tls ? std::make_unique<RawConnection>(port, *tls) : std::make_unique<RawConnection>(port);
    } else if (step.verb == "send") {
      client(step).send(step.bytes);
    } else if (step.verb == "recv") {
      auto& connection = client(step);
      const auto expected = normalise_volatile(step.bytes);
      connection.read_until(
          [&](const std::string& received) {
            return comparable(received).size() >= expected.size();
          },
          kWait);
      const auto received = comparable(connection.buffer());
      const auto got = received.substr(0, expected.size());
      CHECK_MESSAGE(got == expected, "expected: ", escape_bytes(expected),
                    "\n     got: ", escape_bytes(received));
      if (got != expected) {
        return;
      }
      // Volatile parts may differ in length, so the original bytes to drop
      // are counted line by line.
      auto& buffer = connection.buffer();
      std::size_t consumed = 0;
      std::size_t matched = 0;
      while (matched < expected.size()) {
        const auto end = buffer.find('\n', consumed);
        const auto next = end == std::string::npos ? buffer.size() : end + 1;
        matched +=
            normalise_volatile(std::string_view(buffer).substr(consumed, next - consumed)).size();
        consumed = next;
      }
      buffer.erase(0, consumed);
    } else if (step.verb == "closed") {
      auto& connection = client(step);
      CHECK(connection.wait_closed(kWait));
      CHECK_MESSAGE(connection.buffer().empty(), "unexpected: ", escape_bytes(connection.buffer()));
    } else if (step.verb == "terminate") {
      CHECK(server.terminate() == 0);
    } else {
      FAIL(name, ":", step.line, ": unknown step ", step.verb);
    }
  }
  for (auto& [client_name, connection] : clients) {
    CHECK_MESSAGE(connection->buffer().empty(), client_name,
                  " received more: ", escape_bytes(connection->buffer()));
  }
}

}  // namespace

TEST_CASE("golden: JSON replies and events") {
  play("json.transcript");
}

TEST_CASE("golden: text-mode replies and events") {
  play("text.transcript");
}

TEST_CASE("golden: timeouts and rate limits in both dialects") {
  play("limits.transcript");
}

TEST_CASE("golden: events crossing dialects, admin actions and shutdown") {
  play("mixed.transcript");
}

TEST_CASE("golden over TLS: JSON replies and events, byte for byte") {
  play("json.transcript", Transport::tls);
}

TEST_CASE("golden over TLS: text-mode replies and events, byte for byte") {
  play("text.transcript", Transport::tls);
}

TEST_CASE("golden over TLS: timeouts and rate limits in both dialects") {
  play("limits.transcript", Transport::tls);
}

TEST_CASE("golden over TLS: events crossing dialects, admin actions and shutdown") {
  play("mixed.transcript", Transport::tls);
}
