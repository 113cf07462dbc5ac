#include <cstdio>

#include "tests/integration/server_fixture.hpp"

using namespace confab::test;

namespace {

// Runs confab-bench against the fixture's server with `load`; its JSON line.
Json run_bench(const ServerFixture& f, std::uint16_t port, const std::string& load) {
  const std::string command = std::string(CONFAB_BENCH_PATH) + " --port " + std::to_string(port) +
                              " --pid " + std::to_string(f.server.pid()) + " " + load;
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
  return result;
}

}  // namespace

// The benchmark itself is not part of the suite; this proves the tool still
// drives a real server end to end and accounts for every delivery.
TEST_CASE("confab-bench drives a real server without losing a delivery") {
  ServerFixture f({"--rate-limit", "0"});
  const auto result =
      run_bench(f, f.server.port(), "--rooms 2 --clients 6 --senders 2 --messages 25");
  CHECK(result["finished"] == true);
  CHECK(result["window_by"] == "seen");
  // 2 rooms × 2 senders × 25 messages × 5 other members.
  CHECK(result["deliveries"] == 500);
  CHECK(result["deliveries_lost"] == 0);
  CHECK(result["server_cpu_s"].get<double>() >= 0.0);
  CHECK(result["latency_ms_p99"].get<double>() > 0.0);
  // The server's CPU by thread names storage's and the I/O thread apart.
  const auto& threads = result["server_cpu_s_by_thread"];
  CHECK(threads.contains("confab.storage"));
  CHECK(threads.contains("confab.io"));
}

// A window of one moves only when a receiver has seen the message, so a run
// that finishes proves the receivers move it; over IRC no PING is sent
// (nothing acknowledged), unless the ack window asks for one.
TEST_CASE("confab-bench's window follows what receivers have seen, in both dialects") {
  ServerFixture f({"--rate-limit", "0"});
  const std::string load = "--rooms 2 --clients 3 --senders 1 --messages 40 --window 1";
  for (const auto& [port, protocol] :
       {std::pair{f.server.port(), "confab"}, std::pair{f.server.irc_port(), "irc"}}) {
    CAPTURE(protocol);
    const auto seen = run_bench(f, port, load + " --protocol " + protocol);
    CHECK(seen["finished"] == true);
    CHECK(seen["deliveries"] == 2 * 40 * 2);
    CHECK((seen["acks_per_s"].get<double>() > 0.0) == (std::string(protocol) == "confab"));

    const auto acked = run_bench(f, port, load + " --protocol " + protocol + " --window-by ack");
    CHECK(acked["finished"] == true);
    CHECK(acked["window_by"] == "ack");
    CHECK(acked["deliveries"] == 2 * 40 * 2);
    CHECK(acked["acks_per_s"].get<double>() > 0.0);
  }
}

// Paced senders (the scale scenario's realistic mix) cannot finish before
// their schedule: 10 messages at 20 a second take at least 0.45 s.
TEST_CASE("confab-bench's clients outlast the server's idle timeout by pinging") {
  // Receivers send nothing else: without their pings the server closes them
  // after a second, and what they should have got is lost.
  ServerFixture f({"--rate-limit", "0", "--idle-timeout", "1"});
  const auto result =
      run_bench(f, f.server.port(),
                "--rooms 1 --clients 3 --senders 1 --messages 10 --rate 3 --keepalive 0.3");
  CHECK(result["finished"] == true);
  CHECK(result["deliveries_lost"] == 0);
  CHECK(result["deliveries"] == 10 * 2);
  CHECK(result["seconds"].get<double>() >= 3.0);
}

TEST_CASE("confab-bench paces senders to --rate") {
  ServerFixture f({"--rate-limit", "0"});
  const auto result =
      run_bench(f, f.server.port(), "--rooms 2 --clients 3 --senders 1 --messages 10 --rate 20");
  CHECK(result["finished"] == true);
  CHECK(result["deliveries"] == 2 * 10 * 2);
  CHECK(result["rate_per_sender"] == 20.0);
  CHECK(result["seconds"].get<double>() >= 0.45);
}
