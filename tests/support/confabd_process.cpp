#include "tests/support/confabd_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <regex>
#include <sstream>
#include <stdexcept>

namespace confab::test {

ConfabdProcess::ConfabdProcess(const std::string& db_path, std::vector<std::string> extra_args,
                               ProcessLimits limits) {
  int pipe_fds[2];
  if (pipe2(pipe_fds, O_CLOEXEC) != 0) {
    throw std::runtime_error("pipe failed");
  }
  // Both ports are picked by the kernel so that servers of parallel tests never
  // collide; a test may still name its own (later flags win).
  std::vector<std::string> args{CONFABD_PATH, "--port", "0",    "--admin-port", "0",
                                "--irc-port", "0",      "--db", db_path};
  // With a certificate, IRC over TLS would take 6697.
  if (std::find(extra_args.begin(), extra_args.end(), "--tls-cert") != extra_args.end()) {
    args.insert(args.end(), {"--irc-tls-port", "0"});
  }
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  pid_ = fork();
  if (pid_ < 0) {
    throw std::runtime_error("fork failed");
  }
  if (pid_ == 0) {
    // A test that crashes must not leave servers behind.
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    dup2(pipe_fds[1], STDERR_FILENO);
    if (limits.open_files) {
      const rlimit open_files{static_cast<rlim_t>(*limits.open_files),
                              static_cast<rlim_t>(*limits.open_files)};
      setrlimit(RLIMIT_NOFILE, &open_files);
    }
    std::vector<char*> argv;
    for (auto& arg : args) {
      argv.push_back(arg.data());
    }
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(pipe_fds[1]);
  reader_ = std::thread([this, fd = pipe_fds[0]] { read_stderr(fd); });
  std::unique_lock<std::mutex> lock(mutex_);
  const std::regex listening(R"(listening on [^\s:]+:(\d+))");
  const std::regex admin(R"(admin on [^\s:]+:(\d+))");
  std::smatch match;
  std::smatch admin_match;
  const bool started = changed_.wait_for(lock, std::chrono::seconds(20), [&] {
    return (std::regex_search(log_, match, listening) &&
            std::regex_search(log_, admin_match, admin)) ||
           exited_;
  });
  if (!started || exited_) {
    lock.unlock();
    kill_hard();
    // The destructor does not run for a constructor that throws.
    reader_.join();
    throw std::runtime_error("confabd did not start:\n" + log_);
  }
  port_ = static_cast<std::uint16_t>(std::stoi(match[1].str()));
  admin_port_ = static_cast<std::uint16_t>(std::stoi(admin_match[1].str()));
  // Announced before the admin port, each at the start of a line.
  auto port_of = [this](const std::string& name) -> std::uint16_t {
    std::smatch found;
    const std::regex pattern("(^|\n)" + name + R"( on [^\s]+:(\d+))");
    return std::regex_search(log_, found, pattern)
               ? static_cast<std::uint16_t>(std::stoi(found[2].str()))
               : 0;
  };
  tls_port_ = port_of("tls");
  irc_port_ = port_of("irc");
  irc_tls_port_ = port_of("irc-tls");
}

ConfabdProcess::~ConfabdProcess() {
  kill_hard();
  if (reader_.joinable()) {
    reader_.join();
  }
}

void ConfabdProcess::read_stderr(int fd) {
  char buffer[4096];
  for (;;) {
    const auto n = read(fd, buffer, sizeof buffer);
    if (n <= 0) {
      break;
    }
    std::lock_guard<std::mutex> guard(mutex_);
    log_.append(buffer, static_cast<std::size_t>(n));
    changed_.notify_all();
  }
  close(fd);
  std::lock_guard<std::mutex> guard(mutex_);
  exited_ = true;
  changed_.notify_all();
}

std::optional<int> ConfabdProcess::reap(std::chrono::milliseconds deadline) {
  const auto until = std::chrono::steady_clock::now() + deadline;
  for (;;) {
    int status = 0;
    const auto result = waitpid(pid_, &status, WNOHANG);
    if (result == pid_) {
      pid_ = -1;
      if (WIFEXITED(status)) {
        return WEXITSTATUS(status);
      }
      return std::nullopt;
    }
    if (std::chrono::steady_clock::now() >= until) {
      return std::nullopt;
    }
    // waitpid has no timeout; the stderr pipe closing is the exit signal.
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait_for(lock, std::chrono::milliseconds(20), [&] { return exited_; });
  }
}

std::optional<int> ConfabdProcess::terminate(std::chrono::milliseconds deadline) {
  if (pid_ <= 0) {
    return std::nullopt;
  }
  ::kill(pid_, SIGTERM);
  auto code = reap(deadline);
  if (pid_ > 0) {
    kill_hard();
  }
  return code;
}

void ConfabdProcess::kill_hard() {
  if (pid_ <= 0) {
    return;
  }
  ::kill(pid_, SIGKILL);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
}

void ConfabdProcess::send_signal(int signal) {
  if (pid_ > 0) {
    ::kill(pid_, signal);
  }
}

long ConfabdProcess::rss_kib() const {
  std::ifstream status("/proc/" + std::to_string(pid_) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) {
      return std::stol(line.substr(6));
    }
  }
  return -1;
}

std::chrono::milliseconds ConfabdProcess::cpu_time() const {
  std::ifstream stat("/proc/" + std::to_string(pid_) + "/stat");
  std::string content((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
  // Fields after the command name, which is in parentheses and may hold spaces.
  std::istringstream fields(content.substr(content.rfind(')') + 2));
  std::string field;
  long user = 0;
  long system = 0;
  for (int index = 3; fields >> field; ++index) {
    if (index == 14) {
      user = std::stol(field);
    } else if (index == 15) {
      system = std::stol(field);
      break;
    }
  }
  const long ticks_per_second = sysconf(_SC_CLK_TCK);
  return std::chrono::milliseconds((user + system) * 1000 / ticks_per_second);
}

std::string ConfabdProcess::log() const {
  std::lock_guard<std::mutex> guard(mutex_);
  return log_;
}

bool ConfabdProcess::wait_for_log(const std::string& needle,
                                  std::chrono::milliseconds deadline) const {
  std::unique_lock<std::mutex> lock(mutex_);
  return changed_.wait_for(lock, deadline, [&] { return log_.find(needle) != std::string::npos; });
}

}  // namespace confab::test
