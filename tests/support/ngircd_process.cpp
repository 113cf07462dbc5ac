#include "tests/support/ngircd_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <stdexcept>
#include <thread>

#include "tests/support/loopback_socket.hpp"

namespace confab::test {

NgircdProcess::NgircdProcess(const std::string& dir, const std::string& server_name)
    : port_(free_loopback_port()) {
  const auto config = dir + "/ngircd.conf";
  {
    std::ofstream out(config);
    out << "[Global]\nName = " << server_name << "\nInfo = reference server\n"
        << "Listen = 127.0.0.1\nPorts = " << port_
        << "\n"
        // Started as root in CI: ngIRCd then drops to nobody.
        << "ServerUID = 65534\nServerGID = 65534\n"
        << "[Limits]\nMaxNickLength = 32\nPingTimeout = 120\nPongTimeout = 60\n"
        << "[Options]\nPAM = no\nIdent = no\nDNS = no\n";
  }
  pid_ = fork();
  if (pid_ < 0) {
    throw std::runtime_error("fork failed");
  }
  if (pid_ == 0) {
    const int log = ::open((dir + "/ngircd.log").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(log, STDOUT_FILENO);
    dup2(log, STDERR_FILENO);
    execlp("ngircd", "ngircd", "--nodaemon", "--config", config.c_str(),
           static_cast<char*>(nullptr));
    _exit(127);
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!accepts_on_loopback(port_)) {
    if (std::chrono::steady_clock::now() > deadline || waitpid(pid_, nullptr, WNOHANG) == pid_) {
      throw std::runtime_error("ngircd did not start; is the ngircd package installed?");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

NgircdProcess::~NgircdProcess() {
  if (pid_ > 0) {
    ::kill(pid_, SIGTERM);
    waitpid(pid_, nullptr, 0);
  }
}

}  // namespace confab::test
