#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>

namespace confab::test {

// A real nats-server (Debian's nats-server package) with JetStream, on a
// free loopback port and a storage directory of the test's; the
// constructor returns once it accepts connections. restart() brings it
// back on the same port, as an operator's restart would.
class NatsServerProcess {
 public:
  // Without JetStream when `jetstream` is false (an operator's mistake).
  explicit NatsServerProcess(std::string dir, bool jetstream = true);
  ~NatsServerProcess();
  NatsServerProcess(const NatsServerProcess&) = delete;
  NatsServerProcess& operator=(const NatsServerProcess&) = delete;

  std::string url() const;
  void stop();
  void restart();

 private:
  // Whether it came up (false: it exited, e.g. its port was taken).
  bool start();
  std::string log_path() const;

  std::string dir_;
  bool jetstream_ = true;
  pid_t pid_ = -1;
  std::uint16_t port_ = 0;
};

}  // namespace confab::test
