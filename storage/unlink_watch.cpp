#include "storage/unlink_watch.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace confab::storage {
namespace {

bool has_no_name(int fd) {
  struct stat info {};
  return fd >= 0 && ::fstat(fd, &info) == 0 && info.st_nlink == 0;
}

}  // namespace

UnlinkWatch::UnlinkWatch(const std::string& db_path)
    : db_fd_(::open(db_path.c_str(), O_RDONLY | O_CLOEXEC)),
      wal_fd_(::open((db_path + "-wal").c_str(), O_RDONLY | O_CLOEXEC)) {}

UnlinkWatch::~UnlinkWatch() {
  for (const int fd : {db_fd_, wal_fd_}) {
    if (fd >= 0) {
      ::close(fd);
    }
  }
}

bool UnlinkWatch::unlinked() const {
  return has_no_name(db_fd_) || has_no_name(wal_fd_);
}

}  // namespace confab::storage
