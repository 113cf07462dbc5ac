// An IRC connection's registration, line by line, as the Modern IRC document
// and IRCv3 capability negotiation and SASL describe it.
#include <doctest/doctest.h>

#include "net/base64.hpp"
#include "net/irc_registration.hpp"

using namespace confab::net;
using Ask = IrcRegistration::Step::Ask;

namespace {

std::shared_ptr<IrcServerInfo> server_info() {
  auto info = std::make_shared<IrcServerInfo>();
  info->server_name = "irc.confab.test";
  info->network = "confabnet";
  info->version = "confab-1.0";
  info->created = "2026-12-04T12:00:00Z";
  info->capabilities = {"cap-notify", "message-tags", "sasl=PLAIN", "server-time"};
  info->isupport = {"CASEMAPPING=ascii", "CHANTYPES=#", "NICKLEN=32"};
  return info;
}

IrcMessage line(std::string_view text) {
  auto message = parse_irc_message(text);
  REQUIRE(message);
  return *message;
}

std::vector<std::string> written(const std::vector<IrcMessage>& replies) {
  std::vector<std::string> lines;
  for (const auto& reply : replies) {
    lines.push_back(format_irc_message(reply));
  }
  return lines;
}

struct Client {
  std::shared_ptr<IrcServerInfo> info = server_info();
  IrcRegistration registration{info, "confab"};

  IrcRegistration::Step send(std::string_view text) { return registration.handle(line(text)); }
};

}  // namespace

TEST_CASE_FIXTURE(Client, "NICK and USER ask to log in, and the welcome burst follows") {
  CHECK(send("NICK alice").ask == Ask::nothing);
  CHECK(send("USER al * * :Alice Liddell").ask == Ask::log_in);
  CHECK(registration.nick() == "alice");
  CHECK(registration.user() == "al");
  CHECK(registration.realname() == "Alice Liddell");
  CHECK_FALSE(registration.registered());
  const auto burst = written(registration.welcome(registration.nick()));
  CHECK(registration.registered());
  REQUIRE(burst.size() == 6);
  CHECK(burst[0] ==
        ":irc.confab.test 001 alice :Welcome to the confabnet IRC Network, "
        "alice!alice@confab");
  CHECK(burst[1] ==
        ":irc.confab.test 002 alice :Your host is irc.confab.test, running version "
        "confab-1.0");
  CHECK(burst[2] == ":irc.confab.test 003 alice :This server was created 2026-12-04T12:00:00Z");
  CHECK(burst[3] == ":irc.confab.test 004 alice irc.confab.test confab-1.0 i nt o");
  CHECK(burst[4] ==
        ":irc.confab.test 005 alice CASEMAPPING=ascii CHANTYPES=# NICKLEN=32 :are "
        "supported by this server");
  CHECK(burst[5] == ":irc.confab.test 422 alice :MOTD File is missing");
}

TEST_CASE_FIXTURE(Client, "a MOTD is sent between 375 and 376, and ISUPPORT 13 tokens a line") {
  info->motd = {"Be kind.", "Logs are kept."};
  info->isupport.clear();
  for (int i = 0; i < 15; ++i) {
    info->isupport.push_back("T" + std::to_string(i));
  }
  send("USER al * * :Alice");
  send("NICK alice");
  const auto burst = written(registration.welcome(registration.nick()));
  REQUIRE(burst.size() == 4 + 2 + 4);
  CHECK(burst[4].find(" T12 :are supported") != std::string::npos);
  CHECK(burst[5] == ":irc.confab.test 005 alice T13 T14 :are supported by this server");
  CHECK(burst[6] == ":irc.confab.test 375 alice :- irc.confab.test Message of the day - ");
  CHECK(burst[7] == ":irc.confab.test 372 alice :- Be kind.");
  CHECK(burst[9] == ":irc.confab.test 376 alice :End of /MOTD command.");
}

TEST_CASE_FIXTURE(Client, "CAP LS holds registration until CAP END") {
  const auto listed = send("CAP LS 302");
  CHECK(written(listed.replies) ==
        std::vector<std::string>{
            ":irc.confab.test CAP * LS :cap-notify message-tags sasl=PLAIN server-time"});
  CHECK(send("NICK alice").ask == Ask::nothing);
  CHECK(send("USER al * * :Alice").ask == Ask::nothing);
  const auto acked = send("CAP REQ :server-time message-tags");
  CHECK(written(acked.replies) ==
        std::vector<std::string>{":irc.confab.test CAP alice ACK :server-time message-tags"});
  CHECK(send("CAP END").ask == Ask::log_in);
  // A 302 client has cap-notify without asking.
  CHECK(registration.has_capability("cap-notify"));
  CHECK(registration.has_capability("server-time"));
  CHECK(registration.cap_version() == 302);
}

