#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

namespace confab::net {

// Splits a byte stream into lines ended by "\n" (a preceding "\r" is dropped).
// Bytes arrive in arbitrary fragments. A line longer than the frame limit
// either ends the stream (reported once; the framer then refuses further
// input, because confab's protocol closes such a connection) or is skipped
// up to its end (IRC answers it with 417 and goes on).
class LineFramer {
 public:
  enum class Status { ok, too_large };
  enum class Overlong { close, skip };

  explicit LineFramer(std::size_t max_frame, Overlong overlong = Overlong::close)
      : max_frame_(max_frame), overlong_(overlong) {}

  // Calls on_line(std::string&&) for every complete line in order.
  template <class OnLine>
  Status feed(std::string_view bytes, OnLine&& on_line) {
    return feed(bytes, std::forward<OnLine>(on_line), [] {});
  }

  // The same, calling on_overlong() for each line skipped as too long.
  template <class OnLine, class OnOverlong>
  Status feed(std::string_view bytes, OnLine&& on_line, OnOverlong&& on_overlong) {
    if (overflowed_) {
      return Status::too_large;
    }
    while (!bytes.empty()) {
      if (skipping_) {
        const auto end = bytes.find('\n');
        if (end == std::string_view::npos) {
          return Status::ok;
        }
        bytes.remove_prefix(end + 1);
        skipping_ = false;
        continue;
      }
      const auto newline = bytes.find('\n');
      const auto chunk = bytes.substr(0, newline);
      // The terminator is not part of the frame; a trailing '\r' of a CRLF pair
      // may still be in the chunk, so allow one byte for it.
      if (pending_.size() + chunk.size() > max_frame_ + 1) {
        if (!overflow(on_overlong)) {
          return Status::too_large;
        }
        continue;
      }
      pending_.append(chunk);
      if (newline == std::string_view::npos) {
        if (pending_.size() > max_frame_ && pending_.back() != '\r') {
          if (!overflow(on_overlong)) {
            return Status::too_large;
          }
        }
        break;
      }
      if (!pending_.empty() && pending_.back() == '\r') {
        pending_.pop_back();
      }
      if (pending_.size() > max_frame_) {
        // Its end is here: nothing more of it to skip.
        if (!overflow(on_overlong)) {
          return Status::too_large;
        }
        skipping_ = false;
        bytes.remove_prefix(newline + 1);
        continue;
      }
      std::string line;
      line.swap(pending_);
      on_line(std::move(line));
      bytes.remove_prefix(newline + 1);
    }
    return Status::ok;
  }

  // Bytes received after the last complete line.
  std::size_t buffered() const { return pending_.size(); }

  bool overflowed() const { return overflowed_; }

 private:
  // The line being read is too long: false when that ends the stream,
  // true when the rest of the line is to be skipped.
  template <class OnOverlong>
  bool overflow(OnOverlong& on_overlong) {
    pending_.clear();
    if (overlong_ == Overlong::close) {
      overflowed_ = true;
      return false;
    }
    skipping_ = true;
    on_overlong();
    return true;
  }

  std::size_t max_frame_;
  Overlong overlong_;
  std::string pending_;
  bool overflowed_ = false;
  bool skipping_ = false;
};

}  // namespace confab::net
