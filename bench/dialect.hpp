// The wire protocol a confab-bench run speaks: confab's JSON lines or IRC,
// so confabd and an IRC server get the identical workload. A dialect only
// builds frames and classifies the lines that come back; the load generator
// owns sockets, windows and timing.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace confab::bench {

enum class LineKind {
  registered,  // the server accepted the nick
  joined,      // the room is joined: this client is ready
  delivery,    // a message from another client, with its text
  ack,         // the server has taken one of this client's messages
  ping,        // the server wants a pong, with its token
  error,
  other,
};

struct Line {
  LineKind kind = LineKind::other;
  std::string_view payload;  // delivery: the message text; ping: the token
};

class Dialect {
 public:
  virtual ~Dialect() = default;

  virtual std::string room_name(int room) const = 0;
  // Frames for a short-lived client that creates the room before anyone
  // joins; empty where joining creates it. Creators with different numbers
  // have different nicks (one per cluster node).
  virtual std::string create_room(int room, int creator) const = 0;
  // What a client sends once connected, and once registered.
  virtual std::string greeting(const std::string& nick, int room) const = 0;
  virtual std::string after_registration(int room) const = 0;
  // Appends one message; with `ask_ack`, also whatever makes the server
  // acknowledge it where the protocol does not by itself (IRC's PING).
  virtual void append_message(std::string& out, int room, std::string_view text, int sequence,
                              bool ask_ack) const = 0;
  // Whether the server acknowledges each message on its own (confab's
  // `ok`); otherwise only with `ask_ack`.
  virtual bool acknowledges_messages() const = 0;
  virtual std::string pong(std::string_view token) const = 0;
  // What a client sends now and then so that the server does not close it
  // for silence; empty where the server asks (IRC's PING, answered).
  virtual std::string keepalive() const = 0;
  // Lines come without their line ending. Cheap by design: the tool must
  // cost far less than the server it measures.
  virtual Line classify(std::string_view line) const = 0;
};

std::unique_ptr<Dialect> make_confab_dialect();
std::unique_ptr<Dialect> make_irc_dialect();

}  // namespace confab::bench
