#include "tests/support/nats_server_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "tests/support/loopback_socket.hpp"

namespace confab::test {
namespace {

// A port picked free may be taken by another process (a confabd of a test
// running alongside binding port 0) before nats-server binds it: that
// server then exits, and a new port is tried.
constexpr int kPortAttempts = 5;

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

NatsServerProcess::NatsServerProcess(std::string dir, bool jetstream)
    : dir_(std::move(dir)), jetstream_(jetstream) {
  for (int attempt = 1;; ++attempt) {
    port_ = free_loopback_port();
    if (start() || attempt == kPortAttempts) {
      break;
    }
  }
  if (pid_ < 0) {
    throw std::runtime_error("nats-server did not start; is the nats-server package installed?\n" +
                             read_file(log_path()));
  }
}

NatsServerProcess::~NatsServerProcess() {
  stop();
}

std::string NatsServerProcess::url() const {
  return "nats://127.0.0.1:" + std::to_string(port_);
}

std::string NatsServerProcess::log_path() const {
  return dir_ + "/nats-server.log";
}

bool NatsServerProcess::start() {
  const auto port = std::to_string(port_);
  const auto store = dir_ + "/jetstream";
  // The log is appended to across restarts: only what comes after counts.
  const auto logged_before = read_file(log_path()).size();
  pid_ = fork();
  if (pid_ < 0) {
    throw std::runtime_error("fork failed");
  }
  if (pid_ == 0) {
    const int log = ::open(log_path().c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
    dup2(log, STDOUT_FILENO);
    dup2(log, STDERR_FILENO);
    if (jetstream_) {
      execlp("nats-server", "nats-server", "-a", "127.0.0.1", "-p", port.c_str(), "-js", "-sd",
             store.c_str(), static_cast<char*>(nullptr));
    } else {
      execlp("nats-server", "nats-server", "-a", "127.0.0.1", "-p", port.c_str(),
             static_cast<char*>(nullptr));
    }
    _exit(127);
  }
  // Ready when it says so: something else may be accepting on the port.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (read_file(log_path()).find("Server is ready", logged_before) == std::string::npos) {
    if (waitpid(pid_, nullptr, WNOHANG) == pid_) {
      pid_ = -1;
      return false;
    }
    if (std::chrono::steady_clock::now() > deadline) {
      stop();
      return false;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return true;
}

void NatsServerProcess::stop() {
  if (pid_ > 0) {
    ::kill(pid_, SIGTERM);
    waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }
}

void NatsServerProcess::restart() {
  stop();
  // The same port, as an operator's restart; another process may hold it
  // for a moment, so a few tries.
  for (int attempt = 1; !start(); ++attempt) {
    if (attempt == kPortAttempts) {
      throw std::runtime_error("nats-server did not come back on port " + std::to_string(port_) +
                               "\n" + read_file(log_path()));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
}

}  // namespace confab::test
