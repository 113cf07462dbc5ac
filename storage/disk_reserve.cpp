#include "storage/disk_reserve.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <string>

namespace confab::storage {

std::string disk_reserve_path(const std::string& db_path) {
  return db_path + ".reserve";
}

bool ensure_disk_reserve(const std::string& db_path) {
  const auto path = disk_reserve_path(db_path);
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    return errno == EEXIST;
  }
  // Real blocks, not a sparse file: deleting it must free space.
  const std::string zeros(64 * 1024, '\0');
  bool complete = true;
  for (std::uint64_t written = 0; written < kDiskReserveBytes && complete;
       written += zeros.size()) {
    complete = ::write(fd, zeros.data(), zeros.size()) == static_cast<ssize_t>(zeros.size());
  }
  complete = complete && ::fsync(fd) == 0;
  ::close(fd);
  if (!complete) {
    ::unlink(path.c_str());
  }
  return complete;
}

bool release_disk_reserve(const std::string& db_path) {
  return ::unlink(disk_reserve_path(db_path).c_str()) == 0;
}

}  // namespace confab::storage
