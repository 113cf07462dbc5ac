// The same scripted IRC session against ngIRCd (the reference, from Debian's
// ngircd package) and against confabd: the numerics and echoes a client
// depends on must come in the same order. Where confab differs by design
// (every room is +nt, nicks are fixed after registration), the script stays
// off that ground; docs/protocol.md ("IRC") lists those differences.
#include <set>

#include "tests/integration/server_fixture.hpp"
#include "tests/support/irc_client.hpp"
#include "tests/support/ngircd_process.hpp"

using namespace confab::test;
using confab::net::IrcMessage;

namespace {

// What clients act on. Left out: the MOTD, LUSERS, NOTICEs and numerics
// that only add detail (333 topic setter, 329 creation time, 317 idle, 319
// channels in WHOIS).
const std::set<std::string> kCompared = {
    "001", "002", "003", "004", "005",  "301",  "305",  "306",   "311",     "312",
    "315", "318", "321", "322", "323",  "324",  "331",  "332",   "352",     "353",
    "366", "401", "403", "404", "421",  "431",  "432",  "433",   "441",     "442",
    "451", "461", "462", "482", "JOIN", "PART", "KICK", "TOPIC", "PRIVMSG", "ERROR"};

// One client of the script: each step sends lines and collects what comes
// back up to the PONG of a PING sent after them (or up to `until`, before
// registration, when servers need not answer PING).
class ScriptedClient {
 public:
  explicit ScriptedClient(std::uint16_t port) : client_(port) {}

  std::vector<std::string> step(const std::vector<std::string>& lines,
                                const std::string& until = {}) {
    for (const auto& line : lines) {
      client_.send(line);
    }
    const auto tag = "step" + std::to_string(++steps_);
    if (until.empty()) {
      client_.send("PING :" + tag);
    }
    std::vector<std::string> seen;
    for (;;) {
      const auto message = client_.wait_for([](const IrcMessage&) { return true; });
      if (!message) {
        seen.push_back("(timeout)");
        return seen;
      }
      const bool done = until.empty() ? message->command == "PONG" && message->params.back() == tag
                                      : message->command == until;
      if (message->command != "PONG" && kCompared.count(message->command) != 0 &&
          (seen.empty() || seen.back() != message->command)) {
        // Repeats (two 005 lines, a 322 per channel) count once.
        seen.push_back(message->command);
      }
      if (done || message->command == "ERROR") {
        return seen;
      }
    }
  }

 private:
  IrcClient client_;
  int steps_ = 0;
};

// A step's replies as one line, "JOIN 353 366", for comparing and showing.
using Transcript = std::vector<std::string>;

std::string joined(const std::vector<std::string>& commands) {
  std::string line;
  for (const auto& command : commands) {
    line += (line.empty() ? "" : " ") + command;
  }
  return line;
}

Transcript run_script(std::uint16_t port) {
  ScriptedClient alice(port);
  ScriptedClient bob(port);
  Transcript out;
  out.push_back(joined(alice.step({"NICK alice", "USER a 0 * :Alice"})));
  out.push_back(joined(bob.step({"NICK alice", "USER b 0 * :Bob"}, "433")));
  out.push_back(joined(bob.step({"NICK bob"})));
  out.push_back(joined(alice.step({"JOIN #dev"})));
  out.push_back(joined(alice.step({"TOPIC #dev"})));
  out.push_back(joined(alice.step({"TOPIC #dev :release on Friday"})));
  out.push_back(joined(bob.step({"JOIN #dev"})));
  out.push_back(joined(alice.step({})));  // bob's JOIN
  out.push_back(joined(alice.step({"PRIVMSG #dev :hello"})));
  out.push_back(joined(bob.step({})));  // alice's PRIVMSG
  out.push_back(
      joined(alice.step({"PRIVMSG nobody :x", "PART #nowhere", "MODE #dev", "WHOIS bob",
                         "WHOIS nobody", "FOO", "JOIN", "USER x 0 * :x", "NICK bad!nick"})));
  out.push_back(joined(alice.step({"LIST"})));
  out.push_back(joined(alice.step({"NAMES #dev", "WHO #dev"})));
  out.push_back(joined(bob.step({"AWAY :at lunch"})));
  out.push_back(joined(alice.step({"PRIVMSG bob :are you there"})));
  out.push_back(joined(bob.step({"AWAY"})));
  out.push_back(joined(alice.step({"KICK #dev nobody", "KICK #dev bob :enough"})));
  out.push_back(joined(bob.step({"PART #dev"})));
  out.push_back(joined(alice.step({"PART #dev :bye"})));
  out.push_back(joined(alice.step({"QUIT :done"})));
  return out;
}

}  // namespace

TEST_CASE("a scripted session gets the numerics ngIRCd gives, in the same order") {
  TempDir dir;
  NgircdProcess reference(dir.path(), "irc.reference.test");
  ConfabdProcess confabd(dir.file("chat.db"), {"--server-name", "irc.confab.test"});
  const auto expected = run_script(reference.port());
  const auto got = run_script(confabd.irc_port());
  REQUIRE(expected.size() == got.size());
  for (std::size_t step = 0; step < expected.size(); ++step) {
    CAPTURE(step);
    CHECK(got[step] == expected[step]);
  }
}
