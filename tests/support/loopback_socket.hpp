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

// A loopback port nothing listens on now, for servers that cannot bind
// port 0 and say which they got (or must come back on the same one).
std::uint16_t free_loopback_port();

// Whether something accepts connections on 127.0.0.1:port.
bool accepts_on_loopback(std::uint16_t port);

}  // namespace confab::test
