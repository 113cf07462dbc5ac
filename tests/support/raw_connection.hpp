#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "tests/support/client_stream.hpp"

namespace confab::test {

// A TCP client that keeps every byte it receives as it came, for tests that
// pin the wire format itself.
class RawConnection {
 public:
  explicit RawConnection(std::uint16_t port);
  RawConnection(std::uint16_t port, const TlsClientOptions& tls);
  ~RawConnection();
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  void send(std::string_view bytes);

  // Reads until `enough` holds for what is buffered or the deadline passes;
  // returns whether it held. EOF ends the wait early.
  template <class Predicate>
  bool read_until(Predicate enough, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!enough(buffer_)) {
      if (!read_more(deadline)) {
        return enough(buffer_);
      }
    }
    return true;
  }

  // True once the server has closed the connection.
  bool wait_closed(std::chrono::milliseconds timeout);

  std::string& buffer() { return buffer_; }

 private:
  bool read_more(std::chrono::steady_clock::time_point deadline);

  std::unique_ptr<ClientStream> stream_;
  std::string buffer_;
};

}  // namespace confab::test
