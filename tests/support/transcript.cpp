#include "tests/support/transcript.hpp"

#include <fstream>
#include <regex>
#include <stdexcept>

namespace confab::test {
namespace {

std::string unescape(std::string_view text, int line) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\\') {
      out.push_back(text[i]);
      continue;
    }
    if (++i == text.size()) {
      throw std::runtime_error("line " + std::to_string(line) + ": dangling backslash");
    }
    switch (text[i]) {
      case 'n':
        out.push_back('\n');
        break;
      case 'r':
        out.push_back('\r');
        break;
      case 't':
        out.push_back('\t');
        break;
      case '\\':
        out.push_back('\\');
        break;
      case 'x':
        if (i + 2 >= text.size()) {
          throw std::runtime_error("line " + std::to_string(line) + ": short \\x escape");
        }
        out.push_back(
            static_cast<char>(std::stoi(std::string(text.substr(i + 1, 2)), nullptr, 16)));
        i += 2;
        break;
      default:
        throw std::runtime_error("line " + std::to_string(line) + ": unknown escape \\" +
                                 std::string(1, text[i]));
    }
  }
  return out;
}

}  // namespace

std::vector<TranscriptStep> read_transcript(const std::string& path) {
  std::ifstream file(path);
  if (!file) {
    throw std::runtime_error("cannot open " + path);
  }
  std::vector<TranscriptStep> steps;
  std::string text;
  int number = 0;
  while (std::getline(file, text)) {
    ++number;
    if (text.empty() || text.front() == '#') {
      continue;
    }
    TranscriptStep step;
    step.line = number;
    const auto verb_end = text.find(' ');
    step.verb = text.substr(0, verb_end);
    if (verb_end != std::string::npos) {
      const auto client_end = text.find(' ', verb_end + 1);
      step.client = text.substr(verb_end + 1, client_end - verb_end - 1);
      if (client_end != std::string::npos) {
        step.bytes = unescape(std::string_view(text).substr(client_end + 1), number);
      }
    }
    steps.push_back(std::move(step));
  }
  return steps;
}

std::string normalise_volatile(std::string_view bytes) {
  static const std::regex timestamp(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)");
  static const std::regex retry_after(R"("retry_after_ms":\d+)");
  // Text mode's search results show the minute.
  static const std::regex text_time(R"(\(\d{4}-\d\d-\d\d \d\d:\d\d\))");
  auto out = std::regex_replace(std::string(bytes), timestamp, "0000-00-00T00:00:00.000Z");
  out = std::regex_replace(out, text_time, "(0000-00-00 00:00)");
  return std::regex_replace(out, retry_after, R"("retry_after_ms":0)");
}

std::string escape_bytes(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (const char c : bytes) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\\') {
      out += "\\\\";
    } else if (byte < 0x20 || byte == 0x7f) {
      out += "\\x";
      out.push_back(kHex[byte >> 4]);
      out.push_back(kHex[byte & 15]);
    } else {
      out.push_back(c);
    }
  }
  return out;
}

}  // namespace confab::test
