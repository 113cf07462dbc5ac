#pragma once

#include <cstdint>
#include <string>

#include "tests/support/test_client.hpp"

namespace confab::test {

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