TEST_CASE_FIXTURE(Client, "CAP LS without a version lists names without values") {
  CHECK(written(send("CAP LS").replies) ==
        std::vector<std::string>{
            ":irc.confab.test CAP * LS :cap-notify message-tags sasl server-time"});
  CHECK_FALSE(registration.has_capability("cap-notify"));
}

TEST_CASE_FIXTURE(Client, "a long CAP LS 302 reply is split with a continuation mark") {
  info->capabilities.clear();
  for (int i = 0; i < 40; ++i) {
    info->capabilities.push_back("vendor.example/capability-number-" + std::to_string(i));
  }
  const auto replies = send("CAP LS 302").replies;
  REQUIRE(replies.size() > 1);
  for (std::size_t i = 0; i < replies.size(); ++i) {
    CHECK(format_irc_message(replies[i]).size() < 510);
    CHECK((replies[i].params[2] == "*") == (i + 1 < replies.size()));
  }
}

TEST_CASE_FIXTURE(Client, "CAP REQ is all or nothing, -cap disables, LIST shows what is on") {
  CHECK(written(send("CAP LIST").replies) ==
        std::vector<std::string>{":irc.confab.test CAP * LIST :"});
  CHECK(written(send("CAP REQ :server-time frobnicate").replies) ==
        std::vector<std::string>{":irc.confab.test CAP * NAK :server-time frobnicate"});
  CHECK_FALSE(registration.has_capability("server-time"));
  send("CAP REQ :server-time message-tags");
  send("CAP REQ -message-tags");
  CHECK(written(send("CAP LIST").replies) ==
        std::vector<std::string>{":irc.confab.test CAP * LIST server-time"});
  CHECK(written(send("CAP FROB").replies) ==
        std::vector<std::string>{":irc.confab.test 410 * FROB :Invalid CAP command"});
}

TEST_CASE_FIXTURE(Client, "bad nicks and users are refused with their numerics") {
  CHECK(written(send("NICK").replies) ==
        std::vector<std::string>{":irc.confab.test 431 * :No nickname given"});
  CHECK(written(send("NICK #chan").replies) ==
        std::vector<std::string>{":irc.confab.test 432 * #chan :Erroneous nickname"});
  CHECK(written(send("NICK " + std::string(33, 'a')).replies).at(0).find(" 432 ") !=
        std::string::npos);
  send("NICK foo");
  CHECK(written(send("USER username * * :").replies) ==
        std::vector<std::string>{":irc.confab.test 461 foo USER :Not enough parameters"});
  CHECK(written(send("USER username *").replies).at(0).find(" 461 foo USER ") != std::string::npos);
  CHECK(send("USER username * * :Real").ask == Ask::log_in);
}

TEST_CASE_FIXTURE(Client, "a refused nick is answered 433, and a new NICK tries again") {
  send("NICK bob");
  REQUIRE(send("USER b * * :Bob").ask == Ask::log_in);
  CHECK(written(registration.nick_refused(IrcNickRefusal::taken).replies) ==
        std::vector<std::string>{":irc.confab.test 433 * bob :Nickname is already in use"});
  CHECK(registration.nick().empty());
  REQUIRE(send("NICK bob_").ask == Ask::log_in);
  const auto refusal = written(registration.nick_refused(IrcNickRefusal::registered).replies);
  CHECK(refusal.at(0).find("433 * bob_ :Nickname is registered") != std::string::npos);
}

TEST_CASE_FIXTURE(Client, "before registration PING is answered, anything else is 451") {
  CHECK(written(send("PING :token 1").replies) ==
        std::vector<std::string>{":irc.confab.test PONG irc.confab.test :token 1"});
  CHECK(written(send("JOIN #dev").replies) ==
        std::vector<std::string>{":irc.confab.test 451 * :You have not registered"});
  CHECK(send("PONG x").replies.empty());
  const auto quit = send("QUIT :bye");
  CHECK(quit.ask == Ask::close);
  CHECK(written(quit.replies).at(0).rfind("ERROR :Closing link", 0) == 0);
}

TEST_CASE("a server password must come first and match") {
  auto info = server_info();
  info->password = "s3cret";
  {
    IrcRegistration right{info, "h"};
    right.handle(line("PASS s3cret"));
    right.handle(line("NICK foo"));
    CHECK(right.handle(line("USER u * * :R")).ask == Ask::log_in);
  }
  for (const auto* pass : {"", "PASS s3cretgarbage", "PASS s3cre"}) {
    CAPTURE(pass);
    IrcRegistration wrong{info, "h"};
    if (*pass != '\0') {
      wrong.handle(line(pass));
    }
    wrong.handle(line("NICK foo"));
    const auto step = wrong.handle(line("USER u * * :R"));
    CHECK(step.ask == Ask::close);
    const auto replies = written(step.replies);
    REQUIRE(replies.size() == 2);
    CHECK(replies[0] == ":irc.confab.test 464 foo :Password incorrect");
    CHECK(replies[1].rfind("ERROR :", 0) == 0);
  }
}

