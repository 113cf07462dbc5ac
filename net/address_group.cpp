#include "net/address_group.hpp"

#include <arpa/inet.h>

#include <cstring>

namespace confab::net {
namespace {

bool is_v4_mapped(const in6_addr& address) {
  static const unsigned char prefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF};
  return std::memcmp(address.s6_addr, prefix, sizeof prefix) == 0;
}

std::string v4_text(const unsigned char* bytes) {
  char text[INET_ADDRSTRLEN];
  in_addr address{};
  std::memcpy(&address, bytes, 4);
  inet_ntop(AF_INET, &address, text, sizeof text);
  return text;
}

}  // namespace

std::string address_group(std::string_view address) {
  const std::string text(address);
  in6_addr v6{};
  if (inet_pton(AF_INET6, text.c_str(), &v6) == 1) {
    if (is_v4_mapped(v6)) {
      return v4_text(v6.s6_addr + 12);
    }
    std::memset(v6.s6_addr + 8, 0, 8);
    char prefix[INET6_ADDRSTRLEN];
    inet_ntop(AF_INET6, &v6, prefix, sizeof prefix);
    return std::string(prefix) + "/64";
  }
  in_addr v4{};
  if (inet_pton(AF_INET, text.c_str(), &v4) == 1) {
    return v4_text(reinterpret_cast<const unsigned char*>(&v4));
  }
  return text;
}

bool is_loopback(std::string_view address) {
  const std::string text(address);
  in6_addr v6{};
  if (inet_pton(AF_INET6, text.c_str(), &v6) == 1) {
    if (is_v4_mapped(v6)) {
      return v6.s6_addr[12] == 127;
    }
    return IN6_IS_ADDR_LOOPBACK(&v6);
  }
  in_addr v4{};
  return inet_pton(AF_INET, text.c_str(), &v4) == 1 && (ntohl(v4.s_addr) >> 24) == 127;
}

}  // namespace confab::net
