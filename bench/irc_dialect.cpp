// IRC (RFC 1459/2812 client side) for confab-bench. IRC has no per-message
// acknowledgement. With the ack window (--window-by ack) each PRIVMSG is
// followed by a PING: a server handles a client's commands in order, so its
// PONG says the message was taken, which is what confab's `ok` says. That is
// work no real client asks of a server, so the default window is bounded by
// what receivers have seen instead, and no PING is sent.
#include "bench/dialect.hpp"

namespace confab::bench {
namespace {

constexpr int kNoMotd = 422;

class IrcDialect final : public Dialect {
 public:
  std::string room_name(int room) const override { return "#bench" + std::to_string(room); }

  std::string create_room(int, int) const override { return {}; }

  std::string greeting(const std::string& nick, int) const override {
    return "NICK " + nick + "\r\nUSER " + nick + " 0 * :confab-bench\r\n";
  }

  // Joining before registration completes would be refused.
  std::string after_registration(int room) const override {
    return "JOIN " + room_name(room) + "\r\n";
  }

  void append_message(std::string& out, int room, std::string_view text, int sequence,
                      bool ask_ack) const override {
    out += "PRIVMSG ";
    out += room_name(room);
    out += " :";
    out += text;
    out += "\r\n";
    if (ask_ack) {
      out += "PING :";
      out += std::to_string(sequence);
      out += "\r\n";
    }
  }

  bool acknowledges_messages() const override { return false; }

  std::string keepalive() const override { return {}; }
  std::string pong(std::string_view token) const override {
    return "PONG :" + std::string(token) + "\r\n";
  }

  Line classify(std::string_view line) const override {
    if (!line.empty() && line.back() == '\r') {
      line.remove_suffix(1);
    }
    if (line.substr(0, 5) == "PING ") {
      auto token = line.substr(5);
      if (!token.empty() && token.front() == ':') {
        token.remove_prefix(1);
      }
      return {LineKind::ping, token};
    }
    if (line.substr(0, 6) == "ERROR ") {
      return {LineKind::error, line};
    }
    auto rest = line;
    if (!rest.empty() && rest.front() == ':') {
      const auto space = rest.find(' ');
      if (space == std::string_view::npos) {
        return {};
      }
      rest.remove_prefix(space + 1);
    }
    const auto command = rest.substr(0, rest.find(' '));
    if (command == "PRIVMSG") {
      const auto trailing = rest.find(" :");
      return {LineKind::delivery,
              trailing == std::string_view::npos ? std::string_view{} : rest.substr(trailing + 2)};
    }
    if (command == "PONG") {
      return {LineKind::ack, {}};
    }
    if (command == "001") {
      return {LineKind::registered, {}};
    }
    if (command == "366") {
      return {LineKind::joined, {}};
    }
    if (command.size() == 3 && (command[0] == '4' || command[0] == '5') &&
        command != std::to_string(kNoMotd)) {
      return {LineKind::error, line};
    }
    return {};
  }
};

}  // namespace

std::unique_ptr<Dialect> make_irc_dialect() {
  return std::make_unique<IrcDialect>();
}

}  // namespace confab::bench
