#pragma once

#include <string>
#include <string_view>

namespace confab::net {

// The key under which limits count a client address: an IPv4 address (also
// when written IPv4-mapped, ::ffff:a.b.c.d) as itself, an IPv6 address by its
// /64 prefix, because one host or one customer is routinely given a whole
// /64 and picks addresses from it at will. Text that is no address is its
// own key.
std::string address_group(std::string_view address);

// Loopback (127.0.0.0/8, ::1): local bridges, bouncers and tests.
bool is_loopback(std::string_view address);

}  // namespace confab::net
