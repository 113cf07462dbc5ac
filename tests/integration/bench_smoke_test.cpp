#include <cstdio>

#include "tests/integration/server_fixture.hpp"

using namespace confab::test;

// The benchmark itself is not part of the suite; this proves the tool still
// drives a real server end to end and accounts for every delivery.
TEST_CASE("confab-bench drives a real server without losing a delivery") {
  ServerFixture f({"--rate-limit", "0"});
  const std::string command =
      std::string(CONFAB_BENCH_PATH) + " --port " + std::to_string(f.server.port()) + " --pid " +
      std::to_string(f.server.pid()) + " --rooms 2 --clients 6 --senders 2 --messages 25";
  FILE* pipe = popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::string output;
  char buffer[4096];
  while (fgets(buffer, sizeof buffer, pipe) != nullptr) {
    output += buffer;
  }
  CHECK(pclose(pipe) == 0);
  auto result = Json::parse(output, nullptr, false);
  REQUIRE_MESSAGE(result.is_object(), output);
  CHECK(result["finished"] == true);
  // 2 rooms × 2 senders × 25 messages × 5 other members.
  CHECK(result["deliveries"] == 500);
  CHECK(result["deliveries_lost"] == 0);
  CHECK(result["server_cpu_s"].get<double>() >= 0.0);
  CHECK(result["latency_ms_p99"].get<double>() > 0.0);
}
