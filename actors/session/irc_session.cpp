// The session of an IRC client: its lines become the same requests the
// other dialects send (so rooms, history and limits are one), and their
// results become IRC's numerics and echoes. Registration (CAP, SASL, NICK,
// USER) is net::IrcRegistration's; this file gives it what only the server
// knows: accounts, passwords and nicks.
#include "actors/session/irc_session.hpp"

#include <algorithm>
#include <functional>
#include <sstream>

#include "actors/chat_error.hpp"
#include "actors/contracts/login_guard.hpp"
#include "actors/session/operations.hpp"
#include "net/irc_dialect.hpp"
#include "net/irc_lines.hpp"
#include "net/names.hpp"
#include "net/overloaded.hpp"
#include "net/timestamp.hpp"

namespace confab::session_detail {
namespace {

using net::IrcMessage;

constexpr const char* kIrcReason = "irc_reason";
// The channels a LIST named; all when empty.
constexpr const char* kIrcWanted = "irc_wanted";
// Lines a client may send while its login is being checked.
constexpr std::size_t kMaxHeldLines = 100;

const net::IrcServerInfo& server(session_pointer self) {
  return *self->state.context->irc;
}

void send_lines(session_pointer self, const std::vector<IrcMessage>& lines) {
  std::string bytes;
  for (const auto& line : lines) {
    bytes += net::format_irc_message(line);
    bytes += "\r\n";
  }
  if (!bytes.empty()) {
    send_bytes(self, std::move(bytes));
  }
}

std::string client_name(session_pointer self) {
  const auto& st = self->state;
  return st.hello_done ? st.nick : (st.irc->nick().empty() ? "*" : st.irc->nick());
}

IrcMessage numeric(session_pointer self, std::string_view code, std::vector<std::string> params) {
  IrcMessage message{{}, server(self).server_name, std::string(code), {client_name(self)}};
  for (auto& param : params) {
    message.params.push_back(std::move(param));
  }
  return message;
}

void send_numeric(session_pointer self, std::string_view code, std::vector<std::string> params) {
  send_lines(self, {numeric(self, code, std::move(params))});
}

std::string own_source(session_pointer self) {
  return net::irc_source(self->state.nick, net::kIrcUserHost);
}

std::string channel(std::string_view room) {
  return "#" + std::string(room);
}

std::vector<std::string> split_commas(std::string_view list) {
  std::vector<std::string> items;
  std::stringstream stream{std::string(list)};
  for (std::string item; std::getline(stream, item, ',');) {
    if (!item.empty()) {
      items.push_back(item);
    }
  }
  return items;
}

Request irc_request(std::string op, net::Json body, std::string_view command) {
  body[kIrcCommandField] = std::string(command);
  return Request{std::move(op), {}, std::move(body)};
}

// A string field of a request's body; empty when there is none (replies
// keep only part of a request: reply_address).
std::string field(const Request& request, const char* name) {
  if (!request.body.is_object()) {
    return {};
  }
  const auto found = request.body.find(name);
  return found != request.body.end() && found->is_string() ? found->get<std::string>()
                                                           : std::string{};
}

std::string command_of(const Request& request) {
  return field(request, kIrcCommandField);
}

bool is_channel(const std::string& target) {
  return target.size() > 1 && target.front() == '#';
}

// 353 and 366, the members of a channel, its operators marked '@'.
void send_names(session_pointer self, const std::string& room,
                const std::vector<std::string>& members,
                const std::vector<std::string>& operators) {
  std::vector<IrcMessage> lines;
  std::string names;
  for (const auto& member : members) {
    const bool op = std::find(operators.begin(), operators.end(), member) != operators.end();
    const auto shown = (op ? "@" : "") + member;
    if (!names.empty() && names.size() + shown.size() > 400) {
      lines.push_back(numeric(self, "353", {"=", channel(room), names}));
      names.clear();
    }
    names += (names.empty() ? "" : " ") + shown;
  }
  if (!names.empty()) {
    lines.push_back(numeric(self, "353", {"=", channel(room), names}));
  }
  lines.push_back(numeric(self, "366", {channel(room), "End of /NAMES list"}));
  send_lines(self, lines);
}

void send_who(session_pointer self, const std::string& mask, const std::vector<std::string>& users,
              const std::vector<std::string>& operators) {
  std::vector<IrcMessage> lines;
  // A WHO for a nick names no channel.
  const auto where = mask.front() == '#' ? mask : std::string("*");
  for (const auto& user : users) {
    // Here, and '@' for the channel's operators.
    const bool op = std::find(operators.begin(), operators.end(), user) != operators.end();
    lines.push_back(numeric(self, "352",
                            {where, user, std::string(net::kIrcUserHost), server(self).server_name,
                             user, op ? "H@" : "H", "0 " + user}));
  }
  lines.push_back(numeric(self, "315", {mask, "End of /WHO list"}));
  send_lines(self, lines);
}

void joined(session_pointer self, const std::string& room, const std::string& topic,
            const std::vector<std::string>& members, const std::vector<std::string>& operators) {
  std::vector<IrcMessage> lines{IrcMessage{{}, own_source(self), "JOIN", {channel(room)}}};
  if (!topic.empty()) {
    lines.push_back(numeric(self, "332", {channel(room), topic}));
  }
  send_lines(self, lines);
  send_names(self, room, members, operators);
}

// 322 for each room of a page (those named in `wanted`, when it is not
// empty); the next page is asked for until there is none, then 323.
void send_list_page(session_pointer self, const net::RoomsResult& page,
                    const std::vector<std::string>& wanted) {
  std::vector<IrcMessage> lines;
  for (const auto& room : page.rooms) {
    const auto name = channel(room.name);
    if (!wanted.empty() &&
        std::none_of(wanted.begin(), wanted.end(), [&](const std::string& target) {
          return net::name_key(target) == net::name_key(name);
        })) {
      continue;
    }
    lines.push_back(numeric(self, "322", {name, std::to_string(room.members), room.topic}));
  }
  if (!page.more || page.rooms.empty()) {
    lines.push_back(numeric(self, "323", {"End of /LIST"}));
  }
  send_lines(self, lines);
}

// The IRC flavour follows the capabilities the client enabled; rooms and
// the directory encode for it by flavour, so they are told of a change.
void follow_capabilities(session_pointer self) {
  auto& st = self->state;
  const auto id = net::irc_dialect_id(net::irc_features(st.irc->capabilities()));
  if (st.dialect == id) {
    return;
  }
  st.dialect = id;
  if (!st.hello_done) {
    return;
  }
  self->send(st.context->directory, atoms::restyle::value, st.nick, id);
  for (const auto& [key, room] : st.rooms) {
    self->send(room.handle, atoms::restyle::value, st.nick, id);
  }
}

// A message as this client's flavour shows it, CR LF included.
std::string message_bytes(session_pointer self, const net::MessageRecord& message) {
  return dialect(self).render(net::MessageEvent{message});
}

// --- registration ---------------------------------------------------------------

void registration_step(session_pointer self, net::IrcRegistration::Step step);

void check_sasl(session_pointer self) {
  auto& st = self->state;
  st.irc_state->sasl_password = st.irc->sasl_password();
  const auto account = st.irc->account();
  self->request(st.context->storage, kNoTimeout, atoms::account::value, account)
      .await(
          [self, account](storage::Account& found) {
            auto& st = self->state;
            if (found.account_id == 0) {
              registration_step(self, st.irc->sasl_checked(false));
              return;
            }
            self->request(st.context->login_guard, kRequestTimeout, atoms::verify::value,
                          LoginAttempt{net::name_key(account), st.address},
                          st.irc_state->sasl_password, found.password_hash)
                .await(
                    [self](bool matches) {
                      auto& st = self->state;
                      if (!matches) {
                        st.irc_state->sasl_password.clear();
                      }
                      registration_step(self, st.irc->sasl_checked(matches));
                    },
                    [self](caf::error&) {
                      registration_step(self, self->state.irc->sasl_checked(false));
                    });
          },
          [self](caf::error&) { registration_step(self, self->state.irc->sasl_checked(false)); });
}

// Logs in through the same hello every dialect uses: a SASL login as its
// account (confab's accounts are nicks), anyone else as a guest.
void log_in(session_pointer self) {
  auto& st = self->state;
  net::Json body{{"nick", st.irc->account().empty() ? st.irc->nick() : st.irc->account()}};
  if (!st.irc->account().empty()) {
    body["password"] = st.irc_state->sasl_password;
  }
  handle_request(self, irc_request("hello", std::move(body), "NICK"));
}

void replay_held_lines(session_pointer self);

// While a login or a SASL check is out, its answer decides what the next
// line means (a NICK after a refused one, a JOIN after 001): those lines
// wait for it.
void registration_step(session_pointer self, net::IrcRegistration::Step step) {
  auto& st = self->state;
  send_lines(self, step.replies);
  follow_capabilities(self);
  st.irc_state->waiting = step.ask == net::IrcRegistration::Step::Ask::check_sasl ||
                          step.ask == net::IrcRegistration::Step::Ask::log_in;
  switch (step.ask) {
    case net::IrcRegistration::Step::Ask::nothing:
      break;
    case net::IrcRegistration::Step::Ask::check_sasl:
      check_sasl(self);
      break;
    case net::IrcRegistration::Step::Ask::log_in:
      log_in(self);
      break;
    case net::IrcRegistration::Step::Ask::close:
      close_connection(self);
      return;
  }
  if (!st.irc_state->waiting) {
    replay_held_lines(self);
  }
}

// --- after registration ---------------------------------------------------------

bool enough_params(session_pointer self, const IrcMessage& message, std::size_t needed) {
  if (message.params.size() >= needed && !message.params[needed - 1].empty()) {
    return true;
  }
  send_numeric(self, "461", {net::irc_command_upper(message.command), "Not enough parameters"});
  return false;
}

void on_join(session_pointer self, const IrcMessage& message) {
  if (!enough_params(self, message, 1)) {
    return;
  }
  for (const auto& target : split_commas(message.params[0])) {
    if (target.size() < 2 || target.front() != '#' || !net::is_valid_room(target.substr(1))) {
      send_numeric(self, "479", {target, "Illegal channel name"});
      continue;
    }
    handle_request(self, irc_request("join", {{"room", target.substr(1)}}, "JOIN"));
  }
}

void on_part(session_pointer self, const IrcMessage& message) {
  if (!enough_params(self, message, 1)) {
    return;
  }
  const auto reason = message.params.size() > 1 ? message.params[1] : std::string{};
  for (const auto& target : split_commas(message.params[0])) {
    if (target.size() < 2 || target.front() != '#') {
      send_numeric(self, "403", {target, "No such channel"});
      continue;
    }
    handle_request(
        self, irc_request("leave", {{"room", target.substr(1)}, {kIrcReason, reason}}, "PART"));
  }
}

void on_message(session_pointer self, const IrcMessage& message, std::string_view command) {
  const bool notice = command == "NOTICE";
  if (message.params.empty() || message.params[0].empty()) {
    if (!notice) {
      send_numeric(self, "411", {"No recipient given (" + std::string(command) + ")"});
    }
    return;
  }
  if (message.params.size() < 2 || message.params[1].empty()) {
    if (!notice) {
      send_numeric(self, "412", {"No text to send"});
    }
    return;
  }
  for (const auto& target : split_commas(message.params[0])) {
    if (target.front() == '#') {
      handle_request(
          self,
          irc_request("say", {{"room", target.substr(1)}, {"text", message.params[1]}}, command));
    } else {
      handle_request(self,
                     irc_request("pm", {{"to", target}, {"text", message.params[1]}}, command));
    }
  }
}

void on_names(session_pointer self, const IrcMessage& message) {
  if (message.params.empty()) {
    send_numeric(self, "366", {"*", "End of /NAMES list"});
    return;
  }
  for (const auto& target : split_commas(message.params[0])) {
    if (target.size() < 2 || target.front() != '#') {
      send_numeric(self, "366", {target, "End of /NAMES list"});
      continue;
    }
    handle_request(self, irc_request("users", {{"room", target.substr(1)}}, "NAMES"));
  }
}

void on_who(session_pointer self, const IrcMessage& message) {
  const auto mask = message.params.empty() ? std::string("*") : message.params[0];
  if (mask.size() > 1 && mask.front() == '#') {
    handle_request(self, irc_request("users", {{"room", mask.substr(1)}}, "WHO"));
  } else if (net::is_valid_nick(mask)) {
    // One user, if online; masks with wildcards match no one.
    self->request(self->state.context->directory, kRequestTimeout, atoms::found::value, mask)
        .await([self, mask](OnlineUserInfo& user) { send_who(self, mask, {user.nick}, {}); },
               [self, mask](caf::error&) { send_who(self, mask, {}, {}); });
  } else {
    send_who(self, mask, {}, {});
  }
}

void on_join_zero(session_pointer self) {
  std::vector<std::string> rooms;
  for (const auto& [key, room] : self->state.rooms) {
    rooms.push_back(room.name);
  }
  for (const auto& room : rooms) {
    handle_request(self, irc_request("leave", {{"room", room}}, "PART"));
  }
}

void on_topic(session_pointer self, const IrcMessage& message) {
  if (!enough_params(self, message, 1)) {
    return;
  }
  const auto& target = message.params[0];
  if (!is_channel(target)) {
    send_numeric(self, "403", {target, "No such channel"});
    return;
  }
  net::Json body{{"room", target.substr(1)}};
  if (message.params.size() > 1) {
    body["topic"] = message.params[1];
  }
  handle_request(self, irc_request("topic", std::move(body), "TOPIC"));
}

void on_kick(session_pointer self, const IrcMessage& message) {
  if (!enough_params(self, message, 2)) {
    return;
  }
  const auto& target = message.params[0];
  if (!is_channel(target)) {
    send_numeric(self, "403", {target, "No such channel"});
    return;
  }
  const auto reason = message.params.size() > 2 ? message.params[2] : self->state.nick;
  for (const auto& nick : split_commas(message.params[1])) {
    handle_request(
        self, irc_request("kick", {{"room", target.substr(1)}, {"nick", nick}, {"reason", reason}},
                          "KICK"));
  }
}

void on_list(session_pointer self, const IrcMessage& message) {
  net::Json wanted = net::Json::array();
  if (!message.params.empty()) {
    for (const auto& target : split_commas(message.params[0])) {
      wanted.push_back(target);
    }
  }
  send_numeric(self, "321", {"Channel", "Users  Name"});
  handle_request(self, irc_request("rooms", {{kIrcWanted, std::move(wanted)}}, "LIST"));
}

void send_whois(session_pointer self, const OnlineUserInfo& user) {
  const auto& info = server(self);
  const auto& nick = user.nick;
  std::vector<IrcMessage> lines{
      numeric(self, "311", {nick, nick, std::string(net::kIrcUserHost), "*", nick}),
      numeric(self, "312", {nick, info.server_name, info.network}),
  };
  if (!user.away.empty()) {
    lines.push_back(numeric(self, "301", {nick, user.away}));
  }
  if (user.account != 0) {
    lines.push_back(numeric(self, "330", {nick, nick, "is logged in as"}));
  }
  lines.push_back(numeric(self, "318", {nick, "End of /WHOIS list"}));
  send_lines(self, lines);
}

void on_whois(session_pointer self, const IrcMessage& message) {
  if (message.params.empty() || message.params.back().empty()) {
    send_numeric(self, "431", {"No nickname given"});
    return;
  }
  // WHOIS [server] nick: the nick is the last parameter.
  const auto nick = split_commas(message.params.back()).front();
  self->request(self->state.context->directory, kRequestTimeout, atoms::found::value, nick)
      .await([self](OnlineUserInfo& user) { send_whois(self, user); },
             [self, nick](caf::error&) {
               send_lines(self, {numeric(self, "401", {nick, "No such nick/channel"}),
                                 numeric(self, "318", {nick, "End of /WHOIS list"})});
             });
}

void on_whowas(session_pointer self, const IrcMessage& message) {
  if (message.params.empty() || message.params[0].empty()) {
    send_numeric(self, "431", {"No nickname given"});
    return;
  }
  // No one's past is kept: confab remembers messages, not sessions.
  const auto& nick = message.params[0];
  send_lines(self, {numeric(self, "406", {nick, "There was no such nickname"}),
                    numeric(self, "369", {nick, "End of WHOWAS"})});
}

void on_away(session_pointer self, const IrcMessage& message) {
  auto& st = self->state;
  st.irc_state->away = message.params.empty() ? std::string{} : message.params[0];
  if (st.irc_state->away.empty()) {
    send_numeric(self, "305", {"You are no longer marked as being away"});
  } else {
    send_numeric(self, "306", {"You have been marked as being away"});
  }
  self->send(st.context->directory, atoms::away::value, st.nick, st.irc_state->away);
  for (const auto& [key, room] : st.rooms) {
    self->send(room.handle, atoms::away::value, st.nick, st.irc_state->away);
  }
}

// A nick is chosen once, at registration; what is wrong with the new one is
// still said first, as other servers do.
void on_nick_change(session_pointer self, const IrcMessage& message) {
  if (message.params.empty() || message.params[0].empty()) {
    send_numeric(self, "431", {"No nickname given"});
  } else if (!net::is_valid_nick(message.params[0])) {
    send_numeric(self, "432", {message.params[0], "Erroneous nickname"});
  } else if (net::name_key(message.params[0]) == net::name_key(self->state.nick)) {
    // Already this nick: nothing to do.
  } else {
    send_numeric(self, "447", {"Nicknames cannot be changed on this server"});
  }
}

void on_lusers(session_pointer self) {
  self->request(self->state.context->directory, kRequestTimeout, atoms::stats::value)
      .await(
          [self](std::uint32_t users, std::uint32_t rooms) {
            send_lines(self,
                       {numeric(self, "251",
                                {"There are " + std::to_string(users) +
                                 " users and 0 invisible on 1 servers"}),
                        numeric(self, "254", {std::to_string(rooms), "channels formed"}),
                        numeric(self, "255",
                                {"I have " + std::to_string(users) + " clients and 0 servers"})});
          },
          [](caf::error&) {});
}

// The nicks of `names` that are online, each looked up in turn, then
// `done` with what was found.
void look_up(session_pointer self, std::vector<std::string> names,
             std::vector<OnlineUserInfo> found,
             std::function<void(const std::vector<OnlineUserInfo>&)> done) {
  if (names.empty()) {
    done(found);
    return;
  }
  const auto next = names.back();
  names.pop_back();
  self->request(self->state.context->directory, kRequestTimeout, atoms::found::value, next)
      .await(
          [self, names, found, done](OnlineUserInfo& user) mutable {
            found.insert(found.begin(), std::move(user));
            look_up(self, std::move(names), std::move(found), std::move(done));
          },
          [self, names, found, done](caf::error&) mutable {
            look_up(self, std::move(names), std::move(found), std::move(done));
          });
}

void on_ison(session_pointer self, const IrcMessage& message) {
  if (!enough_params(self, message, 1)) {
    return;
  }
  std::vector<std::string> names;
  for (const auto& param : message.params) {
    std::stringstream words(param);
    for (std::string word; words >> word;) {
      names.push_back(word);
    }
  }
  look_up(self, std::move(names), {}, [self](const std::vector<OnlineUserInfo>& online) {
    std::string list;
    for (const auto& user : online) {
      list += (list.empty() ? "" : " ") + user.nick;
    }
    send_numeric(self, "303", {list});
  });
}

void on_userhost(session_pointer self, const IrcMessage& message) {
  if (!enough_params(self, message, 1)) {
    return;
  }
  // At most five nicks, as RFC 2812 says.
  std::vector<std::string> names(
      message.params.begin(),
      message.params.begin() +
          static_cast<std::ptrdiff_t>(std::min<std::size_t>(message.params.size(), 5)));
  look_up(self, std::move(names), {}, [self](const std::vector<OnlineUserInfo>& online) {
    std::string list;
    for (const auto& user : online) {
      list += (list.empty() ? "" : " ") + user.nick + "=" + (user.away.empty() ? "+" : "-") +
              user.nick + "@" + std::string(net::kIrcUserHost);
    }
    send_numeric(self, "302", {list});
  });
}

void on_mode(session_pointer self, const IrcMessage& message) {
  if (!enough_params(self, message, 1)) {
    return;
  }
  const auto& target = message.params[0];
  if (target.front() == '#') {
    // Every room is +nt: only members speak, and the topic is its
    // operators'.
    if (message.params.size() == 1) {
      send_numeric(self, "324", {target, "+nt"});
    } else if (message.params[1] == "b" || message.params[1] == "+b") {
      // Clients ask for the ban list on join; there are no bans.
      send_numeric(self, "368", {target, "End of channel ban list"});
    } else {
      send_numeric(self, "482", {target, "Channel modes cannot be changed here"});
    }
    return;
  }
  if (net::name_key(target) != net::name_key(self->state.nick)) {
    send_numeric(self, "502", {"Cannot change mode for other users"});
    return;
  }
  send_numeric(self, "221", {"+"});
}

void on_quit(session_pointer self, const IrcMessage& message) {
  const auto reason = message.params.empty() ? std::string("Client quit") : message.params[0];
  // The rooms tell the others why, before the connection's end does.
  for (const auto& [key, room] : self->state.rooms) {
    self->send(room.handle, atoms::quit::value, self->state.nick, reason);
  }
  send_lines(self, {IrcMessage{{}, {}, "ERROR", {"Closing link: " + reason}}});
  close_connection(self);
}

void registered_line(session_pointer self, const IrcMessage& message) {
  const auto command = net::irc_command_upper(message.command);
  auto& st = self->state;
  if (command == "PING") {
    if (enough_params(self, message, 1)) {
      send_lines(self, {IrcMessage{{},
                                   server(self).server_name,
                                   "PONG",
                                   {server(self).server_name, message.params[0]}}});
    }
  } else if (command == "PONG") {
  } else if (command == "CAP") {
    send_lines(self, st.irc->handle(message).replies);
    follow_capabilities(self);
  } else if (command == "TAGMSG") {
    // Client-only tags (typing notices and the like) are not relayed.
  } else if (command == "AWAY") {
    on_away(self, message);
  } else if (command == "CHATHISTORY") {
    on_chathistory(self, message);
  } else if (command == "JOIN") {
    if (message.params.size() == 1 && message.params[0] == "0") {
      on_join_zero(self);
    } else {
      on_join(self, message);
    }
  } else if (command == "TOPIC") {
    on_topic(self, message);
  } else if (command == "KICK") {
    on_kick(self, message);
  } else if (command == "LIST") {
    on_list(self, message);
  } else if (command == "WHOIS") {
    on_whois(self, message);
  } else if (command == "WHOWAS") {
    on_whowas(self, message);
  } else if (command == "MOTD") {
    send_lines(self, st.irc->motd());
  } else if (command == "VERSION") {
    auto lines = st.irc->isupport();
    lines.insert(lines.begin(),
                 numeric(self, "351",
                         {server(self).version, server(self).server_name, "confab chat server"}));
    send_lines(self, lines);
  } else if (command == "TIME") {
    send_numeric(self, "391", {server(self).server_name, net::now_timestamp()});
  } else if (command == "LUSERS") {
    on_lusers(self);
  } else if (command == "ISON") {
    on_ison(self, message);
  } else if (command == "USERHOST") {
    on_userhost(self, message);
  } else if (command == "PART") {
    on_part(self, message);
  } else if (command == "PRIVMSG" || command == "NOTICE") {
    on_message(self, message, command);
  } else if (command == "NAMES") {
    on_names(self, message);
  } else if (command == "WHO") {
    on_who(self, message);
  } else if (command == "MODE") {
    on_mode(self, message);
  } else if (command == "QUIT") {
    on_quit(self, message);
  } else if (command == "USER" || command == "PASS") {
    send_numeric(self, "462", {"You may not reregister"});
  } else if (command == "NICK") {
    on_nick_change(self, message);
  } else {
    send_numeric(self, "421", {message.command, "Unknown command"});
  }
}

}  // namespace

void handle_irc_line(session_pointer self, std::string_view line) {
  auto& st = self->state;
  auto message = net::parse_irc_message(line);
  if (!message) {
    return;
  }
  if (!st.hello_done) {
    // While a login is being checked the answer decides what the next
    // line means; those lines wait for it.
    if (st.irc_state->waiting) {
      // Registration needs a handful of lines; a client that floods while
      // its login is checked must not grow the session without bound.
      if (st.irc_state->held.size() >= kMaxHeldLines) {
        send_lines(self, {IrcMessage{{},
                                     {},
                                     "ERROR",
                                     {"Closing link: too many lines before "
                                      "registration finished"}}});
        close_connection(self);
        return;
      }
      st.irc_state->held.emplace_back(line);
      return;
    }
    registration_step(self, st.irc->handle(*message));
    return;
  }
  if (const auto label = message->tag("label");
      label && !label->empty() && st.irc->has_capability("labeled-response")) {
    st.irc_state->label = std::string(*label);
    registered_line(self, *message);
    // Behind every reply the command awaits: its answer is complete then.
    self->send(self, atoms::label_end::value);
    return;
  }
  registered_line(self, *message);
}

void finish_labeled_response(session_pointer self) {
  auto& st = self->state;
  if (!st.irc_state || !st.irc_state->label) {
    return;
  }
  const auto label = *std::exchange(st.irc_state->label, std::nullopt);
  const auto output = std::exchange(st.irc_state->label_output, {});
  const auto& server_name = server(self).server_name;
  const auto lines = net::irc_line_count(output);
  std::string bytes;
  if (lines == 0) {
    bytes = net::format_irc_message({{{"label", label}}, server_name, "ACK", {}}) + "\r\n";
  } else if (lines == 1) {
    bytes = net::add_irc_tag(output, "label", label);
  } else {
    const auto batch = "l" + std::to_string(++st.irc_state->batches);
    bytes = net::format_irc_message(
                {{{"label", label}}, server_name, "BATCH", {"+" + batch, "labeled-response"}}) +
            "\r\n" + net::add_irc_tag(output, "batch", batch) +
            net::format_irc_message({{}, server_name, "BATCH", {"-" + batch}}) + "\r\n";
  }
  send_bytes(self, std::move(bytes));
}

void irc_reply_ok(session_pointer self, const Request& request, const net::Result& result) {
  const auto command = command_of(request);
  std::visit(
      net::Overloaded{
          [&](const net::HelloResult&) {
            auto& st = self->state;
            st.irc_state->sasl_password.clear();
            send_lines(self, st.irc->welcome(st.nick));
            st.irc_state->waiting = false;
            replay_held_lines(self);
          },
          [&](const net::JoinResult& join) {
            joined(self, join.room, join.topic, join.members, join.operators);
          },
          [&](const net::CreateResult& create) {
            joined(self, create.room, {}, {self->state.nick}, {self->state.nick});
          },
          [&](const net::TopicResult& topic) {
            if (topic.changed) {
              send_lines(
                  self,
                  {IrcMessage{{}, own_source(self), "TOPIC", {channel(topic.room), topic.topic}}});
            } else if (topic.topic.empty()) {
              send_numeric(self, "331", {channel(topic.room), "No topic is set"});
            } else {
              send_numeric(self, "332", {channel(topic.room), topic.topic});
            }
          },
          [&](const net::KickResult& kick) {
            send_lines(
                self,
                {IrcMessage{
                    {}, own_source(self), "KICK", {channel(kick.room), kick.nick, kick.reason}}});
          },
          [&](const net::RoomsResult& rooms) {
            std::vector<std::string> wanted;
            if (const auto found = request.body.find(kIrcWanted);
                found != request.body.end() && found->is_array()) {
              wanted = found->get<std::vector<std::string>>();
            }
            send_list_page(self, rooms, wanted);
            if (rooms.more && !rooms.rooms.empty()) {
              handle_request(
                  self,
                  irc_request("rooms", {{kIrcWanted, wanted}, {"after", rooms.rooms.back().name}},
                              "LIST"));
            }
          },
          [&](const net::LeaveResult& leave) {
            IrcMessage part{{}, own_source(self), "PART", {channel(leave.room)}};
            if (const auto reason = field(request, kIrcReason); !reason.empty()) {
              part.params.push_back(reason);
            }
            send_lines(self, {part});
          },
          [&](const net::PmResult& pm) {
            auto& st = self->state;
            if (!pm.away.empty() && command != "NOTICE") {
              send_numeric(self, "301", {pm.to, pm.away});
            }
            if (st.irc->has_capability("echo-message")) {
              net::MessageRecord echo;
              echo.msg_id = pm.msg_id;
              echo.ts = pm.ts;
              echo.from = st.nick;
              echo.from_account = st.account_id;
              echo.to = pm.to;
              echo.text = field(request, "text");
              send_bytes(self, message_bytes(self, echo));
            }
          },
          [&](const net::HistoryResult& history) {
            if (command == "CHATHISTORY") {
              chathistory_reply(self, request, history);
            }
          },
          [&](const net::UsersResult& users) {
            if (command == "WHO") {
              send_who(self, channel(users.room), users.users, users.operators);
            } else {
              send_names(self, users.room, users.users, users.operators);
            }
          },
          [&](const auto&) {},
      },
      result);
}

namespace {

// 442 for a channel the client is not on, 403 for one that does not exist.
void not_on_channel(session_pointer self, const std::string& room) {
  self->request(self->state.context->directory, kRequestTimeout, atoms::users::value, room)
      .await(
          [self, room](RoomMembers&) {
            send_numeric(self, "442", {channel(room), "You're not on that channel"});
          },
          [self, room](caf::error&) {
            send_numeric(self, "403", {channel(room), "No such channel"});
          });
}

// 441 for someone online who is not in the room, 401 for no one.
void not_in_channel(session_pointer self, const std::string& nick, const std::string& room) {
  self->request(self->state.context->directory, kRequestTimeout, atoms::found::value, nick)
      .await(
          [self, nick, room](OnlineUserInfo&) {
            send_numeric(self, "441", {nick, channel(room), "They aren't on that channel"});
          },
          [self, nick](caf::error&) {
            send_numeric(self, "401", {nick, "No such nick/channel"});
          });
}

}  // namespace

void irc_input_too_long(session_pointer self) {
  send_numeric(self, "417", {"Input line was too long"});
}

void irc_removed(session_pointer self, const std::string& room, const std::string& by,
                 const std::string& reason) {
  send_lines(self, {IrcMessage{{},
                               net::irc_source(by, net::kIrcUserHost),
                               "KICK",
                               {channel(room), self->state.nick, reason}}});
}

void irc_reply_error(session_pointer self, const Request& request, net::ErrorCode code,
                     std::string_view message, std::int64_t retry_after_ms) {
  auto& st = self->state;
  using net::ErrorCode;
  if (code == ErrorCode::rate_limited && retry_after_ms > 0 &&
      (request.op == "say" || request.op == "pm")) {
    // Fakelag, as IRC servers do: the message is sent late, never refused.
    st.irc_state->lagged = true;
    st.irc_state->delayed = request;
    self->delayed_send(self, std::chrono::milliseconds(retry_after_ms), atoms::retry::value);
    return;
  }
  const auto command = command_of(request);
  const auto room = field(request, "room");
  if (request.op == "hello") {
    switch (code) {
      case ErrorCode::nick_taken:
        registration_step(self, st.irc->nick_refused(net::IrcNickRefusal::taken));
        break;
      case ErrorCode::auth_failed:
        registration_step(self, st.irc->nick_refused(net::IrcNickRefusal::registered));
        break;
      case ErrorCode::invalid_nick:
        registration_step(self, st.irc->nick_refused(net::IrcNickRefusal::invalid));
        break;
      default:
        send_lines(self, {IrcMessage{{}, {}, "ERROR", {"Closing link: " + std::string(message)}}});
        close_connection(self);
        return;
    }
    st.irc_state->sasl_password.clear();
    return;
  }
  // NOTICE is never answered with an error (RFC 2812 3.3.2).
  if (command == "NOTICE") {
    return;
  }
  if (command == "CHATHISTORY") {
    chathistory_error(self, request, code, message);
    return;
  }
  if (request.op == "join" && code == ErrorCode::no_such_room) {
    // Joining a channel that does not exist creates it, as IRC users expect.
    handle_request(self, irc_request("create", {{"room", room}}, "JOIN"));
    return;
  }
  if (request.op == "create" && code == ErrorCode::room_exists) {
    handle_request(self, irc_request("join", {{"room", room}}, "JOIN"));
    return;
  }
  switch (code) {
    case ErrorCode::already_member:
      return;
    case ErrorCode::forbidden:
      if (request.op == "topic" || request.op == "kick") {
        send_numeric(self, "482", {channel(room), "You're not channel operator"});
        return;
      }
      break;
    case ErrorCode::invalid_room:
      send_numeric(self, "479", {channel(room), "Illegal channel name"});
      return;
    case ErrorCode::no_such_room:
      send_numeric(self, "403", {channel(room), "No such channel"});
      return;
    case ErrorCode::not_member:
      if (request.op == "say") {
        send_numeric(self, "404", {channel(room), "Cannot send to channel (you are not in it)"});
      } else if (request.op == "users") {
        send_numeric(self, command == "WHO" ? "315" : "366",
                     {channel(room), command == "WHO" ? "End of /WHO list" : "End of /NAMES list"});
      } else {
        not_on_channel(self, room);
      }
      return;
    case ErrorCode::no_such_user:
      if (request.op == "kick") {
        not_in_channel(self, field(request, "nick"), room);
      } else {
        send_numeric(self, "401", {field(request, "to"), "No such nick/channel"});
      }
      return;
    default:
      break;
  }
  send_lines(
      self,
      {IrcMessage{
          {}, server(self).server_name, "NOTICE", {client_name(self), std::string(message)}}});
}

namespace {

void replay_held_lines(session_pointer self) {
  auto& st = self->state;
  auto held = std::exchange(st.irc_state->held, {});
  for (const auto& line : held) {
    if (st.closing) {
      return;
    }
    handle_irc_line(self, line);
  }
}

}  // namespace

}  // namespace confab::session_detail
