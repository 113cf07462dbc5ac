#include <doctest/doctest.h>

#include "common/byte_size.hpp"

TEST_CASE("sizes read as people write them") {
  using confab::format_byte_size;
  CHECK(format_byte_size(0) == "0 bytes");
  CHECK(format_byte_size(1) == "1 byte");
  CHECK(format_byte_size(1023) == "1023 bytes");
  CHECK(format_byte_size(1024) == "1 KiB");
  CHECK(format_byte_size(700 * 1024) == "700 KiB");
  CHECK(format_byte_size(67108864) == "64 MiB");
  CHECK(format_byte_size(1536ull * 1024 * 1024) == "1.5 GiB");
  // Never shown larger than it is.
  CHECK(format_byte_size(64ull * 1024 * 1024 - 1) == "63.9 MiB");
}
