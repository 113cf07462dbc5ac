#include "net/base64.hpp"

#include <array>
#include <cstdint>

namespace confab::net {
namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

constexpr std::array<std::int8_t, 256> make_decode_table() {
  std::array<std::int8_t, 256> table{};
  for (auto& entry : table) {
    entry = -1;
  }
  for (int i = 0; i < 64; ++i) {
    table[static_cast<unsigned char>(kAlphabet[i])] = static_cast<std::int8_t>(i);
  }
  return table;
}

constexpr auto kDecode = make_decode_table();

}  // namespace

std::string base64_encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  const auto* data = reinterpret_cast<const unsigned char*>(bytes.data());
  for (; i + 3 <= bytes.size(); i += 3) {
    const std::uint32_t triple = data[i] << 16 | data[i + 1] << 8 | data[i + 2];
    out.push_back(kAlphabet[triple >> 18 & 63]);
    out.push_back(kAlphabet[triple >> 12 & 63]);
    out.push_back(kAlphabet[triple >> 6 & 63]);
    out.push_back(kAlphabet[triple & 63]);
  }
  const auto rest = bytes.size() - i;
  if (rest > 0) {
    std::uint32_t triple = data[i] << 16;
    if (rest == 2) {
      triple |= data[i + 1] << 8;
    }
    out.push_back(kAlphabet[triple >> 18 & 63]);
    out.push_back(kAlphabet[triple >> 12 & 63]);
    out.push_back(rest == 2 ? kAlphabet[triple >> 6 & 63] : '=');
    out.push_back('=');
  }
  return out;
}

std::optional<std::string> base64_decode(std::string_view text) {
  if (text.size() % 4 != 0) {
    return std::nullopt;
  }
  std::string out;
  out.reserve(text.size() / 4 * 3);
  for (std::size_t i = 0; i < text.size(); i += 4) {
    const bool last = i + 4 == text.size();
    int padding = 0;
    std::uint32_t quad = 0;
    for (std::size_t j = 0; j < 4; ++j) {
      const char c = text[i + j];
      if (c == '=' && last && j >= 2) {
        ++padding;
        quad <<= 6;
        continue;
      }
      const auto value = kDecode[static_cast<unsigned char>(c)];
      if (value < 0 || padding > 0) {
        return std::nullopt;
      }
      quad = quad << 6 | static_cast<std::uint32_t>(value);
    }
    out.push_back(static_cast<char>(quad >> 16 & 0xFF));
    if (padding < 2) {
      out.push_back(static_cast<char>(quad >> 8 & 0xFF));
    }
    if (padding < 1) {
      out.push_back(static_cast<char>(quad & 0xFF));
    }
  }
  return out;
}

}  // namespace confab::net
