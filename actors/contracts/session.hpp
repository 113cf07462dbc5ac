#pragma once

#include <cstdint>
#include <string>

#include <caf/replies_to.hpp>
#include <caf/typed_actor.hpp>

#include "actors/contracts/atoms.hpp"
#include "actors/contracts/message_types.hpp"
#include "net/dialect.hpp"

namespace confab {

// One client's session: the protocol state machine (in its dialect), its
// nick, joined rooms and rate limit. Runs on the worker pool; the gateway
// feeds it lines and it answers by sending bytes back to the gateway.
using session_actor = caf::typed_actor<
    // A complete line from the client (terminator stripped).
    caf::reacts_to<atoms::frame, std::string>,
    // The client sent a line longer than --max-frame; it is being closed.
    caf::reacts_to<atoms::oversize>,
    // The connection is gone (peer closed, error, or dropped as too slow).
    caf::reacts_to<atoms::closed>,
    // Nothing arrived from the client for --idle-timeout (the gateway sees
    // every read, so it keeps the time; sessions need no timer each).
    caf::reacts_to<atoms::idle>,
    // The client has not spoken first: the dialect that asks is chosen.
    caf::reacts_to<atoms::prompt>,
    // The TLS handshake is done (protocol, e.g. "TLSv1.3"): a client's
    // silence counts from here, not from the TCP connect.
    caf::reacts_to<atoms::secured, std::string>,
    // The client's first byte arrived, which tells its dialect. Sent at
    // once, so a JSON client whose first line is slow to complete is not
    // taken for a netcat user.
    caf::reacts_to<atoms::first_byte, std::uint8_t>,
    // --login-timeout has passed: a client still not logged in is closed.
    caf::reacts_to<atoms::login_deadline>,
    // The server is stopping: tell the client why and close.
    caf::reacts_to<atoms::shutdown, std::string>,
    // An admin removes this client (reason).
    caf::reacts_to<atoms::kick, std::string>,
    // The client is no longer a member of a room (room, by, reason): it was
    // deleted, or its operators removed the client.
    caf::reacts_to<atoms::removed, std::string, std::string, std::string>,
    // An IRC client's message that was over the rate limit may go now
    // (fakelag: its lines waited instead of being refused).
    caf::reacts_to<atoms::retry>,
    // Everything a labeled IRC command asked for has been answered: its
    // labeled response may go (sent to itself behind the command's own
    // awaited replies).
    caf::reacts_to<atoms::label_end>,
    // Is the upload (token) still moving? `activity` is its chunk count
    // when the check was set up.
    caf::reacts_to<atoms::upload_check, std::string, std::uint64_t>>;

// How rooms and the directory see a session: enough to address it directly
// through the gateway without asking the session itself.
struct MemberRef {
  std::string nick;
  ConnectionId conn = 0;
  // How the member's connection is written to: a room encodes each event
  // once per dialect among its members.
  net::DialectId dialect = net::DialectId::json;
  session_actor session;
  // The account the member logged in with; 0 for a guest. A room's
  // operator is known by it.
  std::int64_t account = 0;
  // Whether the join reply lists the members. The automatic join of `main`
  // on hello answers with the room name only, and 10 000 hellos must not
  // copy 50 million nicks.
  bool wants_roster = true;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, MemberRef& x) {
  return f(caf::meta::type_name("MemberRef"), x.nick, x.conn, x.dialect, x.session, x.account,
           x.wants_roster);
}

}  // namespace confab
