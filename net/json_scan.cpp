#include "net/json_scan.hpp"

#include <algorithm>

#include "net/json_cursor.hpp"

namespace confab::net {
namespace {

constexpr int kMaxDepth = 64;

class Scanner : public JsonCursor {
 public:
  using JsonCursor::JsonCursor;

  // A string; its unescaped content goes to `out` when given.
  bool string(std::string* out) {
    if (!consume('"')) {
      return false;
    }
    while (!at_end()) {
      const auto c = static_cast<unsigned char>(text_[pos_++]);
      if (c == '"') {
        return true;
      }
      if (c < 0x20) {
        return false;
      }
      if (c != '\\') {
        if (out) {
          out->push_back(static_cast<char>(c));
        }
        continue;
      }
      if (at_end()) {
        return false;
      }
      const char escape = text_[pos_++];
      switch (escape) {
        case '"':
        case '\\':
        case '/':
          append(out, static_cast<char32_t>(escape));
          break;
        case 'b':
          append(out, '\b');
          break;
        case 'f':
          append(out, '\f');
          break;
        case 'n':
          append(out, '\n');
          break;
        case 'r':
          append(out, '\r');
          break;
        case 't':
          append(out, '\t');
          break;
        case 'u': {
          char32_t unit = 0;
          if (!hex4(unit)) {
            return false;
          }
          // A surrogate pair is one character; a lone half stands for itself
          // as far as telling keys apart goes.
          if (unit >= 0xD800 && unit <= 0xDBFF && text_.substr(pos_, 2) == "\\u") {
            const auto saved = pos_;
            pos_ += 2;
            char32_t low = 0;
            if (hex4(low) && low >= 0xDC00 && low <= 0xDFFF) {
              unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
            } else {
              pos_ = saved;
            }
          }
          append(out, unit);
          break;
        }
        default:
          return false;
      }
    }
    return false;
  }

  bool number() {
    consume('-');
    if (at_end()) {
      return false;
    }
    if (peek() == '0') {
      ++pos_;
    } else if (!digits()) {
      return false;
    }
    if (consume('.') && !digits()) {
      return false;
    }
    if (!at_end() && (peek() == 'e' || peek() == 'E')) {
      ++pos_;
      if (!consume('+')) {
        consume('-');
      }
      if (!digits()) {
        return false;
      }
    }
    return true;
  }

 private:
  bool digits() {
    const auto start = pos_;
    while (!at_end() && peek() >= '0' && peek() <= '9') {
      ++pos_;
    }
    return pos_ > start;
  }

  bool hex4(char32_t& unit) {
    if (pos_ + 4 > text_.size()) {
      return false;
    }
    for (int i = 0; i < 4; ++i) {
      const char c = text_[pos_++];
      unit <<= 4;
      if (c >= '0' && c <= '9') {
        unit |= static_cast<char32_t>(c - '0');
      } else if (c >= 'a' && c <= 'f') {
        unit |= static_cast<char32_t>(c - 'a' + 10);
      } else if (c >= 'A' && c <= 'F') {
        unit |= static_cast<char32_t>(c - 'A' + 10);
      } else {
        return false;
      }
    }
    return true;
  }

  static void append(std::string* out, char32_t c) {
    if (!out) {
      return;
    }
    if (c < 0x80) {
      out->push_back(static_cast<char>(c));
    } else if (c < 0x800) {
      out->push_back(static_cast<char>(0xC0 | (c >> 6)));
      out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else if (c < 0x10000) {
      out->push_back(static_cast<char>(0xE0 | (c >> 12)));
      out->push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
      out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else {
      out->push_back(static_cast<char>(0xF0 | (c >> 18)));
      out->push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
      out->push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
      out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
    }
  }
};

using Error = ScannedObject::Error;

Error value(Scanner& in, int depth);

Error container(Scanner& in, int depth, char close, ScannedObject* top) {
  if (depth > kMaxDepth) {
    return Error::too_deep;
  }
  in.skip_whitespace();
  if (in.consume(close)) {
    return Error::none;
  }
  for (;;) {
    in.skip_whitespace();
    if (close == '}') {
      std::string key;
      if (!in.string(top ? &key : nullptr)) {
        return Error::not_json;
      }
      in.skip_whitespace();
      if (!in.consume(':')) {
        return Error::not_json;
      }
      in.skip_whitespace();
      const auto start = in.pos();
      if (const auto error = value(in, depth + 1); error != Error::none) {
        return error;
      }
      if (top) {
        top->members.push_back(ScannedMember{std::move(key), in.slice(start, in.pos())});
      }
    } else if (const auto error = value(in, depth + 1); error != Error::none) {
      return error;
    }
    in.skip_whitespace();
    if (in.consume(close)) {
      return Error::none;
    }
    if (!in.consume(',')) {
      return Error::not_json;
    }
  }
}

Error value(Scanner& in, int depth) {
  if (in.at_end()) {
    return Error::not_json;
  }
  switch (in.peek()) {
    case '{':
      in.consume('{');
      return container(in, depth, '}', nullptr);
    case '[':
      in.consume('[');
      return container(in, depth, ']', nullptr);
    case '"':
      return in.string(nullptr) ? Error::none : Error::not_json;
    case 't':
      return in.consume_word("true") ? Error::none : Error::not_json;
    case 'f':
      return in.consume_word("false") ? Error::none : Error::not_json;
    case 'n':
      return in.consume_word("null") ? Error::none : Error::not_json;
    default:
      return in.number() ? Error::none : Error::not_json;
  }
}

}  // namespace

std::string_view ScannedObject::value_of(std::string_view key) const {
  for (const auto& member : members) {
    if (member.key == key) {
      return member.value;
    }
  }
  return {};
}

ScannedObject scan_object(std::string_view text) {
  ScannedObject object;
  Scanner in(text);
  in.skip_whitespace();
  const bool is_object = !in.at_end() && in.peek() == '{';
  Error error = Error::none;
  if (is_object) {
    in.consume('{');
    error = container(in, 1, '}', &object);
  } else {
    error = value(in, 1);
  }
  in.skip_whitespace();
  if (error == Error::none && !in.at_end()) {
    error = Error::not_json;
  }
  if (error == Error::none && !is_object) {
    error = Error::not_object;
  }
  object.error = error;
  if (error != Error::none) {
    object.members.clear();
    return object;
  }
  std::vector<const ScannedMember*> sorted;
  for (const auto& member : object.members) {
    sorted.push_back(&member);
  }
  std::sort(sorted.begin(), sorted.end(),
            [](const ScannedMember* a, const ScannedMember* b) { return a->key < b->key; });
  for (std::size_t i = 1; i < sorted.size(); ++i) {
    if (sorted[i - 1]->key == sorted[i]->key) {
      object.error = Error::duplicate_key;
      object.duplicate = sorted[i]->key;
      object.members.clear();
      break;
    }
  }
  return object;
}

}  // namespace confab::net
