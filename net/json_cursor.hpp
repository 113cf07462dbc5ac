#pragma once

#include <cstddef>
#include <string_view>

namespace confab::net {

// A position in JSON text and the steps every reader of it takes: the
// request decoder's fast reader and its validating scan build on this.
class JsonCursor {
 public:
  explicit JsonCursor(std::string_view text) : text_(text) {}

  bool at_end() const { return pos_ >= text_.size(); }
  char peek() const { return text_[pos_]; }
  void advance() { ++pos_; }
  std::size_t pos() const { return pos_; }
  std::string_view slice(std::size_t from, std::size_t to) const {
    return text_.substr(from, to - from);
  }

  // JSON's four whitespace characters.
  void skip_whitespace() {
    while (!at_end() && (peek() == ' ' || peek() == '\t' || peek() == '\n' || peek() == '\r')) {
      ++pos_;
    }
  }

  bool consume(char expected) {
    if (at_end() || peek() != expected) {
      return false;
    }
    ++pos_;
    return true;
  }

  bool consume_word(std::string_view word) {
    if (text_.substr(pos_, word.size()) != word) {
      return false;
    }
    pos_ += word.size();
    return true;
  }

 protected:
  std::string_view text_;
  std::size_t pos_ = 0;
};

}  // namespace confab::net
