#include "server/admin_token.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <stdexcept>

#include <openssl/rand.h>

namespace confab {
namespace {

std::string random_hex(std::size_t bytes) {
  std::string raw(bytes, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(raw.data()), static_cast<int>(bytes)) != 1) {
    throw std::runtime_error("no randomness for the admin token");
  }
  static constexpr char digits[] = "0123456789abcdef";
  std::string hex;
  for (const unsigned char byte : raw) {
    hex.push_back(digits[byte >> 4]);
    hex.push_back(digits[byte & 0x0F]);
  }
  return hex;
}

}  // namespace

std::string read_admin_token(const std::string& path) {
  std::ifstream file(path);
  if (!file) {
    throw std::runtime_error("cannot read the admin token file " + path + ": " +
                             std::strerror(errno));
  }
  std::string token;
  std::getline(file, token);
  if (!token.empty() && token.back() == '\r') {
    token.pop_back();
  }
  if (token.empty()) {
    throw std::runtime_error("the admin token file " + path + " has no token in its first line");
  }
  return token;
}

StoredToken load_or_create_admin_token(const std::string& db_path) {
  StoredToken stored;
  stored.path = db_path + ".admin-token";
  std::ifstream existing(stored.path);
  if (existing) {
    std::getline(existing, stored.token);
    if (stored.token.empty()) {
      throw std::runtime_error(stored.path + " is empty; delete it to get a new token");
    }
    return stored;
  }
  stored.token = random_hex(24);
  // O_EXCL: never overwrite a token another process just wrote.
  const int fd = ::open(stored.path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    throw std::runtime_error("cannot create " + stored.path + ": " + std::strerror(errno));
  }
  const auto line = stored.token + "\n";
  const bool written = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size());
  ::close(fd);
  if (!written) {
    throw std::runtime_error("cannot write " + stored.path);
  }
  stored.created = true;
  return stored;
}

}  // namespace confab
