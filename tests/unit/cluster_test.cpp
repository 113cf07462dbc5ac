#include <doctest/doctest.h>

#include <map>
#include <string>
#include <vector>

#include "cluster/node_table.hpp"
#include "cluster/rendezvous.hpp"

using namespace confab::cluster;
using namespace std::chrono_literals;

namespace {

std::vector<std::string> room_names(int count) {
  std::vector<std::string> rooms;
  for (int i = 0; i < count; ++i) {
    rooms.push_back("room-" + std::to_string(i));
  }
  return rooms;
}

}  // namespace

TEST_CASE("every node names the same owner whatever order it lists the nodes in") {
  const std::vector<std::string> one{"a", "b", "c"};
  const std::vector<std::string> other{"c", "a", "b"};
  for (const auto& room : room_names(200)) {
    CHECK(owner_of(room, one) == owner_of(room, other));
  }
  CHECK(owner_of("lobby", {}).empty());
  CHECK(owner_of("lobby", {"only"}) == "only");
}

TEST_CASE("the score is a fixed function of the bytes, the same in every build") {
  // Nodes built by different compilers or versions must agree (the value
  // is FNV-1a then the splitmix64 finaliser, computed independently).
  CHECK(rendezvous_score("a", "lobby") == rendezvous_score("a", "lobby"));
  CHECK(rendezvous_score("ab", "c") != rendezvous_score("a", "bc"));
  CHECK(rendezvous_score("node-1", "general") == 0xd2712072bad1d5b3ULL);
}

TEST_CASE("rooms spread evenly and a leaving node moves only its own rooms") {
  const std::vector<std::string> three{"n1", "n2", "n3"};
  const std::vector<std::string> two{"n1", "n3"};
  const auto rooms = room_names(3000);
  std::map<std::string, int> owned;
  int moved = 0;
  for (const auto& room : rooms) {
    const auto before = owner_of(room, three);
    ++owned[before];
    const auto after = owner_of(room, two);
    if (before != "n2") {
      CHECK(after == before);
    }
    moved += before != after ? 1 : 0;
  }
  for (const auto& [node, count] : owned) {
    CHECK(count > 850);  // a third is 1000
    CHECK(count < 1150);
  }
  CHECK(moved == owned["n2"]);
}

TEST_CASE("a node is alive from its first heartbeat until it leaves or falls silent") {
  const auto t0 = NodeTable::Clock::time_point{} + 1h;
  NodeTable table("b", 3s);
  CHECK(table.live() == std::vector<std::string>{"b"});
  CHECK(table.heard("a", t0));
  CHECK(table.heard("c", t0));
  CHECK_FALSE(table.heard("a", t0 + 1s));  // already alive
  CHECK_FALSE(table.heard("b", t0));       // itself
  CHECK(table.live() == std::vector<std::string>{"a", "b", "c"});

  CHECK(table.expire(t0 + 3s).empty());  // c's ttl is not over yet
  CHECK(table.expire(t0 + 3500ms) == std::vector<std::string>{"c"});
  CHECK(table.live() == std::vector<std::string>{"a", "b"});

  CHECK(table.left("a"));
  CHECK_FALSE(table.left("a"));
  CHECK(table.live() == std::vector<std::string>{"b"});
  CHECK(table.heard("a", t0 + 10s));  // back: joins again
}

TEST_CASE("after a lost NATS connection every node gets a full ttl to be heard") {
  const auto t0 = NodeTable::Clock::time_point{} + 1h;
  NodeTable table("a", 3s);
  table.heard("b", t0);
  table.restart_clocks(t0 + 10s);  // the connection came back
  CHECK(table.expire(t0 + 12s).empty());
  CHECK(table.expire(t0 + 14s) == std::vector<std::string>{"b"});
}
