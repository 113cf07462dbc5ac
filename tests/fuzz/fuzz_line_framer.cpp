// libFuzzer target: the line framer. Whatever the bytes and however they are
// split into reads, it yields the same lines, none over the limit, and once
// it reports an oversized line it takes nothing more; in skip mode (IRC) it
// yields the same lines and the same count of skipped ones, and goes on.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "net/line_framer.hpp"

namespace {

constexpr std::size_t kMaxFrame = 256;

struct Outcome {
  std::vector<std::string> lines;
  bool too_large = false;
};

Outcome frame(std::string_view bytes, std::size_t split_every) {
  confab::net::LineFramer framer(kMaxFrame);
  Outcome outcome;
  for (std::size_t at = 0; at < bytes.size() && !outcome.too_large; at += split_every) {
    const auto status = framer.feed(bytes.substr(at, split_every),
                                    [&](std::string&& line) { outcome.lines.push_back(line); });
    outcome.too_large = status == confab::net::LineFramer::Status::too_large;
  }
  return outcome;
}

struct Skipped {
  std::vector<std::string> lines;
  int overlong = 0;
};

Skipped frame_skipping(std::string_view bytes, std::size_t split_every) {
  confab::net::LineFramer framer(kMaxFrame, confab::net::LineFramer::Overlong::skip);
  Skipped outcome;
  for (std::size_t at = 0; at < bytes.size(); at += split_every) {
    const auto status = framer.feed(
        bytes.substr(at, split_every), [&](std::string&& line) { outcome.lines.push_back(line); },
        [&] { ++outcome.overlong; });
    if (status != confab::net::LineFramer::Status::ok) {
      std::abort();
    }
  }
  return outcome;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) {
    return 0;
  }
  // The first byte chooses how the rest is split into reads.
  const std::size_t split = 1 + data[0] % 17;
  const std::string_view bytes(reinterpret_cast<const char*>(data + 1), size - 1);
  const auto whole = frame(bytes, bytes.size() + 1);
  const auto pieces = frame(bytes, split);
  if (whole.too_large != pieces.too_large) {
    std::abort();
  }
  // Lines before an oversized one are delivered however the bytes arrive.
  const auto& shorter = whole.lines.size() < pieces.lines.size() ? whole.lines : pieces.lines;
  const auto& longer = whole.lines.size() < pieces.lines.size() ? pieces.lines : whole.lines;
  if (!whole.too_large && whole.lines != pieces.lines) {
    std::abort();
  }
  for (std::size_t i = 0; i < shorter.size(); ++i) {
    if (shorter[i] != longer[i]) {
      std::abort();
    }
  }
  for (const auto& line : pieces.lines) {
    if (line.size() > kMaxFrame || line.find('\n') != std::string::npos) {
      std::abort();
    }
  }
  const auto skipped_whole = frame_skipping(bytes, bytes.size() + 1);
  const auto skipped_pieces = frame_skipping(bytes, split);
  if (skipped_whole.lines != skipped_pieces.lines ||
      skipped_whole.overlong != skipped_pieces.overlong) {
    std::abort();
  }
  // Up to the first overlong line, skipping and closing agree.
  for (std::size_t i = 0; i < whole.lines.size(); ++i) {
    if (i >= skipped_whole.lines.size() || skipped_whole.lines[i] != whole.lines[i]) {
      std::abort();
    }
  }
  for (const auto& line : skipped_pieces.lines) {
    if (line.size() > kMaxFrame || line.find('\n') != std::string::npos) {
      std::abort();
    }
  }
  return 0;
}
