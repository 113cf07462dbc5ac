#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "net/error_code.hpp"
#include "net/events.hpp"
#include "net/protocol_codec.hpp"
#include "net/replies.hpp"

namespace confab::net {

// The ways a client can talk to confabd. The id is what actors carry (in a
// room's member list, in the route of a message's acknowledgement); the
// Dialect behind it is all that knows the bytes. docs/architecture.md
// ("Adding a dialect") lists what a new one touches.
//
// IRC is a family: what an IRC client is sent depends on the IRCv3
// capabilities it enabled (tags, away notices), and a room encodes each
// event once per flavour among its members. `irc` is the first flavour, the
// one without capabilities; the others follow it (net/irc_dialect.hpp).
enum class DialectId : std::uint8_t { json, text, irc };
inline constexpr std::size_t kIrcFlavours = 16;
inline constexpr std::size_t kDialectCount = 2 + kIrcFlavours;

inline bool is_irc(DialectId id) {
  return static_cast<std::size_t>(id) >= static_cast<std::size_t>(DialectId::irc);
}

// What a reply needs of its request: which operation, and the id to echo.
struct ReplyTo {
  std::string op;
  std::string id;
};

inline ReplyTo reply_to(const Request& request) {
  return ReplyTo{request.op, request.id};
}

// Where a connection stands when a line arrives: dialects read a line
// differently before login, and text mode sends lines without a target to
// the current room.
struct LineContext {
  enum class Login : std::uint8_t { needed, in_progress, done };
  Login login = Login::needed;
  std::string_view current_room;
};

// Bytes the dialect answers a line with by itself (help, a usage error, a
// malformed frame): nothing for the server to do.
struct Answer {
  std::string bytes;
};

// A line is nothing to act on, a request, or answered on the spot.
using ParsedLine = std::variant<std::monostate, Request, Answer>;

class Dialect {
 public:
  virtual ~Dialect() = default;

  virtual DialectId id() const = 0;
  virtual std::string_view name() const = 0;

  virtual ParsedLine parse(std::string_view line, const LineContext& context) const = 0;

  // Each returns the bytes to send, empty for nothing (JSON acknowledges only
  // requests that carry an id).
  virtual std::string render(const Event& event) const = 0;
  virtual std::string ok(const ReplyTo& request, const Result& result) const = 0;
  virtual std::string error(const ReplyTo& request, ErrorCode code, std::string_view message,
                            std::int64_t retry_after_ms = 0) const = 0;

  // Sent once the server has decided a silent or new client speaks this
  // dialect.
  virtual std::string prompt() const = 0;
};

const Dialect& dialect(DialectId id);

// The chat port serves several dialects and tells them apart by the first
// byte a client sends; a client that stays silent gets the one that asks.
DialectId sniff_dialect(char first_byte);
DialectId silent_client_dialect();
// What a chat-port client is answered in before its first byte tells its
// dialect (a refused connection, a deadline): JSON, whose error frames a
// person at a terminal can read too.
DialectId undecided_dialect();

}  // namespace confab::net
