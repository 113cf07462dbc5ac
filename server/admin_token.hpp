#pragma once

#include <string>

namespace confab {

// The admin port's token when --admin-token is not given: generated once,
// stored beside the database in DB.admin-token readable only by its owner,
// and read back on later starts. Throws std::runtime_error when the file
// cannot be read or written.
struct StoredToken {
  std::string token;
  std::string path;
  bool created = false;
};

StoredToken load_or_create_admin_token(const std::string& db_path);

// The token in the first line of `path` (--admin-token-file); throws when the
// file cannot be read or the line is empty.
std::string read_admin_token(const std::string& path);

}  // namespace confab
