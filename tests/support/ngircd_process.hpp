#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>

namespace confab::test {

// ngIRCd (Debian's ngircd package), started on a free loopback port with a
// configuration of its own: the reference server confabd's IRC numerics are
// compared against. The constructor returns once it accepts connections.
class NgircdProcess {
 public:
  NgircdProcess(const std::string& dir, const std::string& server_name);
  ~NgircdProcess();
  NgircdProcess(const NgircdProcess&) = delete;
  NgircdProcess& operator=(const NgircdProcess&) = delete;

  std::uint16_t port() const { return port_; }

 private:
  pid_t pid_ = -1;
  std::uint16_t port_ = 0;
};

}  // namespace confab::test
