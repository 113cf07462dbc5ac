#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace confab::test {

// A TCP socket connected to 127.0.0.1:port (TCP_NODELAY), bound first to
// `source` when it is not empty; throws when it cannot be had.
int connect_loopback(std::uint16_t port, const std::string& source = {});

// Writes all of `bytes`; throws when the peer is gone.
void send_all(int fd, std::string_view bytes);

}  // namespace confab::test
