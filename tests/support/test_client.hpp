#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "tests/support/client_stream.hpp"

namespace confab::test {

using Json = nlohmann::json;
using namespace std::chrono_literals;

// A blocking TCP client for tests: JSON frames or raw text lines, every wait
// bounded by a deadline. Frames that a wait passes over stay queued for the
// next wait, so events and replies can be checked in any order.
class TestClient {
 public:
  // Connects to 127.0.0.1:port from `source`, another loopback address
  // (127.0.0.2, ...) when a test needs clients the server tells apart.
  explicit TestClient(std::uint16_t port, const std::string& source = "127.0.0.1");
  // Over TLS, the server checked as `tls` says.
  TestClient(std::uint16_t port, const TlsClientOptions& tls);
  ~TestClient();
  TestClient(const TestClient&) = delete;
  TestClient& operator=(const TestClient&) = delete;

  void send_raw(std::string_view bytes);
  void send(const Json& frame);

  // Sends `frame` with a fresh id and returns the reply carrying that id.
  Json request(Json frame, std::chrono::milliseconds timeout = 10s);

  // hello; throws if it fails.
  Json hello(const std::string& nick, std::optional<std::string> password = std::nullopt);

  // The first queued or arriving frame that matches; nullopt at the deadline.
  std::optional<Json> wait_for(const std::function<bool(const Json&)>& match,
                               std::chrono::milliseconds timeout = 10s);
  std::optional<Json> wait_for_type(const std::string& type,
                                    std::chrono::milliseconds timeout = 10s);

  // Text mode: reads until `needle` appears; returns everything read so far.
  std::optional<std::string> wait_for_text(const std::string& needle,
                                           std::chrono::milliseconds timeout = 10s);

  // True once the server has closed the connection (EOF or reset).
  bool wait_closed(std::chrono::milliseconds timeout = 10s);

  // Frames received and not yet consumed by a wait.
  const std::deque<Json>& queued() const { return frames_; }
  void clear_queue() { frames_.clear(); }

  int fd() const { return stream_->fd(); }
  ClientStream& stream() { return *stream_; }

 private:
  // Reads once (up to the deadline); false on timeout or EOF.
  bool read_more(std::chrono::steady_clock::time_point deadline);

  std::unique_ptr<ClientStream> stream_;
  std::string buffer_;
  std::string text_;
  std::deque<Json> frames_;
  std::int64_t next_id_ = 1;
};

}  // namespace confab::test
