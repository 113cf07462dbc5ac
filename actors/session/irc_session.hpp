#pragma once

// The IRC side of a chat session (irc_session.cpp): lines from an IRC
// client, and its replies in IRC's words.

#include <string_view>

#include "actors/session/session_state.hpp"

namespace confab::session_detail {

void handle_irc_line(session_pointer self, std::string_view line);
void irc_reply_ok(session_pointer self, const Request& request, const net::Result& result);
// Removed from a room by its operator `by` (or an administrator): IRC
// shows that as a KICK of this client.
void irc_removed(session_pointer self, const std::string& room, const std::string& by,
                 const std::string& reason);
void irc_reply_error(session_pointer self, const Request& request, net::ErrorCode code,
                     std::string_view message);

}  // namespace confab::session_detail
