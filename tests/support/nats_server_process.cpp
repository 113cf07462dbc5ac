#include "tests/support/nats_server_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <stdexcept>
#include <thread>

#include "tests/support/loopback_socket.hpp"

namespace confab::test {

NatsServerProcess::NatsServerProcess(std::string dir, bool jetstream)
    : dir_(std::move(dir)), jetstream_(jetstream), port_(free_loopback_port()) {
  start();
}

NatsServerProcess::~NatsServerProcess() {
  stop();
}

std::string NatsServerProcess::url() const {
  return "nats://127.0.0.1:" + std::to_string(port_);
}

void NatsServerProcess::start() {
  const auto port = std::to_string(port_);
  const auto store = dir_ + "/jetstream";
  pid_ = fork();
  if (pid_ < 0) {
    throw std::runtime_error("fork failed");
  }
  if (pid_ == 0) {
    const int log =
        ::open((dir_ + "/nats-server.log").c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
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
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!accepts_on_loopback(port_)) {
    if (std::chrono::steady_clock::now() > deadline || waitpid(pid_, nullptr, WNOHANG) == pid_) {
      pid_ = -1;
      throw std::runtime_error("nats-server did not start; is the nats-server package installed?");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
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
  start();
}

}  // namespace confab::test
