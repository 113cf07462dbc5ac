#pragma once

#include "net/dialect.hpp"

namespace confab::net {

// The host part every confab user has in IRC's nick!user@host.
inline constexpr std::string_view kIrcUserHost = "confab";

// IRC as rooms and the directory see it: what they fan out to IRC members
// (messages, presence, retractions), written without knowing the
// recipient. Lines from IRC clients, and the replies to them, need the
// connection's state (its registration, its nick, the server's name): the
// session handles those (actors/session/irc_session.cpp), and what reaches
// this class of them is worded without that state.
const Dialect& irc_dialect();

}  // namespace confab::net
