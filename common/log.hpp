#pragma once

#include <fstream>
#include <functional>
#include <mutex>
#include <sstream>
#include <string>
#include <string_view>

namespace confab {

enum class LogLevel { debug, info, warn, error };

std::string_view to_string(LogLevel level);

// The server log: one line per event with a UTC timestamp and level, to
// stderr and optionally a file. Called from any actor's thread; the mutex only
// orders whole lines. A listener sees every line (the admin console follows
// the log through it).
class Log {
 public:
  using Listener = std::function<void(std::string_view ts, LogLevel, std::string_view text)>;

  explicit Log(LogLevel threshold = LogLevel::info) : threshold_(threshold) {}

  // Throws std::runtime_error when the file cannot be opened for appending.
  void open_file(const std::string& path);
  void set_listener(Listener listener);
  void set_threshold(LogLevel level) { threshold_ = level; }

  void write(LogLevel level, std::string_view text);

  template <class... Ts>
  void info(Ts&&... parts) {
    emit(LogLevel::info, std::forward<Ts>(parts)...);
  }
  template <class... Ts>
  void warn(Ts&&... parts) {
    emit(LogLevel::warn, std::forward<Ts>(parts)...);
  }
  template <class... Ts>
  void error(Ts&&... parts) {
    emit(LogLevel::error, std::forward<Ts>(parts)...);
  }
  template <class... Ts>
  void debug(Ts&&... parts) {
    emit(LogLevel::debug, std::forward<Ts>(parts)...);
  }

 private:
  template <class... Ts>
  void emit(LogLevel level, Ts&&... parts) {
    if (level < threshold_) {
      return;
    }
    std::ostringstream text;
    (text << ... << parts);
    write(level, text.str());
  }

  LogLevel threshold_;
  std::mutex mutex_;
  std::ofstream file_;
  Listener listener_;
};

}  // namespace confab
