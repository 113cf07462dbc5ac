// IRCv3 draft/chathistory: CHATHISTORY reads the same history as the JSON
// `history` op, with its access rules (rooms the client is in; private
// conversations only for an account), and answers in a `chathistory` batch.
// Message references are msgids (confab's msg_ids) or timestamps, which the
// storage turns into msg_id bounds first.
#include <algorithm>
#include <charconv>
#include <functional>
#include <limits>
#include <optional>

#include "actors/session/irc_session.hpp"
#include "actors/session/operations.hpp"
#include "net/irc_lines.hpp"
#include "net/irc_message.hpp"
#include "net/names.hpp"

namespace confab::session_detail {
namespace {

using net::IrcMessage;

// The most messages one CHATHISTORY returns (ISUPPORT CHATHISTORY).
constexpr std::int64_t kMaxChathistory = 100;

// What the reply needs of the command, kept in the request.
constexpr const char* kSubcommand = "irc_subcommand";
constexpr const char* kTarget = "irc_target";
// Only messages with msg_id above `kLow` and below `kHigh` are shown.
constexpr const char* kLow = "irc_low";
constexpr const char* kHigh = "irc_high";

// A message reference as msg_id bounds: messages after it have ids above
// `low`, messages before it ids below `high`. A msgid is both; a timestamp
// falls between messages.
struct Reference {
  std::int64_t low = 0;
  std::int64_t high = 0;
};

// "msgid=N" or "timestamp=…": what is still to be asked of storage.
struct ParsedReference {
  std::optional<std::int64_t> msgid;
  std::string timestamp;
};

void send_fail(session_pointer self, std::string_view code, std::vector<std::string> context,
               std::string description) {
  IrcMessage fail{{}, self->state.context->irc->server_name, "FAIL", {"CHATHISTORY"}};
  fail.params.emplace_back(code);
  for (auto& item : context) {
    fail.params.push_back(std::move(item));
  }
  fail.params.push_back(std::move(description));
  send_bytes(self, net::format_irc_message(fail) + "\r\n");
}

std::optional<std::int64_t> parse_number(std::string_view text) {
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size()) {
    return std::nullopt;
  }
  return value;
}

std::optional<ParsedReference> parse_reference(std::string_view text) {
  constexpr std::string_view kMsgid = "msgid=";
  constexpr std::string_view kTimestamp = "timestamp=";
  if (text.substr(0, kMsgid.size()) == kMsgid) {
    if (auto id = parse_number(text.substr(kMsgid.size())); id && *id > 0) {
      return ParsedReference{id, {}};
    }
    return std::nullopt;
  }
  if (text.substr(0, kTimestamp.size()) == kTimestamp && text.size() > kTimestamp.size()) {
    return ParsedReference{std::nullopt, std::string(text.substr(kTimestamp.size()))};
  }
  return std::nullopt;
}

// Turns every reference into bounds (asking storage for timestamps), then
// calls `done` with them in order.
void resolve(session_pointer self, std::vector<ParsedReference> parsed,
             std::vector<Reference> resolved,
             std::function<void(const std::vector<Reference>&)> done) {
  if (resolved.size() == parsed.size()) {
    done(resolved);
    return;
  }
  const auto& next = parsed[resolved.size()];
  if (next.msgid) {
    resolved.push_back({*next.msgid, *next.msgid});
    resolve(self, std::move(parsed), std::move(resolved), std::move(done));
    return;
  }
  self->request(self->state.context->storage, kRequestTimeout, atoms::msg_at::value, next.timestamp)
      .await(
          [self, parsed, resolved, done](TimestampBounds& bounds) mutable {
            resolved.push_back({bounds.after - 1, bounds.at_or_after});
            resolve(self, std::move(parsed), std::move(resolved), std::move(done));
          },
          [self](caf::error&) {
            send_fail(self, "MESSAGE_ERROR", {}, "The history could not be read; retry");
          });
}

}  // namespace

