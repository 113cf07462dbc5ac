#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace confab::cluster {

// Rendezvous (highest random weight) hashing: every node scores every key
// and the highest score owns it. All nodes agree on the owner from the
// live node list alone, and a node joining or leaving moves only the keys
// it wins or owned. The score is a fixed function of the bytes (not
// std::hash), so nodes built apart agree too.
std::uint64_t rendezvous_score(std::string_view node, std::string_view key);

// The owner of `key` among `nodes` (empty when there are none); ties, which
// need equal 64-bit scores, go to the smaller name.
std::string owner_of(std::string_view key, const std::vector<std::string>& nodes);

}  // namespace confab::cluster
