#include "actors/file_transfer.hpp"

#include <algorithm>
#include <stdexcept>

#include <openssl/rand.h>

namespace confab {

std::size_t upload_chunk_size(std::size_t max_frame) {
  constexpr std::size_t kEnvelope = 512;  // op, upload token, seq, quotes
  const std::size_t payload = max_frame > 2 * kEnvelope ? max_frame - kEnvelope : max_frame / 2;
  const std::size_t raw = payload / 4 * 3;
  return std::max<std::size_t>(raw / 1024 * 1024, 96);
}

std::string new_upload_token() {
  unsigned char bytes[16];
  if (RAND_bytes(bytes, sizeof bytes) != 1) {
    throw std::runtime_error("no randomness for an upload token");
  }
  static constexpr char digits[] = "0123456789abcdef";
  std::string token;
  for (const auto byte : bytes) {
    token.push_back(digits[byte >> 4]);
    token.push_back(digits[byte & 0x0F]);
  }
  return token;
}

}  // namespace confab
