#pragma once

#include <chrono>
#include <fstream>
#include <functional>
#include <map>
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

  // Lines a client can make the server write (refused connections, failed
  // logins, every connect): a flood would repeat them thousands of times a
  // second. Of each `kind`, at most kFloodBurst a second are written; the
  // rest are counted and summed up in one line when their second is over.
  static constexpr int kFloodBurst = 20;
  template <class... Ts>
  void flood(LogLevel level, std::string_view kind, Ts&&... parts) {
    if (level >= threshold_ && admit(level, kind)) {
      emit(level, std::forward<Ts>(parts)...);
    }
  }
  // Writes the summaries whose second is over; called once a second.
  void flush_suppressed();

 private:
  using Clock = std::chrono::steady_clock;
  struct FloodCount {
    Clock::time_point window_start{};
    int written = 0;
    int suppressed = 0;
    LogLevel level = LogLevel::info;
  };

  // Whether a line of `kind` may be written now; counts it if not.
  bool admit(LogLevel level, std::string_view kind);
  void summarize(const std::string& kind, FloodCount& count);

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
  std::mutex flood_mutex_;
  std::map<std::string, FloodCount, std::less<>> floods_;
  std::mutex mutex_;
  std::ofstream file_;
  Listener listener_;
};

}  // namespace confab
