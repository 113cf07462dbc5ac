#pragma once

#include <string>

namespace confab::storage {

// Notices when the database file or its WAL has been deleted (or replaced)
// while the server holds them open: SQLite would go on writing into files no
// longer reachable by name, and everything acknowledged from then on would
// be gone at the next start.
class UnlinkWatch {
 public:
  // Watches `db_path` and `db_path-wal` as they are now.
  explicit UnlinkWatch(const std::string& db_path);
  ~UnlinkWatch();
  UnlinkWatch(const UnlinkWatch&) = delete;
  UnlinkWatch& operator=(const UnlinkWatch&) = delete;

  // True once either file has no name left: one fstat each, cheap enough to
  // ask before every commit.
  bool unlinked() const;

 private:
  int db_fd_ = -1;
  int wal_fd_ = -1;
};

}  // namespace confab::storage
