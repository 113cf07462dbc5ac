#include "tests/support/raw_connection.hpp"

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

#include "tests/support/loopback_socket.hpp"

namespace confab::test {

RawConnection::RawConnection(std::uint16_t port) : fd_(connect_loopback(port)) {}

RawConnection::~RawConnection() {
  close(fd_);
}

void RawConnection::send(std::string_view bytes) {
  send_all(fd_, bytes);
}

bool RawConnection::read_more(std::chrono::steady_clock::time_point deadline) {
  if (closed_) {
    return false;
  }
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
      deadline - std::chrono::steady_clock::now());
  if (left.count() <= 0) {
    return false;
  }
  pollfd ready{fd_, POLLIN, 0};
  const int polled = poll(&ready, 1, static_cast<int>(left.count()));
  if (polled <= 0) {
    return polled < 0 && errno == EINTR;
  }
  char chunk[65536];
  const auto n = recv(fd_, chunk, sizeof chunk, 0);
  if (n <= 0) {
    if (n < 0 && errno == EINTR) {
      return true;
    }
    closed_ = true;
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
