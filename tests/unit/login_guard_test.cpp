#include <doctest/doctest.h>
#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/scoped_actor.hpp>

#include "actors/chat_error.hpp"
#include "actors/login_guard_actor.hpp"
#include "storage/password_hash.hpp"

using namespace confab;
using namespace std::chrono_literals;

namespace {

// Few iterations: these tests are about the guard, not the hash's cost.
constexpr int kIterations = 1000;

struct GuardFixture {
  GuardFixture() {
    config.set("logger.verbosity", caf::atom("quiet"));
    system = std::make_unique<caf::actor_system>(config);
    guard = spawn_login_guard(*system, 1, kIterations);
  }
  ~GuardFixture() { caf::anon_send_exit(guard, caf::exit_reason::user_shutdown); }

  caf::actor_system_config config;
  std::unique_ptr<caf::actor_system> system;
  login_guard_actor guard;
  const std::string stored = storage::hash_password("right", kIterations);
};

// "ok", "wrong" or the error's code, for each of `count` verifies sent at once.
std::vector<std::string> verify_all(GuardFixture& f, const std::vector<LoginAttempt>& attempts,
                                    const std::string& password) {
  caf::scoped_actor self{*f.system};
  for (const auto& attempt : attempts) {
    self->send(f.guard, atoms::verify::value, attempt, password, f.stored);
  }
  std::vector<std::string> outcomes;
  for (std::size_t i = 0; i < attempts.size(); ++i) {
    self->receive(
        [&](bool matches) { outcomes.push_back(matches ? "ok" : "wrong"); },
        [&](caf::error& error) { outcomes.push_back(std::string(error_code_name(error))); },
        caf::after(10s) >> [&] { outcomes.push_back("timeout"); });
  }
  return outcomes;
}

}  // namespace

TEST_CASE_FIXTURE(GuardFixture, "every verify is answered, at most two per address at a time") {
  std::vector<LoginAttempt> attempts(6, LoginAttempt{"alice", "10.0.0.1"});
  auto outcomes = verify_all(*this, attempts, "wrong");
  CHECK(std::count(outcomes.begin(), outcomes.end(), "timeout") == 0);
  CHECK(std::count(outcomes.begin(), outcomes.end(), "wrong") == 2);
  CHECK(std::count(outcomes.begin(), outcomes.end(), "rate_limited") == 4);
}

TEST_CASE_FIXTURE(GuardFixture,
                  "failures from one address do not refuse another's right password") {
  for (int round = 0; round < 4; ++round) {
    verify_all(*this, {{"alice", "10.0.0.1"}}, "wrong");
  }
  CHECK(verify_all(*this, {{"alice", "10.0.0.1"}}, "right") ==
        std::vector<std::string>{"rate_limited"});
  CHECK(verify_all(*this, {{"alice", "10.0.0.2"}}, "right") == std::vector<std::string>{"ok"});
}
