#include "storage/private_conversation.hpp"

#include <utility>

#include "net/names.hpp"

namespace confab::storage {
namespace {

// The account that holds the nick key :other now; NULL while it has none, so
// `IS` matches the guests who used that name.
const std::string kHolderOfOther = "(SELECT account_id FROM accounts WHERE nick_key = :other)";

}  // namespace

std::string pair_key(const std::string& a, const std::string& b) {
  auto first = net::name_key(a);
  auto second = net::name_key(b);
  if (second < first) {
    std::swap(first, second);
  }
  return first + "\n" + second;
}

const std::string kPrivateConversation =
    "m.pair_key = :pair AND ((m.sender_account = :me AND m.recipient_account IS " + kHolderOfOther +
    ") OR (m.recipient_account = :me AND m.sender_account IS " + kHolderOfOther + "))";

void bind_private_conversation(SQLite::Statement& query, std::int64_t account,
                               const std::string& nick, const std::string& other) {
  query.bind(":pair", pair_key(nick, other));
  query.bind(":me", account);
  query.bind(":other", net::name_key(other));
}

}  // namespace confab::storage
