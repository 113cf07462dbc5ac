#pragma once

#include <string>
#include <string_view>

namespace confab::storage {

// PBKDF2-HMAC-SHA256 with a random 16-byte salt. The stored form is
// "pbkdf2-sha256$ITERATIONS$SALT_HEX$HASH_HEX" so the cost can be raised later
// without invalidating existing accounts.
inline constexpr int kPasswordIterations = 210000;

std::string hash_password(std::string_view password, int iterations = kPasswordIterations);

// Constant-time comparison against a stored hash; false for malformed input.
bool verify_password(std::string_view password, std::string_view stored);

}  // namespace confab::storage
