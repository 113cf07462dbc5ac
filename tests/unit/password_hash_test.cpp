#include <doctest/doctest.h>

#include "storage/password_hash.hpp"

using namespace confab::storage;

TEST_CASE("a password verifies against its own hash only") {
  const auto stored = hash_password("correct horse", 1000);
  CHECK(stored.rfind("pbkdf2-sha256$1000$", 0) == 0);
  CHECK(verify_password("correct horse", stored));
  CHECK_FALSE(verify_password("correct horsE", stored));
  CHECK_FALSE(verify_password("", stored));
}

TEST_CASE("the same password hashes differently each time (salted)") {
  CHECK(hash_password("pw", 1000) != hash_password("pw", 1000));
}

TEST_CASE("the default cost is slow on purpose") {
  CHECK(kPasswordIterations >= 200000);
}

TEST_CASE("malformed stored hashes never verify") {
  CHECK_FALSE(verify_password("pw", ""));
  CHECK_FALSE(verify_password("pw", "plaintext"));
  CHECK_FALSE(verify_password("pw", "pbkdf2-sha256$x$00$00"));
  CHECK_FALSE(verify_password("pw", "pbkdf2-sha256$1000$zz$00"));
  CHECK_FALSE(verify_password("pw", "md5$1000$00$00"));
}
