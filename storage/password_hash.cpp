#include "storage/password_hash.hpp"

#include <array>
#include <stdexcept>
#include <vector>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

namespace confab::storage {
namespace {

constexpr std::string_view kScheme = "pbkdf2-sha256";
constexpr std::size_t kSaltBytes = 16;
constexpr std::size_t kHashBytes = 32;

std::string to_hex(const unsigned char* data, std::size_t size) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(size * 2);
  for (std::size_t i = 0; i < size; ++i) {
    hex.push_back(digits[data[i] >> 4]);
    hex.push_back(digits[data[i] & 0x0F]);
  }
  return hex;
}

bool from_hex(std::string_view hex, std::vector<unsigned char>& out) {
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9')
      return c - '0';
    if (c >= 'a' && c <= 'f')
      return c - 'a' + 10;
    return -1;
  };
  if (hex.size() % 2 != 0) {
    return false;
  }
  out.clear();
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    const int high = nibble(hex[i]);
    const int low = nibble(hex[i + 1]);
    if (high < 0 || low < 0) {
      return false;
    }
    out.push_back(static_cast<unsigned char>(high << 4 | low));
  }
  return true;
}

std::array<unsigned char, kHashBytes> derive(std::string_view password,
                                             const std::vector<unsigned char>& salt,
                                             int iterations) {
  std::array<unsigned char, kHashBytes> key{};
  if (PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()), salt.data(),
                        static_cast<int>(salt.size()), iterations, EVP_sha256(), key.size(),
                        key.data()) != 1) {
    throw std::runtime_error("PBKDF2 failed");
  }
  return key;
}

}  // namespace

std::string hash_password(std::string_view password, int iterations) {
  std::vector<unsigned char> salt(kSaltBytes);
  if (RAND_bytes(salt.data(), static_cast<int>(salt.size())) != 1) {
    throw std::runtime_error("no randomness for a password salt");
  }
  const auto key = derive(password, salt, iterations);
  return std::string(kScheme) + "$" + std::to_string(iterations) + "$" +
         to_hex(salt.data(), salt.size()) + "$" + to_hex(key.data(), key.size());
}

bool verify_password(std::string_view password, std::string_view stored) {
  const auto first = stored.find('$');
  const auto second = stored.find('$', first + 1);
  const auto third = stored.find('$', second + 1);
  if (first == std::string_view::npos || second == std::string_view::npos ||
      third == std::string_view::npos || stored.substr(0, first) != kScheme) {
    return false;
  }
  int iterations = 0;
  try {
    iterations = std::stoi(std::string(stored.substr(first + 1, second - first - 1)));
  } catch (const std::exception&) {
    return false;
  }
  std::vector<unsigned char> salt;
  std::vector<unsigned char> expected;
  if (iterations <= 0 || !from_hex(stored.substr(second + 1, third - second - 1), salt) ||
      !from_hex(stored.substr(third + 1), expected) || expected.size() != kHashBytes) {
    return false;
  }
  const auto key = derive(password, salt, iterations);
  return CRYPTO_memcmp(key.data(), expected.data(), kHashBytes) == 0;
}

}  // namespace confab::storage
