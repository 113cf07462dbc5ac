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
  return std::chrono::steady_clock::now() < deadline && stream_->read_into(buffer_, deadline);
}

bool RawConnection::wait_closed(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!stream_->closed()) {
    if (!read_more(deadline) && !stream_->closed()) {
      return false;
    }
  }
  return true;
}

}  // namespace confab::test
