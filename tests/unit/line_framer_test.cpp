#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "net/line_framer.hpp"

using confab::net::LineFramer;

namespace {

struct Fed {
  std::vector<std::string> lines;
  LineFramer::Status status = LineFramer::Status::ok;
};

Fed feed_in_fragments(const std::string& input, std::size_t fragment, std::size_t max_frame) {
  LineFramer framer(max_frame);
  Fed fed;
  for (std::size_t at = 0; at < input.size() && fed.status == LineFramer::Status::ok;
       at += fragment) {
    fed.status = framer.feed(std::string_view(input).substr(at, fragment),
                             [&](std::string&& line) { fed.lines.push_back(std::move(line)); });
  }
  return fed;
}

}  // namespace

TEST_CASE("lines survive any fragmentation, with LF or CRLF") {
  const std::string input = "{\"op\":\"ping\"}\r\nhello world\n\nlast line\r\n";
  for (std::size_t fragment : {1u, 2u, 5u, 100u}) {
    CAPTURE(fragment);
    auto fed = feed_in_fragments(input, fragment, 1024);
    CHECK(fed.status == LineFramer::Status::ok);
    CHECK(fed.lines ==
          std::vector<std::string>{"{\"op\":\"ping\"}", "hello world", "", "last line"});
  }
}

TEST_CASE("a partial line waits for its terminator") {
  LineFramer framer(1024);
  std::vector<std::string> lines;
  auto collect = [&](std::string&& line) { lines.push_back(line); };
  framer.feed("abc", collect);
  CHECK(lines.empty());
  CHECK(framer.buffered() == 3);
  framer.feed("def\nxy", collect);
  CHECK(lines == std::vector<std::string>{"abcdef"});
  CHECK(framer.buffered() == 2);
}

TEST_CASE("a line of exactly the limit passes, one byte more is too large") {
  const std::string exact(64, 'a');
  for (std::size_t fragment : {1u, 2u, 5u, 100u}) {
    CAPTURE(fragment);
    auto fed = feed_in_fragments(exact + "\r\n" + exact + "\n", fragment, 64);
    CHECK(fed.status == LineFramer::Status::ok);
    CHECK(fed.lines.size() == 2);
    auto over = feed_in_fragments(exact + "b\n", fragment, 64);
    CHECK(over.status == LineFramer::Status::too_large);
    CHECK(over.lines.empty());
  }
}

TEST_CASE("an oversized line is detected before its terminator arrives") {
  LineFramer framer(16);
  const std::string flood(1000, 'x');
  CHECK(framer.feed(flood, [](std::string&&) { FAIL("no line expected"); }) ==
        LineFramer::Status::too_large);
  CHECK(framer.overflowed());
  // After an overflow the framer refuses everything: the connection is closing.
  CHECK(framer.feed("ok\n", [](std::string&&) { FAIL("no line expected"); }) ==
        LineFramer::Status::too_large);
}

TEST_CASE("lines before an oversized one are still delivered") {
  auto fed = feed_in_fragments("short\n" + std::string(100, 'z') + "\n", 7, 32);
  CHECK(fed.status == LineFramer::Status::too_large);
  CHECK(fed.lines == std::vector<std::string>{"short"});
}

TEST_CASE("in skip mode an overlong line is reported and dropped, and reading goes on") {
  for (const std::size_t piece : {1, 3, 7, 64}) {
    CAPTURE(piece);
    LineFramer framer(8, LineFramer::Overlong::skip);
    const std::string stream =
        "short\r\n" + std::string(20, 'x') + "\r\nnext\n" + std::string(9, 'y') + "\nlast\r\n";
    std::vector<std::string> lines;
    int overlong = 0;
    for (std::size_t at = 0; at < stream.size(); at += piece) {
      CHECK(framer.feed(
                std::string_view(stream).substr(at, piece),
                [&](std::string&& line) { lines.push_back(std::move(line)); },
                [&] { ++overlong; }) == LineFramer::Status::ok);
    }
    CHECK(lines == std::vector<std::string>{"short", "next", "last"});
    CHECK(overlong == 2);
    CHECK_FALSE(framer.overflowed());
  }
}
