#include "actors/login_guard_actor.hpp"

#include <deque>
#include <functional>
#include <tuple>
#include <unordered_map>
#include <vector>

#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

#include "actors/chat_error.hpp"
#include "actors/login_throttle.hpp"
#include "actors/password_hasher.hpp"
#include "net/address_group.hpp"

namespace confab {
namespace {

// Hashes waiting for a thread, in all and from one address group (running
// ones included). A hash takes ~100 ms, so a full queue is seconds of work.
constexpr std::size_t kMaxQueued = 32;
constexpr std::size_t kMaxPerAddress = 2;
constexpr std::int64_t kBusyRetryMs = 1000;
constexpr auto kExpireInterval = std::chrono::minutes(1);

struct HashJob {
  std::string address_group;
  // Runs the job on a free hasher and calls `done` once it has answered.
  std::function<void(password_hasher, std::function<void()> done)> run;
};

struct LoginGuardState {
  LoginThrottle throttle;
  std::vector<password_hasher> idle;
  std::deque<HashJob> queue;
  std::unordered_map<std::string, std::size_t> pending_by_address;
};

using guard_pointer = login_guard_actor::stateful_pointer<LoginGuardState>;

caf::error refused(std::int64_t retry_after_ms) {
  return make_chat_error(ChatError::rate_limited, "too many failed logins from here; retry later",
                         retry_after_ms);
}

void start_jobs(guard_pointer self) {
  auto& st = self->state;
  while (!st.idle.empty() && !st.queue.empty()) {
    auto hasher = st.idle.back();
    st.idle.pop_back();
    auto job = std::move(st.queue.front());
    st.queue.pop_front();
    job.run(hasher, [self, hasher, group = job.address_group] {
      auto& st = self->state;
      if (auto it = st.pending_by_address.find(group);
          it != st.pending_by_address.end() && --it->second == 0) {
        st.pending_by_address.erase(it);
      }
      st.idle.push_back(hasher);
      start_jobs(self);
    });
  }
}

// Asks a hasher `request...` (verify or digest) for the client waiting on
// `promise`, unless the queue has no room for the address group; then the
// refusal is the answer. `on_result` sees the hasher's answer before the
// client does.
template <class T, class OnResult, class... Request>
caf::result<T> hash(guard_pointer self, const std::string& group, OnResult on_result,
                    Request... request) {
  auto& st = self->state;
  auto promise = self->make_response_promise<T>();
  auto& pending = st.pending_by_address[group];
  if (pending >= kMaxPerAddress || st.queue.size() >= kMaxQueued) {
    if (pending == 0) {
      st.pending_by_address.erase(group);
    }
    promise.deliver(make_chat_error(ChatError::rate_limited,
                                    "the server is busy checking passwords; retry shortly",
                                    kBusyRetryMs));
    return promise;
  }
  ++pending;
  auto run = [self, promise, on_result, request = std::make_tuple(request...)](
                 password_hasher hasher, std::function<void()> done) mutable {
    std::apply(
        [&](auto&... args) {
          self->request(hasher, caf::infinite, args...)
              .then(
                  [promise, on_result, done](T& result) mutable {
                    on_result(result);
                    promise.deliver(std::move(result));
                    done();
                  },
                  [promise, done](caf::error& error) mutable {
                    promise.deliver(std::move(error));
                    done();
                  });
        },
        request);
  };
  st.queue.push_back(HashJob{group, std::move(run)});
  start_jobs(self);
  return promise;
}

login_guard_actor::behavior_type guard_behavior(guard_pointer self, std::size_t hash_threads,
                                                int iterations) {
  for (std::size_t i = 0; i < std::max<std::size_t>(1, hash_threads); ++i) {
    // Linked, so the hashing threads end with the guard.
    self->state.idle.push_back(
        self->spawn<caf::detached + caf::linked>(password_hasher_behavior, iterations));
  }
  self->delayed_send(self, kExpireInterval, atoms::tick::value);
  return {
      [self](atoms::verify, const LoginAttempt& attempt, const std::string& password,
             const std::string& stored) -> caf::result<bool> {
        auto& st = self->state;
        const auto group = net::address_group(attempt.address);
        if (const auto wait = st.throttle.retry_after(attempt.account, group); wait > 0) {
          return refused(wait);
        }
        return hash<bool>(
            self, group,
            [self, attempt, group](bool matches) {
              auto& throttle = self->state.throttle;
              if (matches) {
                throttle.succeeded(attempt.account, group);
              } else {
                throttle.failed(attempt.account, group);
              }
            },
            atoms::verify::value, password, stored);
      },
      [self](atoms::digest, const LoginAttempt& attempt,
             const std::string& password) -> caf::result<std::string> {
        return hash<std::string>(
            self, net::address_group(attempt.address), [](const std::string&) {},
            atoms::digest::value, password);
      },
      [self](atoms::admit, const LoginAttempt& attempt) -> caf::result<bool> {
        const auto wait =
            self->state.throttle.retry_after(attempt.account, net::address_group(attempt.address));
        if (wait > 0) {
          return refused(wait);
        }
        return true;
      },
      [self](atoms::outcome, const LoginAttempt& attempt, bool success) {
        const auto group = net::address_group(attempt.address);
        if (success) {
          self->state.throttle.succeeded(attempt.account, group);
        } else {
          self->state.throttle.failed(attempt.account, group);
        }
      },
      [self](atoms::tick) {
        self->state.throttle.expire();
        self->delayed_send(self, kExpireInterval, atoms::tick::value);
      },
  };
}

}  // namespace

login_guard_actor spawn_login_guard(caf::actor_system& system, std::size_t hash_threads,
                                    int iterations) {
  return system.spawn(guard_behavior, hash_threads, iterations);
}

}  // namespace confab
