#include "net/irc_registration.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <sstream>

#include "net/base64.hpp"
#include "net/names.hpp"

namespace confab::net {
namespace {

// SASL data comes in base64 chunks of at most this size; a full one means
// more follows (IRCv3 SASL 3.1).
constexpr std::size_t kSaslChunk = 400;
// Far above what PLAIN with a 32-character account and any sane password
// needs; a client sending more is not logging in.
constexpr std::size_t kMaxSaslBytes = 4096;
// RPL_ISUPPORT carries at most this many tokens a line.
constexpr std::size_t kIsupportPerLine = 13;
// A CAP LS line stays well inside 512 bytes with the server name before it.
constexpr std::size_t kCapLineBytes = 400;

std::string_view capability_name(std::string_view offered) {
  return offered.substr(0, offered.find('='));
}

std::vector<std::string> words(std::string_view text) {
  std::vector<std::string> result;
  std::istringstream stream{std::string(text)};
  for (std::string word; stream >> word;) {
    result.push_back(word);
  }
  return result;
}

// Takes as long whatever the guess, so the server password cannot be found
// a character at a time.
bool same_secret(std::string_view given, std::string_view expected) {
  unsigned char difference = given.size() == expected.size() ? 0 : 1;
  for (std::size_t i = 0; i < given.size(); ++i) {
    difference |= static_cast<unsigned char>(
        given[i] ^ (expected.empty() ? 0 : expected[i % expected.size()]));
  }
  return difference == 0;
}

}  // namespace

IrcRegistration::IrcRegistration(std::shared_ptr<const IrcServerInfo> info, std::string host)
    : info_(std::move(info)), host_(std::move(host)) {}

bool IrcRegistration::has_capability(std::string_view name) const {
  return std::find(enabled_.begin(), enabled_.end(), name) != enabled_.end();
}

bool IrcRegistration::offers(std::string_view capability) const {
  return std::any_of(
      info_->capabilities.begin(), info_->capabilities.end(),
      [&](const std::string& offered) { return capability_name(offered) == capability; });
}

std::string IrcRegistration::prefix() const {
  return client() + "!" + client() + "@" + host_;
}

std::string IrcRegistration::client() const {
  return nick_.empty() ? std::string("*") : nick_;
}

IrcMessage IrcRegistration::numeric(std::string_view code, std::vector<std::string> params) const {
  IrcMessage message;
  message.source = info_->server_name;
  message.command = std::string(code);
  message.params.reserve(params.size() + 1);
  message.params.push_back(client());
  for (auto& param : params) {
    message.params.push_back(std::move(param));
  }
  return message;
}

IrcRegistration::Step IrcRegistration::closing(Step step, std::string_view reason) const {
  step.replies.push_back(
      IrcMessage{{},
                 "",
                 "ERROR",
                 {"Closing link: (" + client() + "@" + host_ + ") [" + std::string(reason) + "]"}});
  step.ask = Step::Ask::close;
  return step;
}

IrcRegistration::Step IrcRegistration::handle(const IrcMessage& message) {
  const auto command = irc_command_upper(message.command);
  if (command == "CAP") {
    return on_cap(message);
  }
  if (command == "AUTHENTICATE") {
    return on_authenticate(message);
  }
  if (command == "PASS") {
    return on_pass(message);
  }
  if (command == "NICK") {
    return on_nick(message);
  }
  if (command == "USER") {
    return on_user(message);
  }
  Step step;
  if (command == "PING") {
    if (message.params.empty() || message.params[0].empty()) {
      step.replies.push_back(numeric("461", {"PING", "Not enough parameters"}));
    } else {
      step.replies.push_back(
          IrcMessage{{}, info_->server_name, "PONG", {info_->server_name, message.params[0]}});
    }
    return step;
  }
  if (command == "PONG") {
    return step;
  }
  if (command == "QUIT") {
    return closing(std::move(step),
                   "Quit: " + (message.params.empty() ? std::string{} : message.params[0]));
  }
  step.replies.push_back(numeric("451", {"You have not registered"}));
  return step;
}

IrcRegistration::Step IrcRegistration::on_cap(const IrcMessage& message) {
  Step step;
  if (message.params.empty()) {
    step.replies.push_back(numeric("461", {"CAP", "Not enough parameters"}));
    return step;
  }
  const auto subcommand = irc_command_upper(message.params[0]);
  if (subcommand == "LS") {
    negotiating_ = true;
    if (message.params.size() > 1) {
      cap_version_ = std::max(cap_version_, std::atoi(message.params[1].c_str()));
    }
    // IRCv3.2: a 302 client gets values and multi-line replies, and has
    // cap-notify on without asking.
    const bool v302 = cap_version_ >= 302;
    if (v302 && offers("cap-notify") && !has_capability("cap-notify")) {
      enabled_.push_back("cap-notify");
    }
    std::vector<std::string> lines(1);
    for (const auto& offered : info_->capabilities) {
      const auto entry = v302 ? offered : std::string(capability_name(offered));
      if (v302 && !lines.back().empty() && lines.back().size() + entry.size() > kCapLineBytes) {
        lines.emplace_back();
      }
      lines.back() += (lines.back().empty() ? "" : " ") + entry;
    }
    for (std::size_t i = 0; i < lines.size(); ++i) {
      IrcMessage line{{}, info_->server_name, "CAP", {client(), "LS"}};
      if (i + 1 < lines.size()) {
        line.params.push_back("*");
      }
      line.params.push_back(lines[i]);
      step.replies.push_back(std::move(line));
    }
    return step;
  }
  if (subcommand == "LIST") {
    std::string enabled;
    for (const auto& name : enabled_) {
      enabled += (enabled.empty() ? "" : " ") + name;
    }
    step.replies.push_back(IrcMessage{{}, info_->server_name, "CAP", {client(), "LIST", enabled}});
    return step;
  }
  if (subcommand == "REQ") {
    negotiating_ = true;
    const auto requested = message.params.size() > 1 ? message.params[1] : std::string{};
    const auto asked = words(requested);
    // All or nothing (IRCv3 capability negotiation).
    const bool known =
        !asked.empty() && std::all_of(asked.begin(), asked.end(), [&](const auto& cap) {
          return offers(cap.front() == '-' ? std::string_view(cap).substr(1)
                                           : std::string_view(cap));
        });
    if (!known) {
      step.replies.push_back(
          IrcMessage{{}, info_->server_name, "CAP", {client(), "NAK", requested}});
      return step;
    }
    for (const auto& cap : asked) {
      if (cap.front() == '-') {
        enabled_.erase(std::remove(enabled_.begin(), enabled_.end(), cap.substr(1)),
                       enabled_.end());
      } else if (!has_capability(cap)) {
        enabled_.push_back(cap);
      }
    }
    step.replies.push_back(IrcMessage{{}, info_->server_name, "CAP", {client(), "ACK", requested}});
    return step;
  }
  if (subcommand == "END") {
    negotiating_ = false;
    return try_to_finish(std::move(step));
  }
  step.replies.push_back(numeric("410", {message.params[0], "Invalid CAP command"}));
  return step;
}

IrcRegistration::Step IrcRegistration::on_authenticate(const IrcMessage& message) {
  Step step;
  if (sasl_ == Sasl::done) {
    step.replies.push_back(numeric("907", {"You have already authenticated using SASL"}));
    return step;
  }
  if (message.params.empty() || message.params[0].empty()) {
    step.replies.push_back(numeric("461", {"AUTHENTICATE", "Not enough parameters"}));
    return step;
  }
  const auto& data = message.params[0];
  if (data == "*") {
    sasl_ = Sasl::none;
    sasl_buffer_.clear();
    step.replies.push_back(numeric("906", {"SASL authentication aborted"}));
    return step;
  }
  if (sasl_ == Sasl::none) {
    if (!offers("sasl") || irc_command_upper(data) != "PLAIN") {
      step.replies.push_back(numeric("908", {"PLAIN", "are available SASL mechanisms"}));
      step.replies.push_back(numeric("904", {"SASL authentication failed"}));
      return step;
    }
    sasl_ = Sasl::awaiting_data;
    step.replies.push_back(IrcMessage{{}, "", "AUTHENTICATE", {"+"}});
    return step;
  }
  if (data.size() > kSaslChunk || sasl_buffer_.size() + data.size() > kMaxSaslBytes) {
    sasl_ = Sasl::none;
    sasl_buffer_.clear();
    step.replies.push_back(numeric("905", {"SASL message too long"}));
    return step;
  }
  if (data != "+") {
    sasl_buffer_ += data;
  }
  if (data.size() == kSaslChunk) {
    return step;
  }
  const auto decoded = base64_decode(sasl_buffer_);
  sasl_buffer_.clear();
  // PLAIN: authzid NUL authcid NUL password; one may log in only as oneself.
  std::vector<std::string> fields;
  if (decoded) {
    std::size_t start = 0;
    for (std::size_t end; (end = decoded->find('\0', start)) != std::string::npos;
         start = end + 1) {
      fields.push_back(decoded->substr(start, end - start));
    }
    fields.push_back(decoded->substr(start));
  }
  if (fields.size() != 3 || fields[1].empty() || (!fields[0].empty() && fields[0] != fields[1])) {
    sasl_ = Sasl::none;
    step.replies.push_back(numeric("904", {"SASL authentication failed"}));
    return step;
  }
  account_ = fields[1];
  sasl_password_ = fields[2];
  sasl_ = Sasl::checking;
  step.ask = Step::Ask::check_sasl;
  return step;
}

IrcRegistration::Step IrcRegistration::sasl_checked(bool accepted) {
  Step step;
  sasl_password_.clear();
  if (!accepted) {
    sasl_ = Sasl::none;
    account_.clear();
    step.replies.push_back(numeric("904", {"SASL authentication failed"}));
    return step;
  }
  sasl_ = Sasl::done;
  step.replies.push_back(
      numeric("900", {prefix(), account_, "You are now logged in as " + account_}));
  step.replies.push_back(numeric("903", {"SASL authentication successful"}));
  return try_to_finish(std::move(step));
}

IrcRegistration::Step IrcRegistration::on_pass(const IrcMessage& message) {
  Step step;
  if (message.params.empty() || message.params[0].empty()) {
    step.replies.push_back(numeric("461", {"PASS", "Not enough parameters"}));
    return step;
  }
  password_ = message.params[0];
  password_given_ = true;
  return step;
}

IrcRegistration::Step IrcRegistration::on_nick(const IrcMessage& message) {
  Step step;
  if (message.params.empty() || message.params[0].empty()) {
    step.replies.push_back(numeric("431", {"No nickname given"}));
    return step;
  }
  const auto& wanted = message.params[0];
  if (!is_valid_nick(wanted)) {
    step.replies.push_back(numeric("432", {wanted, "Erroneous nickname"}));
    return step;
  }
  nick_ = wanted;
  return try_to_finish(std::move(step));
}

IrcRegistration::Step IrcRegistration::on_user(const IrcMessage& message) {
  Step step;
  if (!user_.empty()) {
    step.replies.push_back(numeric("462", {"You may not reregister"}));
    return step;
  }
  if (message.params.size() < 4 || message.params[0].empty() || message.params[3].empty()) {
    step.replies.push_back(numeric("461", {"USER", "Not enough parameters"}));
    return step;
  }
  user_ = message.params[0];
  realname_ = message.params[3];
  return try_to_finish(std::move(step));
}

IrcRegistration::Step IrcRegistration::try_to_finish(Step step) {
  if (registered_ || logging_in_ || negotiating_ || sasl_ == Sasl::awaiting_data ||
      sasl_ == Sasl::checking || nick_.empty() || user_.empty()) {
    return step;
  }
  if (!info_->password.empty() && !(password_given_ && same_secret(password_, info_->password))) {
    step.replies.push_back(numeric("464", {"Password incorrect"}));
    return closing(std::move(step), "Bad password");
  }
  logging_in_ = true;
  step.ask = Step::Ask::log_in;
  return step;
}

IrcRegistration::Step IrcRegistration::nick_refused(IrcNickRefusal why) {
  Step step;
  logging_in_ = false;
  const auto refused = std::exchange(nick_, std::string{});
  switch (why) {
    case IrcNickRefusal::taken:
      step.replies.push_back(numeric("433", {refused, "Nickname is already in use"}));
      break;
    case IrcNickRefusal::registered:
      step.replies.push_back(
          numeric("433", {refused, "Nickname is registered: log in to its account with SASL"}));
      break;
    case IrcNickRefusal::invalid:
      step.replies.push_back(numeric("432", {refused, "Erroneous nickname"}));
      break;
  }
  return step;
}

std::vector<IrcMessage> IrcRegistration::welcome(const std::string& nick) {
  nick_ = nick;
  logging_in_ = false;
  registered_ = true;
  const auto& info = *info_;
  std::vector<IrcMessage> lines;
  lines.push_back(numeric("001", {"Welcome to the " + info.network + " IRC Network, " + prefix()}));
  lines.push_back(
      numeric("002", {"Your host is " + info.server_name + ", running version " + info.version}));
  lines.push_back(numeric("003", {"This server was created " + info.created}));
  lines.push_back(numeric("004", {info.server_name, info.version, info.user_modes,
                                  info.channel_modes, info.channel_modes_with_parameter}));
  for (auto& line : isupport()) {
    lines.push_back(std::move(line));
  }
  for (auto& line : motd()) {
    lines.push_back(std::move(line));
  }
  return lines;
}

std::vector<IrcMessage> IrcRegistration::isupport() const {
  const auto& info = *info_;
  std::vector<IrcMessage> lines;
  for (std::size_t first = 0; first < info.isupport.size(); first += kIsupportPerLine) {
    std::vector<std::string> tokens(
        info.isupport.begin() + static_cast<std::ptrdiff_t>(first),
        info.isupport.begin() +
            static_cast<std::ptrdiff_t>(std::min(info.isupport.size(), first + kIsupportPerLine)));
    tokens.push_back("are supported by this server");
    lines.push_back(numeric("005", std::move(tokens)));
  }
  return lines;
}

std::vector<IrcMessage> IrcRegistration::motd() const {
  const auto& info = *info_;
  std::vector<IrcMessage> lines;
  if (info.motd.empty()) {
    lines.push_back(numeric("422", {"MOTD File is missing"}));
  } else {
    lines.push_back(numeric("375", {"- " + info.server_name + " Message of the day - "}));
    for (const auto& line : info.motd) {
      lines.push_back(numeric("372", {"- " + line}));
    }
    lines.push_back(numeric("376", {"End of /MOTD command."}));
  }
  return lines;
}

}  // namespace confab::net