void on_chathistory(session_pointer self, const IrcMessage& message) {
  const auto& params = message.params;
  const auto subcommand = params.empty() ? std::string{} : net::irc_command_upper(params[0]);
  if (subcommand == "TARGETS") {
    send_fail(self, "INVALID_PARAMS", {subcommand},
              "TARGETS is not supported; ask for each room and private conversation");
    return;
  }
  const bool between = subcommand == "BETWEEN";
  const std::size_t needed = between ? 5 : 4;
  if (subcommand != "LATEST" && subcommand != "BEFORE" && subcommand != "AFTER" &&
      subcommand != "AROUND" && !between) {
    send_fail(self, "INVALID_PARAMS", {subcommand.empty() ? "*" : subcommand},
              "Unknown subcommand");
    return;
  }
  if (params.size() < needed) {
    send_fail(self, "INVALID_PARAMS", {subcommand}, "Not enough parameters");
    return;
  }
  const auto& target = params[1];
  const auto limit = parse_number(params[needed - 1]);
  if (!limit || *limit < 1) {
    send_fail(self, "INVALID_PARAMS", {subcommand, params[needed - 1]}, "Invalid limit");
    return;
  }
  std::vector<ParsedReference> references;
  const bool latest_from_now = subcommand == "LATEST" && params[2] == "*";
  for (std::size_t i = 2; i + 1 < needed && !latest_from_now; ++i) {
    auto reference = parse_reference(params[i]);
    if (!reference) {
      send_fail(self, "INVALID_PARAMS", {subcommand, params[i]}, "Invalid message reference");
      return;
    }
    references.push_back(std::move(*reference));
  }

  net::Json body{{kIrcCommandField, "CHATHISTORY"},
                 {kSubcommand, subcommand},
                 {kTarget, target},
                 {"limit", std::min(*limit, kMaxChathistory)}};
  if (target.size() > 1 && target.front() == '#') {
    body["room"] = target.substr(1);
  } else {
    body["with"] = target;
  }
  resolve(self, std::move(references), {},
          [self, subcommand, body = std::move(body)](const std::vector<Reference>& refs) mutable {
            if (subcommand == "LATEST") {
              if (!refs.empty()) {
                body[kLow] = refs[0].low;
              }
            } else if (subcommand == "BEFORE") {
              body["before"] = refs[0].high;
            } else if (subcommand == "AFTER") {
              body["after"] = refs[0].low;
            } else if (subcommand == "AROUND") {
              body["around"] = refs[0].high;
            } else if (refs[0].high <= refs[1].high) {
              // BETWEEN forwards: the oldest after the first reference.
              body["after"] = refs[0].low;
              body[kHigh] = refs[1].high;
            } else {
              // BETWEEN backwards: the newest before the first reference.
              body["before"] = refs[0].high;
              body[kLow] = refs[1].low;
            }
            handle_request(self, Request{"history", {}, std::move(body)});
          });
}

void chathistory_reply(session_pointer self, const Request& request,
                       const net::HistoryResult& result) {
  const auto& body = request.body;
  const auto low = body.value(kLow, std::int64_t{0});
  const auto high = body.value(kHigh, std::numeric_limits<std::int64_t>::max());
  const auto target = body.value(kTarget, std::string{});
  auto& st = self->state;
  const bool batched = st.irc->has_capability("batch");
  const auto batch = "h" + std::to_string(++st.irc_state->batches);
  const auto& server_name = st.context->irc->server_name;
  std::string bytes;
  if (batched) {
    bytes +=
        net::format_irc_message({{}, server_name, "BATCH", {"+" + batch, "chathistory", target}}) +
        "\r\n";
  }
  for (const auto& message : result.messages) {
    if (message.msg_id <= low || message.msg_id >= high) {
      continue;
    }
    const auto lines = dialect(self).render(net::MessageEvent{message});
    bytes += batched ? net::add_irc_tag(lines, "batch", batch) : lines;
  }
  if (batched) {
    bytes += net::format_irc_message({{}, server_name, "BATCH", {"-" + batch}}) + "\r\n";
  }
  send_bytes(self, std::move(bytes));
}

void chathistory_error(session_pointer self, const Request& request, net::ErrorCode code,
                       std::string_view message) {
  const auto subcommand = request.body.value(kSubcommand, std::string{});
  const auto target = request.body.value(kTarget, std::string{});
  switch (code) {
    case net::ErrorCode::not_member:
    case net::ErrorCode::no_such_room:
    case net::ErrorCode::auth_required:
    case net::ErrorCode::bad_request:
      send_fail(self, "INVALID_TARGET", {subcommand, target}, std::string(message));
      return;
    default:
      send_fail(self, "MESSAGE_ERROR", {subcommand, target}, std::string(message));
      return;
  }
}

}  // namespace confab::session_detail
