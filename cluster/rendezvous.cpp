#include "cluster/rendezvous.hpp"

namespace confab::cluster {
namespace {

// FNV-1a spreads short, similar names poorly in the high bits; the
// splitmix64 finaliser mixes every input bit into every output bit.
std::uint64_t mix(std::uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}

std::uint64_t fnv1a(std::uint64_t hash, std::string_view bytes) {
  for (const unsigned char c : bytes) {
    hash ^= c;
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

}  // namespace

std::uint64_t rendezvous_score(std::string_view node, std::string_view key) {
  auto hash = fnv1a(0xcbf29ce484222325ULL, node);
  // A separator no name contains: ("ab", "c") and ("a", "bc") differ.
  hash = fnv1a(hash, std::string_view("\0", 1));
  return mix(fnv1a(hash, key));
}

std::string owner_of(std::string_view key, const std::vector<std::string>& nodes) {
  const std::string* best = nullptr;
  std::uint64_t best_score = 0;
  for (const auto& node : nodes) {
    const auto score = rendezvous_score(node, key);
    if (best == nullptr || score > best_score || (score == best_score && node < *best)) {
      best = &node;
      best_score = score;
    }
  }
  return best ? *best : std::string();
}

}  // namespace confab::cluster
