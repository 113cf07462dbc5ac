#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace confab::net {

// Splits a byte stream into lines ended by "\n" (a preceding "\r" is dropped).
// Bytes arrive in arbitrary fragments; a line longer than the frame limit is
// reported once and the framer then refuses further input, because the
// protocol closes such a connection.
class LineFramer {
 public:
  enum class Status { ok, too_large };

  explicit LineFramer(std::size_t max_frame) : max_frame_(max_frame) {}

  // Calls on_line(std::string&&) for every complete line in order.
  template <class OnLine>
  Status feed(std::string_view bytes, OnLine&& on_line) {
    if (overflowed_) {
      return Status::too_large;
    }
    while (!bytes.empty()) {
      const auto newline = bytes.find('\n');
      const auto chunk = bytes.substr(0, newline);
      // The terminator is not part of the frame; a trailing '\r' of a CRLF pair
      // may still be in the chunk, so allow one byte for it.
      if (pending_.size() + chunk.size() > max_frame_ + 1) {
        overflowed_ = true;
        pending_.clear();
        return Status::too_large;
      }
      pending_.append(chunk);
      if (newline == std::string_view::npos) {
        if (pending_.size() > max_frame_ && pending_.back() != '\r') {
          overflowed_ = true;
          pending_.clear();
          return Status::too_large;
        }
        break;
      }
      if (!pending_.empty() && pending_.back() == '\r') {
        pending_.pop_back();
      }
      if (pending_.size() > max_frame_) {
        overflowed_ = true;
        pending_.clear();
        return Status::too_large;
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
  std::size_t max_frame_;
  std::string pending_;
  bool overflowed_ = false;
};

}  // namespace confab::net
