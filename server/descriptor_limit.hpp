#pragma once

#include <cstddef>

namespace confab {

// Descriptors confabd needs besides its connections: the database and its
// WAL and shared memory, the log, CAF's epoll and wake-up pipes, the
// listeners, and the one a refused client is accepted on to be told why.
inline constexpr std::size_t kReservedDescriptors = 64;

// Raises the soft limit on open files to the hard one (systemd and shells
// often start services with a soft limit of 1024 under a far higher hard
// one) and returns the limit now in force.
std::size_t raise_descriptor_limit();

}  // namespace confab
