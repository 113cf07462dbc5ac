#include "net/irc_dialect.hpp"

#include <algorithm>

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
  // A reason or an announcement may hold line breaks: in one IRC line they
  // would end it, and what follows would read as another command.
  for (auto& param : params) {
    std::replace_if(
        param.begin(), param.end(), [](char c) { return c == '\r' || c == '\n' || c == '\0'; },
        ' ');
  }
  return crlf(format_irc_message(IrcMessage{{}, {}, std::string(command), std::move(params)}));
}

std::string channel(std::string_view room) {
  return "#" + std::string(room);
}

class IrcDialect final : public Dialect {
 public:
  explicit IrcDialect(IrcFeatures features)
      : features_(features),
        tags_{(features & kIrcServerTime) != 0, (features & kIrcMessageTags) != 0,
              (features & kIrcAccountTag) != 0} {}

  DialectId id() const override { return irc_dialect_id(features_); }
  std::string_view name() const override { return "irc"; }

  ParsedLine parse(std::string_view, const LineContext&) const override { return std::monostate{}; }

  std::string render(const Event& event) const override {
    return std::visit(
        Overloaded{
            [this](const MessageEvent& e) {
              return joined(irc_message_lines(e.message, kIrcUserHost, tags_));
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
              return crlf(format_irc_message(
                  {{},
                   source,
                   "QUIT",
                   {e.reason.empty() ? "Quit" : "Quit: " + std::string(e.reason)}}));
            },
            [](const TopicEvent& e) {
              return crlf(format_irc_message({{},
                                              irc_source(e.by, kIrcUserHost),
                                              "TOPIC",
                                              {channel(e.room), std::string(e.topic)}}));
            },
            [this](const AwayEvent& e) {
              if ((features_ & kIrcAwayNotify) == 0) {
                return std::string{};
              }
              IrcMessage away{{}, irc_source(e.nick, kIrcUserHost), "AWAY", {}};
              if (!e.message.empty()) {
                away.params.emplace_back(e.message);
              }
              return crlf(format_irc_message(away));
            },
            [](const NoticeEvent& e) {
              // A NOTICE per line of a multi-line announcement.
              std::string lines;
              std::string_view rest = e.text;
              while (!rest.empty()) {
                const auto end = rest.find('\n');
                auto line = rest.substr(0, end);
                if (!line.empty() && line.back() == '\r') {
                  line.remove_suffix(1);
                }
                if (!line.empty()) {
                  lines += server_line("NOTICE", {"*", std::string(line)});
                }
                rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end + 1);
              }
              return lines;
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
  // shows a stored message by nothing at all, or, with echo-message, by the
  // message as the others got it.
  std::string ok(const ReplyTo&, const Result& result) const override {
    const auto* sent = std::get_if<SentResult>(&result);
    if (sent == nullptr || sent->echo == nullptr) {
      return {};
    }
    return joined(irc_message_lines(*sent->echo, kIrcUserHost, tags_));
  }

  std::string error(const ReplyTo&, ErrorCode, std::string_view message,
                    std::int64_t) const override {
    return server_line("NOTICE", {"*", std::string(message)});
  }

  std::string prompt() const override { return {}; }

 private:
  IrcFeatures features_;
  IrcTags tags_;
};

}  // namespace

IrcFeatures irc_features(const std::vector<std::string>& capabilities) {
  IrcFeatures features = 0;
  for (const auto& capability : capabilities) {
    if (capability == "server-time") {
      features |= kIrcServerTime;
    } else if (capability == "message-tags") {
      features |= kIrcMessageTags;
    } else if (capability == "account-tag") {
      features |= kIrcAccountTag;
    } else if (capability == "away-notify") {
      features |= kIrcAwayNotify;
    }
  }
  return features;
}

DialectId irc_dialect_id(IrcFeatures features) {
  return static_cast<DialectId>(static_cast<std::size_t>(DialectId::irc) +
                                (features % kIrcFlavours));
}

IrcFeatures irc_features(DialectId id) {
  return static_cast<IrcFeatures>(static_cast<std::size_t>(id) -
                                  static_cast<std::size_t>(DialectId::irc));
}

const Dialect& irc_dialect(IrcFeatures features) {
  static const auto flavours = [] {
    std::vector<IrcDialect> all;
    for (std::size_t flavour = 0; flavour < kIrcFlavours; ++flavour) {
      all.emplace_back(static_cast<IrcFeatures>(flavour));
    }
    return all;
  }();
  return flavours[features % kIrcFlavours];
}

}  // namespace confab::net
