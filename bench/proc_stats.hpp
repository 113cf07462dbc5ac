#pragma once

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

// What the benchmark tools read about the server process from /proc.
namespace confab::bench {

// A /proc/PID/status field in KiB (VmRSS, VmHWM, ...), -1 when unreadable.
inline long status_kib(int pid, const std::string& field) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind(field + ":", 0) == 0) {
      return std::stol(line.substr(field.size() + 1));
    }
  }
  return -1;
}

// User plus system CPU seconds from a /proc stat file (a process's or a
// thread's).
inline double stat_cpu_seconds(const std::string& path) {
  std::ifstream stat(path);
  std::string line;
  std::getline(stat, line);
  const auto close = line.rfind(')');
  if (close == std::string::npos) {
    return 0;
  }
  std::istringstream fields(line.substr(close + 2));
  std::string skip;
  for (int i = 0; i < 11; ++i) {
    fields >> skip;
  }
  double utime = 0;
  double stime = 0;
  fields >> utime >> stime;
  return (utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

inline double process_cpu_seconds(int pid) {
  return stat_cpu_seconds("/proc/" + std::to_string(pid) + "/stat");
}

// CPU seconds of a process's threads, summed by thread name (confabd names
// its storage, search and hashing threads; CAF's are caf.multiplexer,
// caf.actor and caf.clock).
inline std::map<std::string, double> thread_cpu_seconds(int pid) {
  std::map<std::string, double> by_name;
  std::error_code error;
  for (const auto& task :
       std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/task", error)) {
    std::ifstream comm(task.path() / "comm");
    std::string name;
    std::getline(comm, name);
    by_name[name] += stat_cpu_seconds(task.path() / "stat");
  }
  return by_name;
}

// The same, summed over the processes that serve together (a cluster's
// nodes and its NATS server).
inline long status_kib(const std::vector<int>& pids, const std::string& field) {
  long total = 0;
  for (const int pid : pids) {
    total += std::max(0L, status_kib(pid, field));
  }
  return total;
}

inline double process_cpu_seconds(const std::vector<int>& pids) {
  double total = 0;
  for (const int pid : pids) {
    total += process_cpu_seconds(pid);
  }
  return total;
}

inline std::map<std::string, double> thread_cpu_seconds(const std::vector<int>& pids) {
  std::map<std::string, double> by_name;
  for (const int pid : pids) {
    for (const auto& [name, seconds] : thread_cpu_seconds(pid)) {
      by_name[name] += seconds;
    }
  }
  return by_name;
}

}  // namespace confab::bench
