#include "tests/support/small_disk.hpp"

#include <fcntl.h>
#include <sched.h>
#include <sys/mount.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>

namespace confab::test {

SmallDisk::SmallDisk(std::uint64_t bytes) {
  const char* tmp = std::getenv("TMPDIR");
  std::string pattern = std::string(tmp ? tmp : "/tmp") + "/confab-disk-XXXXXX";
  if (mkdtemp(pattern.data()) == nullptr) {
    throw std::runtime_error("mkdtemp failed");
  }
  path_ = pattern;
  // Our own mount namespace, with nothing propagating back to the host's.
  if (unshare(CLONE_NEWNS) != 0 ||
      mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0) {
    return;
  }
  const auto options = "size=" + std::to_string(bytes) + ",mode=0700";
  mounted_ = mount("tmpfs", path_.c_str(), "tmpfs", 0, options.c_str()) == 0;
}

SmallDisk::~SmallDisk() {
  if (mounted_) {
    umount2(path_.c_str(), MNT_DETACH);
  }
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

std::string SmallDisk::fill(const std::string& name) const {
  const auto path = file(name);
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) {
    throw std::runtime_error("cannot create " + path);
  }
  const std::string zeros(64 * 1024, '\0');
  std::size_t block = zeros.size();
  // Large writes first, then smaller ones into the last free pages.
  while (block > 0) {
    if (::write(fd, zeros.data(), block) < static_cast<ssize_t>(block)) {
      block /= 2;
    }
  }
  ::close(fd);
  return path;
}

}  // namespace confab::test
