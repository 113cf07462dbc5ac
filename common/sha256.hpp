#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace confab {

// Incremental SHA-256 (OpenSSL), so a file is hashed chunk by chunk as it
// streams through and is never held whole.
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(Sha256&&) noexcept;
  Sha256& operator=(Sha256&&) noexcept;

  void update(std::string_view bytes);
  // Lower-case hex digest; the object is spent afterwards.
  std::string hex_digest();

  static std::string of(std::string_view bytes);

 private:
  struct Context;
  std::unique_ptr<Context> context_;
};

}  // namespace confab
