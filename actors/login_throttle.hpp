#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <unordered_map>

namespace confab {

// Who may try a password now. Failures are counted per address group, per
// account, and per account and address together; each count grants a few
// free failures and then refuses further attempts for a time that doubles
// with every failure. An account under attack refuses only the addresses
// that have already failed for it: its owner, logging in from anywhere else,
// is never refused because someone else guessed wrong.
class LoginThrottle {
 public:
  using Clock = std::chrono::steady_clock;
  using Milliseconds = std::chrono::milliseconds;

  struct Policy {
    // An office or a mobile carrier puts many users behind one address.
    int free_per_address = 10;
    int free_per_account = 5;
    int free_per_pair = 3;
    Milliseconds first_delay{1000};
    Milliseconds max_delay{std::chrono::minutes(10)};
    // A record with no failure for this long is forgotten.
    Milliseconds forget_after{std::chrono::minutes(15)};
  };

  LoginThrottle() = default;
  explicit LoginThrottle(Policy policy) : policy_(policy) {}

  // 0 when `account` may be tried from `address` (a net::address_group) now,
  // else the milliseconds until it may.
  std::int64_t retry_after(const std::string& account, const std::string& address,
                           Clock::time_point now = Clock::now()) const;

  void failed(const std::string& account, const std::string& address,
              Clock::time_point now = Clock::now());
  // A success clears what the pair and the account had against them; the
  // address keeps its record, or one valid account would let it guess on.
  void succeeded(const std::string& account, const std::string& address);

  // Drops records quiet for Policy::forget_after; returns how many remain.
  std::size_t expire(Clock::time_point now = Clock::now());

 private:
  struct Record {
    int failures = 0;
    Clock::time_point blocked_until{};
    Clock::time_point last_failure{};
  };

  void count(std::unordered_map<std::string, Record>& records, const std::string& key,
             int free_failures, Clock::time_point now);
  static std::int64_t remaining(const std::unordered_map<std::string, Record>& records,
                                const std::string& key, Clock::time_point now);

  Policy policy_;
  std::unordered_map<std::string, Record> by_address_;
  std::unordered_map<std::string, Record> by_account_;
  std::unordered_map<std::string, Record> by_pair_;
};

}  // namespace confab
