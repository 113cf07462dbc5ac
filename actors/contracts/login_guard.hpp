#pragma once

#include <string>

#include <caf/meta/type_name.hpp>
#include <caf/replies_to.hpp>
#include <caf/typed_actor.hpp>

#include "actors/contracts/atoms.hpp"

namespace confab {

// One try at a secret: whose (an account's nick key, or the admin token's
// name) and from where (the client's address as the gateway reports it).
struct LoginAttempt {
  std::string account;
  std::string address;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, LoginAttempt& x) {
  return f(caf::meta::type_name("LoginAttempt"), x.account, x.address);
}

// Stands between clients and every secret the server checks. It refuses
// attempts from where guessing went on too long (rate_limited, with
// retry_after_ms; see LoginThrottle), and it runs password hashes on a few
// threads of their own with a bounded queue, so guessers neither burn every
// core nor fill the server's memory, and one address cannot take the queue.
using login_guard_actor = caf::typed_actor<
    // Does `password` match the account's stored hash? Counted as a success
    // or a failure of the attempt.
    caf::replies_to<atoms::verify, LoginAttempt, std::string, std::string>::with<bool>,
    // A new account's password hashed for storage.
    caf::replies_to<atoms::digest, LoginAttempt, std::string>::with<std::string>,
    // May a check that needs no hash (the admin token) go ahead now?
    caf::replies_to<atoms::admit, LoginAttempt>::with<bool>,
    // How an admitted check ended (true: the secret was right).
    caf::reacts_to<atoms::outcome, LoginAttempt, bool>,
    // Housekeeping: forget old failures.
    caf::reacts_to<atoms::tick>>;

}  // namespace confab
