#include <doctest/doctest.h>

#include <map>
#include <string>
#include <vector>

#include "cluster/node_table.hpp"

using namespace confab::cluster;
using namespace std::chrono_literals;

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
