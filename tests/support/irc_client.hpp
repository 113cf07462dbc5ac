#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "net/irc_message.hpp"
#include "tests/support/client_stream.hpp"

namespace confab::test {

using namespace std::chrono_literals;

// An IRC client for tests, speaking raw lines: every wait is bounded, and
// messages a wait passes over stay queued for the next one.
class IrcClient {
 public:
  explicit IrcClient(std::uint16_t port);
  IrcClient(std::uint16_t port, const TlsClientOptions& tls);

  // One line; CR LF is added.
  void send(std::string_view line);

  std::optional<net::IrcMessage> wait_for(const std::function<bool(const net::IrcMessage&)>& match,
                                          std::chrono::milliseconds timeout = 10s);
  // The first message with this command (or numeric).
  std::optional<net::IrcMessage> wait_for(std::string_view command,
                                          std::chrono::milliseconds timeout = 10s);

  // NICK and USER, then waits for 001; throws when it does not come.
  void register_as(const std::string& nick);

  bool wait_closed(std::chrono::milliseconds timeout = 10s);
  // Every line received so far, as it came.
  const std::string& transcript() const { return transcript_; }
  std::deque<net::IrcMessage>& queued() { return messages_; }

 private:
  bool read_more(std::chrono::steady_clock::time_point deadline);

  std::unique_ptr<ClientStream> stream_;
  std::string buffer_;
  std::string transcript_;
  std::deque<net::IrcMessage> messages_;
};

}  // namespace confab::test
