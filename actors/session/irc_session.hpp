#pragma once

// The IRC side of a chat session (irc_session.cpp): lines from an IRC
// client, and its replies in IRC's words.

#include <string_view>

#include "net/irc_message.hpp"
#include "net/replies.hpp"

#include "actors/session/session_state.hpp"

namespace confab::session_detail {

void handle_irc_line(session_pointer self, std::string_view line);
void irc_reply_ok(session_pointer self, const Request& request, const net::Result& result);
// Removed from a room by its operator `by` (or an administrator): IRC
// shows that as a KICK of this client.
void irc_removed(session_pointer self, const std::string& room, const std::string& by,
                 const std::string& reason);
// labeled-response: the labeled command is done; its gathered answer goes
// out as one labeled line, a labeled batch, or an ACK.
void finish_labeled_response(session_pointer self);

// A line longer than IRC allows was dropped: 417.
void irc_input_too_long(session_pointer self);

// CHATHISTORY (irc_chathistory.cpp): the command, and the reply to the
// `history` request it became.
void on_chathistory(session_pointer self, const net::IrcMessage& message);
void chathistory_reply(session_pointer self, const Request& request,
                       const net::HistoryResult& result);
void chathistory_error(session_pointer self, const Request& request, net::ErrorCode code,
                       std::string_view message);

void irc_reply_error(session_pointer self, const Request& request, net::ErrorCode code,
                     std::string_view message, std::int64_t retry_after_ms = 0);

}  // namespace confab::session_detail