TEST_CASE_FIXTURE(Client, "SASL PLAIN asks the server, and logs in to the account") {
  send("CAP LS 302");
  send("CAP REQ sasl");
  send("NICK alice");
  send("USER al * * :Alice");
  CHECK(written(send("AUTHENTICATE PLAIN").replies) == std::vector<std::string>{"AUTHENTICATE +"});
  const auto credentials = base64_encode(std::string("\0alice\0wonderland", 17));
  const auto asked = send("AUTHENTICATE " + credentials);
  REQUIRE(asked.ask == Ask::check_sasl);
  CHECK(registration.account() == "alice");
  CHECK(registration.sasl_password() == "wonderland");
  const auto checked = registration.sasl_checked(true);
  CHECK(written(checked.replies) ==
        std::vector<std::string>{
            ":irc.confab.test 900 alice alice!alice@confab alice :You are now logged in as alice",
            ":irc.confab.test 903 alice :SASL authentication successful"});
  CHECK(registration.sasl_password().empty());
  CHECK(send("CAP END").ask == Ask::log_in);
  CHECK(registration.account() == "alice");
  CHECK(written(send("AUTHENTICATE PLAIN").replies).at(0).find(" 907 ") != std::string::npos);
}

TEST_CASE_FIXTURE(Client, "SASL refusals: wrong password, other mechanisms, aborts, bad data") {
  send("CAP REQ sasl");
  send("AUTHENTICATE PLAIN");
  REQUIRE(send("AUTHENTICATE " + base64_encode(std::string("alice\0alice\0x", 13))).ask ==
          Ask::check_sasl);
  CHECK(written(registration.sasl_checked(false).replies) ==
        std::vector<std::string>{":irc.confab.test 904 * :SASL authentication failed"});
  CHECK(registration.account().empty());

  const auto other = written(send("AUTHENTICATE EXTERNAL").replies);
  CHECK(other ==
        std::vector<std::string>{":irc.confab.test 908 * PLAIN :are available SASL mechanisms",
                                 ":irc.confab.test 904 * :SASL authentication failed"});
  send("AUTHENTICATE PLAIN");
  CHECK(written(send("AUTHENTICATE *").replies) ==
        std::vector<std::string>{":irc.confab.test 906 * :SASL authentication aborted"});
  send("AUTHENTICATE PLAIN");
  CHECK(written(send("AUTHENTICATE !!!notbase64").replies).at(0).find(" 904 ") !=
        std::string::npos);
  send("AUTHENTICATE PLAIN");
  // Someone else's account is not ours to use.
  CHECK(written(send("AUTHENTICATE " + base64_encode(std::string("bob\0alice\0x", 11))).replies)
            .at(0)
            .find(" 904 ") != std::string::npos);
  send("AUTHENTICATE PLAIN");
  CHECK(written(send("AUTHENTICATE " + std::string(401, 'A')).replies).at(0).find(" 905 ") !=
        std::string::npos);
}

TEST_CASE_FIXTURE(Client, "SASL data in 400-byte chunks is joined before it is read") {
  send("CAP REQ sasl");
  send("AUTHENTICATE PLAIN");
  const auto password = std::string(300, 'p');
  const auto encoded = base64_encode(std::string("\0alice\0", 7) + password);
  REQUIRE(encoded.size() == 412);
  CHECK(send("AUTHENTICATE " + encoded.substr(0, 400)).ask == Ask::nothing);
  CHECK(send("AUTHENTICATE " + encoded.substr(400)).ask == Ask::check_sasl);
  CHECK(registration.sasl_password() == password);
}

TEST_CASE_FIXTURE(Client, "SASL before NICK and USER, as most clients do it") {
  send("CAP LS 302");
  send("CAP REQ :sasl");
  send("AUTHENTICATE PLAIN");
  // authzid and authcid both given, and the same (irctest's "jilles" case).
  REQUIRE(send("AUTHENTICATE amlsbGVzAGppbGxlcwBzZXNhbWU=").ask == Ask::check_sasl);
  CHECK(registration.account() == "jilles");
  CHECK(registration.sasl_password() == "sesame");
  CHECK(written(registration.sasl_checked(true).replies).at(0) ==
        ":irc.confab.test 900 * *!*@confab jilles :You are now logged in as jilles");
  send("NICK jilles");
  send("USER j * * :J");
  CHECK(send("CAP END").ask == Ask::log_in);
}

TEST_CASE_FIXTURE(Client, "CAP works after registration too, without holding anything up") {
  send("NICK alice");
  REQUIRE(send("USER al * * :Alice").ask == Ask::log_in);
  registration.welcome(registration.nick());
  CHECK(written(send("CAP REQ :server-time").replies) ==
        std::vector<std::string>{":irc.confab.test CAP alice ACK server-time"});
  CHECK(send("CAP END").ask == Ask::nothing);
  CHECK(registration.has_capability("server-time"));
}
