#pragma once

#include <sys/types.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace confab::test {

// Resource limits the server is started under (setrlimit in the child, soft
// and hard alike, so confabd cannot raise them).
struct ProcessLimits {
  std::optional<long> open_files;
};

// The real confabd binary, started with --port 0 on a database of the test's
// choosing. Its stderr is collected on a thread so the server never blocks
// on a full pipe; the constructor returns once it has printed its port.
class ConfabdProcess {
 public:
  ConfabdProcess(const std::string& db_path, std::vector<std::string> extra_args = {},
                 ProcessLimits limits = {});
  ~ConfabdProcess();
  ConfabdProcess(const ConfabdProcess&) = delete;
  ConfabdProcess& operator=(const ConfabdProcess&) = delete;

  std::uint16_t port() const { return port_; }
  std::uint16_t admin_port() const { return admin_port_; }
  // The TLS chat port; 0 when the server has none.
  std::uint16_t tls_port() const { return tls_port_; }
  // The IRC ports; 0 when the server has none.
  std::uint16_t irc_port() const { return irc_port_; }
  std::uint16_t irc_tls_port() const { return irc_tls_port_; }
  pid_t pid() const { return pid_; }

  // SIGTERM, then waits; returns the exit code, or nullopt if it did not exit
  // in time (it is then killed) or died by a signal.
  std::optional<int> terminate(std::chrono::milliseconds deadline = std::chrono::seconds(10));
  void kill_hard();
  // Sends `signal` (SIGHUP: re-read the certificate) and returns at once.
  void send_signal(int signal);

  // Resident memory from /proc, in KiB.
  long rss_kib() const;
  // CPU time used so far (user + system), from /proc.
  std::chrono::milliseconds cpu_time() const;

  // Everything the server wrote to stderr so far.
  std::string log() const;
  bool wait_for_log(const std::string& needle,
                    std::chrono::milliseconds deadline = std::chrono::seconds(10)) const;

 private:
  void read_stderr(int fd);
  std::optional<int> reap(std::chrono::milliseconds deadline);

  pid_t pid_ = -1;
  std::uint16_t port_ = 0;
  std::uint16_t admin_port_ = 0;
  std::uint16_t tls_port_ = 0;
  std::uint16_t irc_port_ = 0;
  std::uint16_t irc_tls_port_ = 0;
  std::thread reader_;
  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  std::string log_;
  bool exited_ = false;
};

}  // namespace confab::test
