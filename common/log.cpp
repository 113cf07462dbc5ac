#include "common/log.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <iostream>
#include <stdexcept>

#include "net/control_characters.hpp"
#include "net/timestamp.hpp"

namespace confab {

std::string_view to_string(LogLevel level) {
  switch (level) {
    case LogLevel::debug:
      return "debug";
    case LogLevel::info:
      return "info";
    case LogLevel::warn:
      return "warn";
    case LogLevel::error:
      return "error";
  }
  return "info";
}

void Log::open_file(const std::string& path) {
  std::lock_guard<std::mutex> guard(mutex_);
  // Logs name users and addresses: readable by the server's owner only
  // (a file that already exists keeps its mode).
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd >= 0) {
    ::close(fd);
  }
  file_.open(path, std::ios::app);
  if (!file_) {
    throw std::runtime_error("cannot open log file " + path);
  }
}

bool Log::admit(LogLevel level, std::string_view kind) {
  std::lock_guard<std::mutex> guard(flood_mutex_);
  auto it = floods_.find(kind);
  if (it == floods_.end()) {
    it = floods_.emplace(std::string(kind), FloodCount{}).first;
  }
  auto& count = it->second;
  const auto now = Clock::now();
  if (now - count.window_start >= std::chrono::seconds(1)) {
    summarize(it->first, count);
    count.window_start = now;
    count.written = 0;
  }
  count.level = level;
  if (count.written < kFloodBurst) {
    ++count.written;
    return true;
  }
  ++count.suppressed;
  return false;
}

void Log::summarize(const std::string& kind, FloodCount& count) {
  if (count.suppressed == 0) {
    return;
  }
  // Called under flood_mutex_; write() takes only mutex_.
  write(count.level, "... and " + std::to_string(count.suppressed) + " more \"" + kind +
                         "\" lines in that second, not written");
  count.suppressed = 0;
}

void Log::flush_suppressed() {
  std::lock_guard<std::mutex> guard(flood_mutex_);
  const auto now = Clock::now();
  for (auto& [kind, count] : floods_) {
    if (now - count.window_start >= std::chrono::seconds(1)) {
      summarize(kind, count);
    }
  }
}

void Log::set_listener(Listener listener) {
  std::lock_guard<std::mutex> guard(mutex_);
  listener_ = std::move(listener);
}

void Log::write(LogLevel level, std::string_view raw_text) {
  // Log lines quote what clients sent; one entry stays one line, and nothing
  // in it reaches the terminal of whoever reads the log as a control.
  const auto text = net::escape_control_characters(raw_text);
  const auto ts = net::now_timestamp();
  std::string line;
  line.reserve(ts.size() + text.size() + 10);
  line.append(ts).append(" ").append(to_string(level)).append(" ").append(text).append("\n");
  std::lock_guard<std::mutex> guard(mutex_);
  std::cerr << line << std::flush;
  if (file_.is_open()) {
    file_ << line << std::flush;
  }
  if (listener_) {
    listener_(ts, level, text);
  }
}

}  // namespace confab
