#include "net/flat_object_reader.hpp"

#include <cstdint>
#include <limits>

#include "net/json_cursor.hpp"

namespace confab::net {
namespace {

class Cursor : public JsonCursor {
 public:
  using JsonCursor::JsonCursor;

  // A string without escapes; control characters are invalid JSON.
  std::optional<std::string_view> string() {
    if (!consume('"')) {
      return std::nullopt;
    }
    const auto start = pos_;
    while (!at_end()) {
      const auto c = static_cast<unsigned char>(peek());
      if (c == '"') {
        const auto content = text_.substr(start, pos_ - start);
        ++pos_;
        return content;
      }
      if (c == '\\' || c < 0x20) {
        return std::nullopt;
      }
      ++pos_;
    }
    return std::nullopt;
  }

  // An integer as nlohmann stores it: unsigned when not negative. "-0",
  // fractions, exponents and values out of range are left to the full parser.
  std::optional<nlohmann::json> integer() {
    const bool negative = consume('-');
    if (at_end() || peek() < '0' || peek() > '9') {
      return std::nullopt;
    }
    if (peek() == '0') {
      advance();
      if (negative || (!at_end() && is_number_continuation(peek()))) {
        return std::nullopt;
      }
      return nlohmann::json(std::uint64_t{0});
    }
    std::uint64_t magnitude = 0;
    while (!at_end() && peek() >= '0' && peek() <= '9') {
      const auto digit = static_cast<std::uint64_t>(peek() - '0');
      if (magnitude > (std::numeric_limits<std::uint64_t>::max() - digit) / 10) {
        return std::nullopt;
      }
      magnitude = magnitude * 10 + digit;
      advance();
    }
    if (!at_end() && is_number_continuation(peek())) {
      return std::nullopt;
    }
    if (!negative) {
      return nlohmann::json(magnitude);
    }
    constexpr auto kMaxNegative =
        static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()) + 1;
    if (magnitude > kMaxNegative) {
      return std::nullopt;
    }
    return nlohmann::json(magnitude == kMaxNegative ? std::numeric_limits<std::int64_t>::min()
                                                    : -static_cast<std::int64_t>(magnitude));
  }

 private:
  static bool is_number_continuation(char c) {
    return (c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E';
  }
};

std::optional<nlohmann::json> value(Cursor& in) {
  if (in.at_end()) {
    return std::nullopt;
  }
  switch (in.peek()) {
    case '"': {
      auto text = in.string();
      if (!text) {
        return std::nullopt;
      }
      return nlohmann::json(std::string(*text));
    }
    case 't':
      return in.consume_word("true") ? std::optional<nlohmann::json>(true) : std::nullopt;
    case 'f':
      return in.consume_word("false") ? std::optional<nlohmann::json>(false) : std::nullopt;
    case 'n':
      return in.consume_word("null") ? std::optional<nlohmann::json>(nullptr) : std::nullopt;
    default:
      return in.integer();
  }
}

}  // namespace

std::optional<nlohmann::json> read_flat_object(std::string_view text) {
  Cursor in(text);
  in.skip_whitespace();
  if (!in.consume('{')) {
    return std::nullopt;
  }
  auto object = nlohmann::json::object();
  auto& members = object.get_ref<nlohmann::json::object_t&>();
  in.skip_whitespace();
  if (!in.consume('}')) {
    while (true) {
      in.skip_whitespace();
      auto key = in.string();
      if (!key) {
        return std::nullopt;
      }
      in.skip_whitespace();
      if (!in.consume(':')) {
        return std::nullopt;
      }
      in.skip_whitespace();
      auto member = value(in);
      if (!member || !members.emplace(std::string(*key), std::move(*member)).second) {
        return std::nullopt;
      }
      in.skip_whitespace();
      if (in.consume('}')) {
        break;
      }
      if (!in.consume(',')) {
        return std::nullopt;
      }
    }
  }
  in.skip_whitespace();
  if (!in.at_end()) {
    return std::nullopt;
  }
  return object;
}

}  // namespace confab::net
