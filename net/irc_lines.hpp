#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "net/message_record.hpp"

namespace confab::net {

// The IRCv3 tags a recipient negotiated, which decide what its lines carry.
struct IrcTags {
  // server-time: `time`, the message's timestamp.
  bool server_time = false;
  // message-tags: `msgid`, the message's msg_id (on the first line of a
  // message split into several: an id names one message).
  bool message_tags = false;
  // account-tag: `account`, when the sender was logged in to one.
  bool account_tag = false;
};

// How IRC clients see any confab user, whatever dialect they speak:
// nick!nick@host, host being the server's name.
std::string irc_source(std::string_view nick, std::string_view host);

// A room or private message as the lines an IRC client is sent: PRIVMSG to
// #room, or to the recipient's nick. A text longer than one IRC line allows
// (512 bytes with the source, the target and CR LF) is split, never cut: at
// the last space in the second half of the room there is, else at a
// character boundary. A text of several lines is several messages (empty
// lines, which IRC cannot carry, are left out). A shared file is a NOTICE
// that names it, its size and how to fetch it. Lines come without CR LF.
std::vector<std::string> irc_message_lines(const MessageRecord& message, std::string_view host,
                                           const IrcTags& tags);

// Lines already written (each ending in CR LF), each given one more tag,
// put first: how a reply joins a batch or carries a label.
std::string add_irc_tag(std::string_view lines, std::string_view key, std::string_view value);

// How many lines (each ending in CR LF) `lines` holds.
std::size_t irc_line_count(std::string_view lines);

}  // namespace confab::net
