#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "net/irc_message.hpp"

namespace confab::net {

// What confabd tells IRC clients about itself, the same for every
// connection.
struct IrcServerInfo {
  std::string server_name = "confab";
  std::string network = "confab";
  std::string version;
  // When the server started, for 003.
  std::string created;
  // --irc-password; empty when the server asks none.
  std::string password;
  // --motd, line by line; none: 422.
  std::vector<std::string> motd;
  // The capabilities offered in CAP LS, as `name` or `name=value` (the
  // value is shown to CAP LS 302 clients only).
  std::vector<std::string> capabilities;
  // RPL_ISUPPORT tokens, e.g. "CASEMAPPING=ascii".
  std::vector<std::string> isupport;
  // RPL_MYINFO's mode letters: what MODE accepts.
  std::string user_modes = "i";
  std::string channel_modes = "nt";
  std::string channel_modes_with_parameter = "o";
};

// Why the server refused the nick a client registers with.
enum class IrcNickRefusal {
  taken,
  // It belongs to an account, and the client has not logged in to it.
  registered,
  invalid,
};

// One IRC connection from its first line to RPL_WELCOME: PASS, NICK, USER,
// CAP negotiation (IRCv3.2, `CAP LS 302`) and SASL PLAIN, without I/O. It
// answers what it can by itself and asks its owner for the rest: whether a
// SASL account and password are right, and whether the nick can be had.
class IrcRegistration {
 public:
  struct Step {
    std::vector<IrcMessage> replies;
    enum class Ask {
      nothing,
      // Check account() and sasl_password(), then call sasl_checked().
      check_sasl,
      // Log in as nick() (to account() when SASL succeeded), then call
      // welcome() or nick_refused().
      log_in,
      // Send the replies and close the connection.
      close,
    };
    Ask ask = Ask::nothing;
  };

  IrcRegistration(std::shared_ptr<const IrcServerInfo> info, std::string host);

  // A line from the client while it is not registered.
  Step handle(const IrcMessage& message);
  Step sasl_checked(bool accepted);
  Step nick_refused(IrcNickRefusal why);
  // The log-in succeeded as `nick` (a SASL login takes its account's nick):
  // 001 to 005 and the MOTD.
  std::vector<IrcMessage> welcome(const std::string& nick);
  // Parts of the welcome a registered client may ask for again (VERSION,
  // MOTD): the 005 lines, and the MOTD or 422.
  std::vector<IrcMessage> isupport() const;
  std::vector<IrcMessage> motd() const;

  bool registered() const { return registered_; }
  const std::string& nick() const { return nick_; }
  const std::string& user() const { return user_; }
  const std::string& realname() const { return realname_; }
  // The account SASL logged in to; empty without.
  const std::string& account() const { return account_; }
  const std::string& sasl_password() const { return sasl_password_; }
  // Capabilities the client enabled, by name.
  const std::vector<std::string>& capabilities() const { return enabled_; }
  bool has_capability(std::string_view name) const;
  // The CAP version the client announced (301 without one).
  int cap_version() const { return cap_version_; }
  // "nick!nick@host" as IRC shows every confab user (net::irc_source), '*'
  // before the client has a nick.
  std::string prefix() const;

 private:
  IrcMessage numeric(std::string_view code, std::vector<std::string> params) const;
  // The client's name in numerics: its nick, or '*' before it has one.
  std::string client() const;
  Step on_cap(const IrcMessage& message);
  Step on_authenticate(const IrcMessage& message);
  Step on_pass(const IrcMessage& message);
  Step on_nick(const IrcMessage& message);
  Step on_user(const IrcMessage& message);
  // Everything needed is there: log in, or refuse for the server password.
  Step try_to_finish(Step step);
  Step closing(Step step, std::string_view reason) const;
  bool offers(std::string_view capability) const;

  std::shared_ptr<const IrcServerInfo> info_;
  std::string host_;
  std::string nick_;
  std::string user_;
  std::string realname_;
  std::string password_;
  bool password_given_ = false;
  std::vector<std::string> enabled_;
  int cap_version_ = 301;
  bool negotiating_ = false;
  bool logging_in_ = false;
  bool registered_ = false;
  enum class Sasl { none, awaiting_data, checking, done } sasl_ = Sasl::none;
  std::string sasl_buffer_;
  std::string account_;
  std::string sasl_password_;
};

}  // namespace confab::net
