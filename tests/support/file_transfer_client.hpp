#pragma once

#include <cstdint>
#include <string>

#include "tests/support/test_client.hpp"

namespace confab::test {

// `size` bytes of noise, the same for the same seed: content no
// compression or coincidence makes pass a check it should fail.
std::string random_bytes(std::size_t size, unsigned seed);

// Uploads `bytes` in the server's chunk size to `target` ({"room": …} or
// {"to": …}); returns the upload_end reply, or the upload reply if that
// failed. `declared_sha` replaces the real checksum when given.
Json upload(TestClient& client, Json target, const std::string& name, const std::string& bytes,
            const std::string& declared_sha = {});

struct Downloaded {
  Json reply;
  std::string bytes;
  bool ended = false;
};

// Downloads a file: the reply, then every chunk in order up to file_end.
Downloaded download(TestClient& client, std::int64_t file_id);

}  // namespace confab::test
