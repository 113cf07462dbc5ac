#include "tests/support/raw_connection.hpp"

namespace confab::test {

RawConnection::RawConnection(std::uint16_t port) : stream_(std::make_unique<ClientStream>(port)) {}

RawConnection::RawConnection(std::uint16_t port, const TlsClientOptions& tls)
    : stream_(std::make_unique<ClientStream>(port, tls)) {}

RawConnection::~RawConnection() = default;

void RawConnection::send(std::string_view bytes) {
  stream_->send(bytes);
}

bool RawConnection::read_more(std::chrono::steady_clock::time_point deadline) {
  if (closed_ || std::chrono::steady_clock::now() >= deadline) {
    return false;
  }
  char chunk[65536];
  const auto n = stream_->receive(chunk, sizeof chunk, deadline);
  if (n < 0) {
    closed_ = true;
  }
  if (n <= 0) {
    return false;
  }
  buffer_.append(chunk, static_cast<std::size_t>(n));
  return true;
}

bool RawConnection::wait_closed(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!closed_) {
    if (!read_more(deadline) && !closed_) {
      return false;
    }
  }
  return true;
}

}  // namespace confab::test
