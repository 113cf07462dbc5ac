#pragma once

#include <string>

namespace confab::storage {

// An exclusive lock on `<database>.lock`, held for as long as this object
// lives. Two servers on one database would both write and fail on each
// other's rows; the second is refused before it opens anything.
class DatabaseLock {
 public:
  // Throws std::runtime_error naming the lock file when another process
  // holds it.
  explicit DatabaseLock(const std::string& db_path);
  ~DatabaseLock();
  DatabaseLock(const DatabaseLock&) = delete;
  DatabaseLock& operator=(const DatabaseLock&) = delete;

 private:
  int fd_ = -1;
};

// Creates `path` readable and writable by its owner only if it does not
// exist yet (what is already there keeps its mode). SQLite gives the WAL and
// shared-memory files the database's mode, so this covers them too.
void create_private_file(const std::string& path);

}  // namespace confab::storage
