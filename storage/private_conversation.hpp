#pragma once

#include <cstdint>
#include <string>

#include <SQLiteCpp/Statement.h>

namespace confab::storage {

// Both parties of a private message in a fixed order, so one index
// (messages_by_pair) serves the conversation whichever side asks.
std::string pair_key(const std::string& a, const std::string& b);

// The SQL condition on `messages AS m` that selects the conversation between
// the account :me (who is :my_nick) and whoever holds the nick :other now:
// its account if it has one, else its guests. What the name meant before it
// was registered is another person's conversation.
extern const std::string kPrivateConversation;

void bind_private_conversation(SQLite::Statement& query, std::int64_t account,
                               const std::string& nick, const std::string& other);

}  // namespace confab::storage
