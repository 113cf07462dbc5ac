#pragma once

#include <cstdint>
#include <string>

namespace confab::test {

// A tmpfs of `bytes` mounted on a fresh directory, in a mount namespace of
// this test process's own (the server it starts inherits it), so tests can
// fill a disk without touching the machine's. Needs root, as CI has;
// `available()` says whether it could be made.
class SmallDisk {
 public:
  explicit SmallDisk(std::uint64_t bytes);
  ~SmallDisk();
  SmallDisk(const SmallDisk&) = delete;
  SmallDisk& operator=(const SmallDisk&) = delete;

  bool available() const { return mounted_; }
  std::string file(const std::string& name) const { return path_ + "/" + name; }

  // Writes a file of zeros until the disk is full; returns its path.
  std::string fill(const std::string& name) const;

 private:
  std::string path_;
  bool mounted_ = false;
};

}  // namespace confab::test
