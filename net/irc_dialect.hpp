#pragma once

#include <string>
#include <vector>

#include "net/dialect.hpp"

namespace confab::net {

// The host part every confab user has in IRC's nick!user@host.
inline constexpr std::string_view kIrcUserHost = "confab";

// The IRCv3 capabilities that change what an IRC client is sent by rooms
// and the directory, as bits: each combination is a flavour of the dialect
// with its own DialectId.
using IrcFeatures = std::uint8_t;
inline constexpr IrcFeatures kIrcServerTime = 1;   // server-time: `time` tags
inline constexpr IrcFeatures kIrcMessageTags = 2;  // message-tags: `msgid` tags
inline constexpr IrcFeatures kIrcAccountTag = 4;   // account-tag: `account` tags
inline constexpr IrcFeatures kIrcAwayNotify = 8;   // away-notify: AWAY lines
static_assert(kIrcFlavours == 16, "one flavour per combination of the features");

// The features a set of enabled capabilities (by name) switches on.
IrcFeatures irc_features(const std::vector<std::string>& capabilities);
DialectId irc_dialect_id(IrcFeatures features);
IrcFeatures irc_features(DialectId id);

// IRC as rooms and the directory see it: what they fan out to IRC members
// (messages, presence, retractions), written without knowing the
// recipient. Lines from IRC clients, and the replies to them, need the
// connection's state (its registration, its nick, the server's name): the
// session handles those (actors/session/irc_session.cpp), and what reaches
// this class of them is worded without that state.
const Dialect& irc_dialect(IrcFeatures features = 0);

}  // namespace confab::net
