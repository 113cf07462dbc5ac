#include "net/irc_dialect.hpp"

#include "net/irc_lines.hpp"
#include "net/irc_message.hpp"
#include "net/overloaded.hpp"

namespace confab::net {
namespace {

std::string crlf(std::string line) {
  line += "\r\n";
  return line;
}

std::string joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& line : lines) {
    out += line;
    out += "\r\n";
  }
  return out;
}

// From the server, which these lines cannot name: IRC clients take a line
// without a source as the server's.
std::string server_line(std::string_view command, std::vector<std::string> params) {
  return crlf(format_irc_message(IrcMessage{{}, {}, std::string(command), std::move(params)}));
}

std::string channel(std::string_view room) {
  return "#" + std::string(room);
}

class IrcDialect final : public Dialect {
 public:
  DialectId id() const override { return DialectId::irc; }
  std::string_view name() const override { return "irc"; }

  ParsedLine parse(std::string_view, const LineContext&) const override { return std::monostate{}; }

  std::string render(const Event& event) const override {
    return std::visit(
        Overloaded{
            [](const MessageEvent& e) {
              return joined(irc_message_lines(e.message, kIrcUserHost, {}));
            },
            [](const RetractEvent& e) {
              const auto target = e.message.is_private() ? e.message.to : channel(e.message.room);
              return server_line(
                  "NOTICE",
                  {target, "The server could not store this message from " + e.message.from +
                               ", which no one will see again: " + e.message.text});
            },
            [](const PresenceEvent& e) {
              const auto source = irc_source(e.nick, kIrcUserHost);
              switch (e.change) {
                case PresenceChange::join:
                  return crlf(format_irc_message({{}, source, "JOIN", {channel(e.room)}}));
                case PresenceChange::leave:
                  return crlf(format_irc_message({{}, source, "PART", {channel(e.room)}}));
                case PresenceChange::kick:
                  return crlf(format_irc_message(
                      {{},
                       irc_source(e.by, kIrcUserHost),
                       "KICK",
                       {channel(e.room), std::string(e.nick), std::string(e.reason)}}));
                case PresenceChange::quit:
                  break;
              }
              return crlf(format_irc_message({{}, source, "QUIT", {"Quit"}}));
            },
            [](const TopicEvent& e) {
              return crlf(format_irc_message({{},
                                              irc_source(e.by, kIrcUserHost),
                                              "TOPIC",
                                              {channel(e.room), std::string(e.topic)}}));
            },
            [](const NoticeEvent& e) {
              return server_line("NOTICE", {"*", std::string(e.text)});
            },
            [](const ShutdownEvent& e) {
              return server_line("ERROR", {"Server shutting down: " + std::string(e.reason)});
            },
            [](const KickedEvent& e) {
              return server_line("ERROR", {"Kicked by an administrator: " + std::string(e.reason)});
            },
            [](const RemovedEvent& e) {
              return server_line("NOTICE", {channel(e.room),
                                            "You were removed from " + channel(e.room) + " by " +
                                                std::string(e.by) + ": " + std::string(e.reason)});
            },
            [](const IdleTimeoutEvent& e) {
              return server_line("ERROR",
                                 {"Ping timeout: " + std::to_string(e.seconds) + " seconds"});
            },
            [](const LoginTimeoutEvent& e) {
              return server_line(
                  "ERROR", {"Registration timeout: " + std::to_string(e.seconds) + " seconds"});
            },
            [](const FrameTooLargeEvent&) { return server_line("ERROR", {"Input line too long"}); },
            // IRC clients cannot carry confab's files.
            [](const ChunkEvent&) { return std::string{}; },
            [](const FileEndEvent&) { return std::string{}; },
            [](const UploadCancelledEvent&) { return std::string{}; },
        },
        event);
  }

  // The only replies that come this way are a `say`'s, from storage: IRC
  // shows a message that was stored by nothing at all.
  std::string ok(const ReplyTo&, const Result&) const override { return {}; }

  std::string error(const ReplyTo&, ErrorCode, std::string_view message,
                    std::int64_t) const override {
    return server_line("NOTICE", {"*", std::string(message)});
  }

  std::string prompt() const override { return {}; }
};

}  // namespace

const Dialect& irc_dialect() {
  static const IrcDialect instance;
  return instance;
}

}  // namespace confab::net
