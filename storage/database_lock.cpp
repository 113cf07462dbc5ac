#include "storage/database_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace confab::storage {

DatabaseLock::DatabaseLock(const std::string& db_path) {
  const auto path = db_path + ".lock";
  fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd_ < 0) {
    throw std::runtime_error("cannot open " + path + ": " + std::strerror(errno));
  }
  if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    const auto reason = errno == EWOULDBLOCK
                            ? std::string("another confabd is using ") + db_path + " (" + path +
                                  " is locked); stop it or choose another --db"
                            : "cannot lock " + path + ": " + std::strerror(errno);
    ::close(fd_);
    throw std::runtime_error(reason);
  }
}

DatabaseLock::~DatabaseLock() {
  if (fd_ >= 0) {
    ::close(fd_);
  }
}

void create_private_file(const std::string& path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd >= 0) {
    ::close(fd);
  } else if (errno != EEXIST) {
    throw std::runtime_error("cannot create " + path + ": " + std::strerror(errno));
  }
}

}  // namespace confab::storage
