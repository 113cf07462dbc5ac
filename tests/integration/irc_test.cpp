// IRC clients on confabd's IRC port, with raw IRC lines: registration, the
// numerics clients depend on, and IRC, JSON and text users in one room.
#include <fstream>

#include "net/base64.hpp"
#include "tests/integration/server_fixture.hpp"
#include "tests/support/irc_client.hpp"
#include "tests/support/test_certificate.hpp"

using namespace confab::test;
using confab::net::IrcMessage;

namespace {

// The message's parameters, for comparing at once.
std::vector<std::string> params(const std::optional<IrcMessage>& message) {
  REQUIRE(message);
  return message->params;
}

bool is_privmsg(const IrcMessage& m, const std::string& target, const std::string& text) {
  return m.command == "PRIVMSG" && m.params.size() == 2 && m.params[0] == target &&
         m.params[1] == text;
}

struct IrcServer : ServerFixture {
  explicit IrcServer(std::vector<std::string> args = {"--server-name", "irc.confab.test"})
      : ServerFixture(std::move(args)) {}

  std::unique_ptr<IrcClient> irc(const std::string& nick) {
    auto client = std::make_unique<IrcClient>(server.irc_port());
    client->register_as(nick);
    return client;
  }

  // Registered (with these IRCv3 capabilities, if any) and in `channel`.
  std::unique_ptr<IrcClient> irc_in(const std::string& nick, const std::string& channel,
                                    const std::string& capabilities = {}) {
    auto client = capabilities.empty() ? irc(nick) : irc(nick, capabilities);
    client->send("JOIN " + channel);
    REQUIRE(client->wait_for("366"));
    return client;
  }

  // A JSON client, logged in and a member of `room`.
  std::unique_ptr<TestClient> json_in(const std::string& nick, const std::string& room) {
    auto client = connect();
    client->hello(nick);
    REQUIRE(is_ok(client->request({{"op", "join"}, {"room", room}})));
    return client;
  }

  // A text-mode (netcat) user, logged in and in `room`.
  std::unique_ptr<TestClient> text_in(const std::string& nick, const std::string& room) {
    auto client = connect();
    client->send_raw(nick + "\n");
    REQUIRE(client->wait_for_text("welcome " + nick));
    client->send_raw("/join " + room + "\n");
    REQUIRE(client->wait_for_text("you joined " + room));
    return client;
  }

  // Registers with these IRCv3 capabilities enabled.
  std::unique_ptr<IrcClient> irc(const std::string& nick, const std::string& capabilities) {
    auto client = std::make_unique<IrcClient>(server.irc_port());
    client->send("CAP LS 302");
    client->send("CAP REQ :" + capabilities);
    const auto ack = client->wait_for([](const IrcMessage& m) {
      return m.command == "CAP" && m.params.size() > 1 && m.params[1] != "LS";
    });
    REQUIRE(ack);
    REQUIRE(ack->params.at(1) == "ACK");
    client->send("CAP END");
    client->register_as(nick);
    return client;
  }
};

}  // namespace

TEST_CASE_FIXTURE(IrcServer, "registration gets the welcome burst with an honest ISUPPORT") {
  IrcClient alice(server.irc_port());
  alice.send("NICK alice");
  alice.send("USER al 0 * :Alice Liddell");
  const auto welcome = alice.wait_for("001");
  REQUIRE(welcome);
  CHECK(welcome->source == "irc.confab.test");
  CHECK(welcome->params.at(0) == "alice");
  CHECK(welcome->params.at(1).find("alice!alice@confab") != std::string::npos);
  CHECK(alice.wait_for("002"));
  CHECK(alice.wait_for("003"));
  CHECK(params(alice.wait_for("004")).at(1) == "irc.confab.test");
  const auto isupport = params(alice.wait_for("005"));
  for (const auto* token : {"CASEMAPPING=ascii", "CHANTYPES=#", "NICKLEN=32", "PREFIX=(o)@"}) {
    CAPTURE(token);
    CHECK(std::find(isupport.begin(), isupport.end(), token) != isupport.end());
  }
  CHECK(alice.wait_for("422"));
}

TEST_CASE("the MOTD comes from --motd, and PASS is required with --irc-password") {
  TempDir dir;
  {
    std::ofstream motd(dir.file("motd.txt"));
    motd << "Welcome to the test network.\nBe kind.\n";
  }
  ServerFixture f({"--motd", dir.file("motd.txt"), "--irc-password", "letmein"});
  IrcClient with(f.server.irc_port());
  with.send("PASS letmein");
  with.register_as("alice");
  CHECK(params(with.wait_for("372")).at(1) == "- Welcome to the test network.");
  CHECK(params(with.wait_for("372")).at(1) == "- Be kind.");
  CHECK(with.wait_for("376"));

  IrcClient without(f.server.irc_port());
  without.send("NICK bob");
  without.send("USER bob 0 * :Bob");
  CHECK(without.wait_for("464"));
  CHECK(without.wait_for("ERROR"));
  CHECK(without.wait_closed());
}

TEST_CASE_FIXTURE(IrcServer, "CAP negotiation holds registration until CAP END") {
  IrcClient alice(server.irc_port());
  alice.send("CAP LS 302");
  const auto listed = params(alice.wait_for("CAP"));
  CHECK(listed.at(1) == "LS");
  CHECK(listed.at(2).find("sasl=PLAIN") != std::string::npos);
  alice.send("NICK alice");
  alice.send("USER al 0 * :Alice");
  alice.send("CAP REQ :multi-prefix");
  CHECK(params(alice.wait_for("CAP")).at(1) == "ACK");
  CHECK_FALSE(alice.wait_for("001", 300ms));
  alice.send("CAP END");
  CHECK(alice.wait_for("001"));
}

TEST_CASE_FIXTURE(IrcServer, "nicks follow confab's rules and are unique across dialects") {
  auto bob = connect();
  bob->hello("Bob");
  IrcClient irc(server.irc_port());
  irc.send("NICK #nope");
  CHECK(params(irc.wait_for("432")).at(1) == "#nope");
  irc.send("NICK bob");
  irc.send("USER b 0 * :B");
  CHECK(params(irc.wait_for("433")).at(1) == "bob");
  irc.send("NICK bobby");
  const auto welcome = irc.wait_for("001");
  REQUIRE(welcome);
  CHECK(welcome->params.at(0) == "bobby");
}

TEST_CASE_FIXTURE(IrcServer, "SASL PLAIN logs in to an account a JSON client created") {
  {
    auto json = connect();
    json->hello("carol", "wonderland");
  }
  IrcClient wrong(server.irc_port());
  wrong.send("CAP REQ :sasl");
  wrong.send("AUTHENTICATE PLAIN");
  CHECK(params(wrong.wait_for("AUTHENTICATE")).at(0) == "+");
  wrong.send("AUTHENTICATE " + confab::net::base64_encode(std::string("\0carol\0guess", 12)));
  CHECK(wrong.wait_for("904"));

  IrcClient carol(server.irc_port());
  carol.send("CAP LS 302");
  carol.send("CAP REQ :sasl");
  carol.send("NICK carol");
  carol.send("USER c 0 * :Carol");
  carol.send("AUTHENTICATE PLAIN");
  CHECK(carol.wait_for("AUTHENTICATE"));
  carol.send("AUTHENTICATE " + confab::net::base64_encode(std::string("\0carol\0wonderland", 17)));
  CHECK(params(carol.wait_for("900")).at(2) == "carol");
  CHECK(carol.wait_for("903"));
  carol.send("CAP END");
  CHECK(params(carol.wait_for("001")).at(0) == "carol");

  // Without SASL the registered nick is not to be had.
  IrcClient impostor(server.irc_port());
  impostor.send("NICK Carol");
  impostor.send("USER x 0 * :X");
  const auto refused = impostor.wait_for("433");
  REQUIRE(refused);
  CHECK(refused->params.at(2).find("SASL") != std::string::npos);
}

TEST_CASE_FIXTURE(IrcServer, "IRC, JSON and text users share a room, its messages and presence") {
  auto ian = irc("ian");
  ian->send("JOIN #dev");
  const auto joined = ian->wait_for("JOIN");
  REQUIRE(joined);
  CHECK(joined->source == "ian!ian@confab");
  CHECK(params(ian->wait_for("353")).at(3) == "@ian");
  CHECK(ian->wait_for("366"));

  auto jane = json_in("jane", "dev");
  const auto jane_joined = ian->wait_for("JOIN");
  REQUIRE(jane_joined);
  CHECK(jane_joined->source == "jane!jane@confab");

  auto tom = text_in("tom", "dev");

  ian->send("PRIVMSG #dev :hello from irssi");
  auto heard = jane->wait_for([](const Json& f) {
    return f.value("type", "") == "message" && f.value("text", "") == "hello from irssi";
  });
  REQUIRE(heard);
  CHECK((*heard)["from"] == "ian");
  CHECK((*heard)["room"] == "dev");
  CHECK(tom->wait_for_text("[dev] ian: hello from irssi"));

  REQUIRE(is_ok(jane->request({{"op", "say"}, {"room", "dev"}, {"text", "hi ian"}})));
  auto relayed = ian->wait_for([](const IrcMessage& m) { return is_privmsg(m, "#dev", "hi ian"); });
  REQUIRE(relayed);
  CHECK(relayed->source == "jane!jane@confab");
  tom->send_raw("and me\n");
  CHECK(ian->wait_for([](const IrcMessage& m) { return is_privmsg(m, "#dev", "and me"); }));

  // One history for everyone.
  auto page = jane->request({{"op", "history"}, {"room", "dev"}});
  REQUIRE(is_ok(page));
  bool stored = false;
  for (const auto& message : page["messages"]) {
    stored |= message["from"] == "ian" && message["text"] == "hello from irssi";
  }
  CHECK(stored);

  ian->send("PART #dev :lunch");
  const auto parted = ian->wait_for("PART");
  REQUIRE(parted);
  CHECK(parted->params == std::vector<std::string>{"#dev", "lunch"});
  CHECK(jane->wait_for([](const Json& f) {
    return f.value("type", "") == "presence" && f.value("nick", "") == "ian";
  }));
}

TEST_CASE_FIXTURE(IrcServer, "private messages cross between IRC and JSON") {
  auto ian = irc("ian");
  auto jane = connect();
  jane->hello("jane");
  ian->send("PRIVMSG jane :psst");
  auto got = jane->wait_for([](const Json& f) {
    return f.value("type", "") == "pm" || (f.value("type", "") == "message" && f.contains("to"));
  });
  REQUIRE(got);
  CHECK((*got)["text"] == "psst");
  CHECK((*got)["from"] == "ian");
  REQUIRE(is_ok(jane->request({{"op", "pm"}, {"to", "ian"}, {"text", "psst back"}})));
  const auto back =
      ian->wait_for([](const IrcMessage& m) { return is_privmsg(m, "ian", "psst back"); });
  REQUIRE(back);
  CHECK(back->source == "jane!jane@confab");
  ian->send("PRIVMSG nobody :hello?");
  CHECK(params(ian->wait_for("401")).at(1) == "nobody");
}

TEST_CASE_FIXTURE(IrcServer, "a long text reaches IRC split into lines within 512 bytes") {
  auto ian = irc_in("ian", "#dev");
  auto jane = json_in("jane", "dev");
  std::string text;
  for (int i = 0; text.size() < 3000; ++i) {
    text += "word" + std::to_string(i) + " ";
  }
  text.resize(3000);
  REQUIRE(is_ok(jane->request({{"op", "say"}, {"room", "dev"}, {"text", text}})));
  std::string received;
  while (received.size() < text.size()) {
    const auto piece = ian->wait_for("PRIVMSG");
    REQUIRE(piece);
    received += piece->params.at(1);
  }
  CHECK(received == text);
  for (std::size_t start = 0, end; (end = ian->transcript().find('\n', start)) != std::string::npos;
       start = end + 1) {
    CHECK(end - start + 1 <= 512);
  }
}

TEST_CASE_FIXTURE(IrcServer, "mistakes get their numerics and the connection goes on") {
  IrcClient early(server.irc_port());
  early.send("JOIN #dev");
  CHECK(early.wait_for("451"));
  early.send("PING :before");
  CHECK(params(early.wait_for("PONG")).at(1) == "before");

  auto ian = irc("ian");
  ian->send("FROBNICATE now");
  CHECK(params(ian->wait_for("421")).at(1) == "FROBNICATE");
  ian->send("JOIN #no!good");
  CHECK(params(ian->wait_for("479")).at(1) == "#no!good");
  ian->send("PRIVMSG #elsewhere :hello");
  CHECK(
      ian->wait_for([](const IrcMessage& m) { return m.command == "403" || m.command == "404"; }));
  ian->send("PART #elsewhere");
  CHECK(
      ian->wait_for([](const IrcMessage& m) { return m.command == "403" || m.command == "442"; }));
  ian->send("JOIN");
  CHECK(params(ian->wait_for("461")).at(1) == "JOIN");
  ian->send("MODE #dev");
  ian->send("PING :still here");
  CHECK(params(ian->wait_for("PONG")).at(1) == "still here");
  ian->send("QUIT :done");
  CHECK(ian->wait_for("ERROR"));
  CHECK(ian->wait_closed());
}

TEST_CASE_FIXTURE(IrcServer, "TOPIC reads and sets the room's topic, for operators only") {
  auto ian = irc_in("ian", "#dev");
  ian->send("TOPIC #dev");
  CHECK(params(ian->wait_for("331")).at(1) == "#dev");
  ian->send("TOPIC #dev :ship on Friday");
  const auto echoed = ian->wait_for("TOPIC");
  REQUIRE(echoed);
  CHECK(echoed->source == "ian!ian@confab");
  CHECK(echoed->params == std::vector<std::string>{"#dev", "ship on Friday"});

  auto jane = connect();
  jane->hello("jane");
  auto joined = jane->request({{"op", "join"}, {"room", "dev"}});
  CHECK(joined["topic"] == "ship on Friday");

  auto ivy = irc("ivy");
  ivy->send("JOIN #dev");
  CHECK(params(ivy->wait_for("332")).at(2) == "ship on Friday");
  const auto names = params(ivy->wait_for("353"));
  CHECK(names.at(3).find("@ian") != std::string::npos);
  CHECK(names.at(3).find("@ivy") == std::string::npos);
  ivy->send("TOPIC #dev :mine now");
  CHECK(params(ivy->wait_for("482")).at(1) == "#dev");
  ivy->send("TOPIC #elsewhere");
  CHECK(params(ivy->wait_for("403")).at(1) == "#elsewhere");
  ivy->send("TOPIC #main");
  CHECK(params(ivy->wait_for("442")).at(1) == "#main");
}

TEST_CASE_FIXTURE(IrcServer, "KICK by the channel operator removes a member, who stays online") {
  auto ian = irc_in("ian", "#dev");
  auto ivy = irc_in("ivy", "#dev");
  auto jane = json_in("jane", "dev");

  ivy->send("KICK #dev jane");
  CHECK(params(ivy->wait_for("482")).at(1) == "#dev");
  ian->send("KICK #dev nobody");
  CHECK(params(ian->wait_for("401")).at(1) == "nobody");
  auto carl = connect();
  carl->hello("carl");
  ian->send("KICK #dev carl");
  CHECK(params(ian->wait_for("441")).at(1) == "carl");
  ian->send("KICK #dev");
  CHECK(params(ian->wait_for("461")).at(1) == "KICK");

  ian->send("KICK #dev ivy :too loud");
  const auto echoed = ian->wait_for("KICK");
  REQUIRE(echoed);
  CHECK(echoed->params == std::vector<std::string>{"#dev", "ivy", "too loud"});
  const auto told = ivy->wait_for("KICK");
  REQUIRE(told);
  CHECK(told->source == "ian!ian@confab");
  CHECK(told->params == std::vector<std::string>{"#dev", "ivy", "too loud"});
  auto seen = jane->wait_for([](const Json& f) {
    return f.value("type", "") == "presence" && f.value("event", "") == "kick";
  });
  REQUIRE(seen);
  CHECK((*seen)["nick"] == "ivy");
  ivy->send("PRIVMSG #dev :let me back");
  CHECK(params(ivy->wait_for("404")).at(1) == "#dev");
  ivy->send("PING :alive");
  CHECK(ivy->wait_for("PONG"));
}

TEST_CASE_FIXTURE(IrcServer, "LIST, WHOIS, WHOWAS, MODE b and JOIN 0") {
  auto jane = connect();
  jane->hello("jane", "secret words");
  REQUIRE(is_ok(jane->request({{"op", "create"}, {"room", "dev"}, {"topic", "builds"}})));
  auto ian = irc("ian");

  ian->send("LIST");
  CHECK(ian->wait_for("321"));
  const auto dev = ian->wait_for(
      [](const IrcMessage& m) { return m.command == "322" && m.params.at(1) == "#dev"; });
  REQUIRE(dev);
  CHECK(dev->params.at(2) == "1");
  CHECK(dev->params.at(3) == "builds");
  CHECK(ian->wait_for("323"));
  ian->queued().clear();
  ian->send("LIST #main");
  const auto only = ian->wait_for("322");
  REQUIRE(only);
  CHECK(only->params.at(1) == "#main");
  CHECK(ian->wait_for("323"));
  for (const auto& left : ian->queued()) {
    CHECK(left.command != "322");
  }

  ian->send("WHOIS jane");
  CHECK(params(ian->wait_for("311")).at(1) == "jane");
  CHECK(params(ian->wait_for("330")).at(2) == "jane");
  CHECK(ian->wait_for("318"));
  ian->send("WHOIS nobody");
  CHECK(params(ian->wait_for("401")).at(1) == "nobody");
  CHECK(ian->wait_for("318"));
  ian->send("WHOWAS nobody");
  CHECK(ian->wait_for("406"));
  CHECK(ian->wait_for("369"));

  ian->send("JOIN #dev,#ops");
  ian->send("MODE #dev b");
  CHECK(params(ian->wait_for("368")).at(1) == "#dev");
  ian->send("JOIN 0");
  CHECK(ian->wait_for(
      [](const IrcMessage& m) { return m.command == "PART" && m.params.at(0) == "#dev"; }));
  CHECK(ian->wait_for(
      [](const IrcMessage& m) { return m.command == "PART" && m.params.at(0) == "#ops"; }));
  auto users = jane->request({{"op", "users"}, {"room", "dev"}});
  CHECK(users["users"] == Json::array({"jane"}));
}

TEST_CASE_FIXTURE(IrcServer,
                  "server-time, message-tags and account-tag carry ts, msg_id and account") {
  auto ian = irc_in("ian", "#dev", "server-time message-tags account-tag");
  auto plain = irc_in("paul", "#dev");
  auto jane = connect();
  jane->hello("jane", "secret words");
  REQUIRE(is_ok(jane->request({{"op", "join"}, {"room", "dev"}})));

  const auto said = jane->request({{"op", "say"}, {"room", "dev"}, {"text", "tagged"}});
  REQUIRE(is_ok(said));
  const auto tagged =
      ian->wait_for([](const IrcMessage& m) { return is_privmsg(m, "#dev", "tagged"); });
  REQUIRE(tagged);
  CHECK(tagged->tag("time") == std::optional<std::string_view>(said["ts"].get<std::string>()));
  CHECK(tagged->tag("msgid") ==
        std::optional<std::string_view>(std::to_string(said["msg_id"].get<std::int64_t>())));
  CHECK(tagged->tag("account") == std::optional<std::string_view>("jane"));
  const auto untagged =
      plain->wait_for([](const IrcMessage& m) { return is_privmsg(m, "#dev", "tagged"); });
  REQUIRE(untagged);
  CHECK(untagged->tags.empty());

  // A guest has no account to tag.
  plain->send("PRIVMSG #dev :from a guest");
  const auto guest =
      ian->wait_for([](const IrcMessage& m) { return is_privmsg(m, "#dev", "from a guest"); });
  REQUIRE(guest);
  CHECK_FALSE(guest->tag("account"));
  CHECK(guest->tag("msgid"));
}

TEST_CASE_FIXTURE(IrcServer,
                  "echo-message returns the sender's own messages once they are stored") {
  auto ian = irc_in("ian", "#dev", "echo-message server-time message-tags");
  auto jane = json_in("jane", "dev");

  ian->send("PRIVMSG #dev :hello room");
  const auto echoed =
      ian->wait_for([](const IrcMessage& m) { return is_privmsg(m, "#dev", "hello room"); });
  REQUIRE(echoed);
  CHECK(echoed->source == "ian!ian@confab");
  const auto msgid = echoed->tag("msgid");
  REQUIRE(msgid);
  auto page = jane->request({{"op", "history"}, {"room", "dev"}});
  REQUIRE(page["messages"].size() == 1);
  CHECK(std::to_string(page["messages"][0]["msg_id"].get<std::int64_t>()) == *msgid);

  ian->send("PRIVMSG jane :hello you");
  const auto private_echo =
      ian->wait_for([](const IrcMessage& m) { return is_privmsg(m, "jane", "hello you"); });
  REQUIRE(private_echo);
  CHECK(private_echo->tag("msgid"));
  CHECK(private_echo->tag("time"));
  CHECK(jane->wait_for_type("pm"));

  // Without echo-message nothing comes back.
  auto paul = irc_in("paul", "#dev");
  paul->send("PRIVMSG #dev :quiet");
  paul->send("PING :after");
  REQUIRE(paul->wait_for("PONG"));
  CHECK(jane->wait_for([](const Json& f) { return f.value("text", "") == "quiet"; }));
  for (const auto& left : paul->queued()) {
    CHECK_FALSE(is_privmsg(left, "#dev", "quiet"));
  }
}

TEST_CASE_FIXTURE(IrcServer, "AWAY is shown in WHOIS, answers private messages, and notifies") {
  auto ian = irc_in("ian", "#dev", "away-notify");
  auto ivy = irc_in("ivy", "#dev");

  ivy->send("AWAY :gone fishing");
  CHECK(ivy->wait_for("306"));
  const auto notified = ian->wait_for("AWAY");
  REQUIRE(notified);
  CHECK(notified->source == "ivy!ivy@confab");
  CHECK(notified->params == std::vector<std::string>{"gone fishing"});

  ian->send("PRIVMSG ivy :are you there");
  const auto away = ian->wait_for("301");
  REQUIRE(away);
  CHECK(away->params == std::vector<std::string>{"ian", "ivy", "gone fishing"});
  ian->send("WHOIS ivy");
  CHECK(params(ian->wait_for("301")).at(2) == "gone fishing");
  CHECK(ian->wait_for("318"));

  ivy->send("AWAY");
  CHECK(ivy->wait_for("305"));
  const auto back = ian->wait_for("AWAY");
  REQUIRE(back);
  CHECK(back->params.empty());
}

TEST_CASE_FIXTURE(IrcServer, "capabilities enabled after registration change what rooms send") {
  auto ian = irc_in("ian", "#dev");
  auto jane = json_in("jane", "dev");
  REQUIRE(is_ok(jane->request({{"op", "say"}, {"room", "dev"}, {"text", "before"}})));
  const auto before =
      ian->wait_for([](const IrcMessage& m) { return is_privmsg(m, "#dev", "before"); });
  REQUIRE(before);
  CHECK(before->tags.empty());

  ian->send("CAP REQ :server-time");
  CHECK(params(ian->wait_for("CAP")).at(1) == "ACK");
  // Once the PONG is back, the room has been told.
  ian->send("PING :synced");
  REQUIRE(ian->wait_for("PONG"));
  REQUIRE(is_ok(jane->request({{"op", "say"}, {"room", "dev"}, {"text", "after"}})));
  const auto after =
      ian->wait_for([](const IrcMessage& m) { return is_privmsg(m, "#dev", "after"); });
  REQUIRE(after);
  CHECK(after->tag("time"));
}

namespace {

struct Echo {
  std::string msgid;
  std::string time;
  std::string text;
};

// Sends `count` messages to `target` and returns their echoes.
std::vector<Echo> say_and_collect(IrcClient& client, const std::string& target, int count) {
  std::vector<Echo> echoes;
  for (int i = 0; i < count; ++i) {
    const auto text = "message " + std::to_string(i);
    client.send("PRIVMSG " + target + " :" + text);
    const auto echo =
        client.wait_for([&](const IrcMessage& m) { return is_privmsg(m, target, text); });
    REQUIRE(echo);
    echoes.push_back({std::string(*echo->tag("msgid")), std::string(*echo->tag("time")), text});
  }
  return echoes;
}

// The texts of one chathistory batch, after checking its frame.
std::vector<std::string> history_batch(IrcClient& client, const std::string& target) {
  const auto start = client.wait_for(
      [](const IrcMessage& m) { return m.command == "BATCH" && m.params.at(0).front() == '+'; });
  REQUIRE(start);
  REQUIRE(start->params.size() == 3);
  CHECK(start->params[1] == "chathistory");
  CHECK(start->params[2] == target);
  const auto id = start->params[0].substr(1);
  std::vector<std::string> texts;
  for (;;) {
    const auto next = client.wait_for([&](const IrcMessage& m) {
      return m.tag("batch") == std::optional<std::string_view>(id) ||
             (m.command == "BATCH" && m.params.size() == 1 && m.params[0] == "-" + id);
    });
    REQUIRE(next);
    if (next->command == "BATCH") {
      return texts;
    }
    CHECK(next->command == "PRIVMSG");
    texts.push_back(next->params.at(1));
  }
}

std::vector<std::string> texts(const std::vector<Echo>& echoes, std::size_t from, std::size_t to) {
  std::vector<std::string> result;
  for (auto i = from; i < to; ++i) {
    result.push_back(echoes[i].text);
  }
  return result;
}

}  // namespace

TEST_CASE_FIXTURE(IrcServer, "CHATHISTORY pages a room by msgid and by timestamp, in a batch") {
  const std::string caps = "batch draft/chathistory echo-message message-tags server-time";
  auto ian = irc_in("ian", "#dev", caps);
  const auto echoes = say_and_collect(*ian, "#dev", 10);
  auto ask = [&](const std::string& line) {
    ian->send("CHATHISTORY " + line);
    return history_batch(*ian, "#dev");
  };

  CHECK(ask("LATEST #dev * 20") == texts(echoes, 0, 10));
  CHECK(ask("LATEST #dev * 5") == texts(echoes, 5, 10));
  CHECK(ask("LATEST #dev msgid=" + echoes[4].msgid + " 20") == texts(echoes, 5, 10));
  CHECK(ask("BEFORE #dev msgid=" + echoes[6].msgid + " 20") == texts(echoes, 0, 6));
  CHECK(ask("AFTER #dev msgid=" + echoes[3].msgid + " 3") == texts(echoes, 4, 7));
  CHECK(ask("AROUND #dev msgid=" + echoes[7].msgid + " 1") == texts(echoes, 7, 8));
  CHECK(ask("AROUND #dev msgid=" + echoes[7].msgid + " 3") == texts(echoes, 6, 9));
  const auto first = "msgid=" + echoes[0].msgid;
  const auto last = "msgid=" + echoes[9].msgid;
  CHECK(ask("BETWEEN #dev " + first + " " + last + " 20") == texts(echoes, 1, 9));
  CHECK(ask("BETWEEN #dev " + last + " " + first + " 20") == texts(echoes, 1, 9));
  CHECK(ask("BETWEEN #dev " + first + " " + last + " 3") == texts(echoes, 1, 4));
  CHECK(ask("BETWEEN #dev " + last + " " + first + " 3") == texts(echoes, 6, 9));

  // By time: the messages stamped before, or after, that instant.
  std::vector<std::string> before_sixth;
  std::vector<std::string> after_third;
  for (const auto& echo : echoes) {
    if (echo.time < echoes[6].time) {
      before_sixth.push_back(echo.text);
    }
    if (echo.time > echoes[3].time) {
      after_third.push_back(echo.text);
    }
  }
  CHECK(ask("BEFORE #dev timestamp=" + echoes[6].time + " 20") == before_sixth);
  CHECK(ask("AFTER #dev timestamp=" + echoes[3].time + " 20") == after_third);
  CHECK(ask("LATEST #dev timestamp=" + echoes[3].time + " 20") == after_third);

  ian->send("CHATHISTORY LATEST #elsewhere * 10");
  CHECK(params(ian->wait_for("FAIL")) == std::vector<std::string>{"CHATHISTORY", "INVALID_TARGET",
                                                                  "LATEST", "#elsewhere",
                                                                  "not a member of elsewhere"});
  ian->send("CHATHISTORY LATEST #dev * many");
  CHECK(params(ian->wait_for("FAIL")).at(1) == "INVALID_PARAMS");
  ian->send("CHATHISTORY SIDEWAYS #dev * 10");
  CHECK(params(ian->wait_for("FAIL")).at(1) == "INVALID_PARAMS");
  ian->send("CHATHISTORY BEFORE #dev msgid=x 10");
  CHECK(params(ian->wait_for("FAIL")).at(1) == "INVALID_PARAMS");
}

TEST_CASE("CHATHISTORY reads private conversations of accounts, after a restart too") {
  TempDir dir;
  const auto db = dir.file("chat.db");
  const std::string caps = "batch draft/chathistory message-tags server-time sasl";
  auto sasl_login = [&](std::uint16_t port, const std::string& nick, const std::string& pw) {
    auto client = std::make_unique<IrcClient>(port);
    client->send("CAP LS 302");
    client->send("CAP REQ :" + caps);
    client->send("NICK " + nick);
    client->send("USER u 0 * :U");
    client->send("AUTHENTICATE PLAIN");
    REQUIRE(client->wait_for("AUTHENTICATE"));
    const auto plain = std::string(1, '\0') + nick + std::string(1, '\0') + pw;
    client->send("AUTHENTICATE " + confab::net::base64_encode(plain));
    REQUIRE(client->wait_for("903"));
    client->send("CAP END");
    REQUIRE(client->wait_for("001"));
    return client;
  };
  {
    ConfabdProcess server(db);
    TestClient json(server.port());
    json.hello("jane", "jane's secret");
    TestClient other(server.port());
    other.hello("ian", "ian's secret");
    REQUIRE(is_ok(json.request({{"op", "pm"}, {"to", "ian"}, {"text", "before the restart"}})));
    REQUIRE(is_ok(json.request({{"op", "create"}, {"room", "dev"}})));
    REQUIRE(is_ok(json.request({{"op", "say"}, {"room", "dev"}, {"text", "kept in dev"}})));
    CHECK(server.terminate() == 0);
  }
  ConfabdProcess server(db);
  auto ian = sasl_login(server.irc_port(), "ian", "ian's secret");
  ian->send("CHATHISTORY LATEST jane * 10");
  CHECK(history_batch(*ian, "jane") == std::vector<std::string>{"before the restart"});
  ian->send("JOIN #dev");
  REQUIRE(ian->wait_for("366"));
  ian->send("CHATHISTORY LATEST #dev * 10");
  CHECK(history_batch(*ian, "#dev") == std::vector<std::string>{"kept in dev"});

  // A guest has no private history to read.
  auto guest = std::make_unique<IrcClient>(server.irc_port());
  guest->send("CAP REQ :batch draft/chathistory");
  guest->send("CAP END");
  guest->register_as("gus");
  guest->send("CHATHISTORY LATEST jane * 10");
  CHECK(params(guest->wait_for("FAIL")).at(1) == "INVALID_TARGET");
}

TEST_CASE_FIXTURE(IrcServer, "a line over IRC's limit gets 417 and the connection goes on") {
  auto ian = irc("ian");
  ian->send("PRIVMSG #dev :" + std::string(9000, 'x'));
  CHECK(params(ian->wait_for("417")).at(0) == "ian");
  ian->send("PING :still here");
  CHECK(params(ian->wait_for("PONG")).at(1) == "still here");
}

TEST_CASE("messages over the rate limit are delayed, in order, never refused") {
  TempDir dir;
  ConfabdProcess server(dir.file("chat.db"), {"--rate-limit", "10", "--rate-burst", "2"});
  IrcClient ian(server.irc_port());
  ian.register_as("ian");
  ian.send("JOIN #dev");
  REQUIRE(ian.wait_for("366"));
  TestClient jane(server.port());
  jane.hello("jane");
  REQUIRE(is_ok(jane.request({{"op", "join"}, {"room", "dev"}})));
  for (int i = 0; i < 12; ++i) {
    ian.send("PRIVMSG #dev :burst " + std::to_string(i));
  }
  ian.send("PING :done");
  for (int i = 0; i < 12; ++i) {
    const auto text = "burst " + std::to_string(i);
    auto heard = jane.wait_for([](const Json& f) { return f.value("type", "") == "message"; });
    REQUIRE(heard);
    CHECK((*heard)["text"] == text);
  }
  CHECK(ian.wait_for("PONG"));
  for (const auto& line : ian.queued()) {
    CHECK(line.command != "NOTICE");
    CHECK(line.command != "FAIL");
  }
}

TEST_CASE("a silent IRC client is pinged, and closed only when it does not answer") {
  TempDir dir;
  ConfabdProcess server(dir.file("chat.db"), {"--idle-timeout", "1"});
  IrcClient ian(server.irc_port());
  ian.register_as("ian");
  const auto ping = ian.wait_for("PING", 5s);
  REQUIRE(ping);
  ian.send("PONG :" + ping->params.at(0));
  const auto again = ian.wait_for("PING", 5s);
  REQUIRE(again);
  // No answer this time.
  const auto error = ian.wait_for("ERROR", 5s);
  REQUIRE(error);
  CHECK(error->params.at(0).find("Ping timeout") != std::string::npos);
  CHECK(ian.wait_closed());
}

TEST_CASE_FIXTURE(IrcServer, "an action (/me) round-trips between IRC, text mode and JSON") {
  auto ian = irc_in("ian", "#dev");
  auto ivy = irc_in("ivy", "#dev");
  auto jane = json_in("jane", "dev");
  auto tom = text_in("tom", "dev");

  const std::string waves =
      "\x01"
      "ACTION waves\x01";
  ian->send("PRIVMSG #dev :" + waves);
  CHECK(ivy->wait_for([&](const IrcMessage& m) { return is_privmsg(m, "#dev", waves); }));
  CHECK(jane->wait_for([&](const Json& f) { return f.value("text", "") == waves; }));
  CHECK(tom->wait_for_text("[dev] * ian waves\r\n"));

  tom->send_raw("/me nods\n");
  CHECK(ian->wait_for([](const IrcMessage& m) {
    return is_privmsg(m, "#dev",
                      "\x01"
                      "ACTION nods\x01");
  }));
}

TEST_CASE_FIXTURE(IrcServer, "labeled-response labels one line, batches several, ACKs none") {
  auto ian = irc("ian", "batch labeled-response");
  ian->send("@label=one PING :x");
  const auto pong = ian->wait_for("PONG");
  REQUIRE(pong);
  CHECK(pong->tag("label") == std::optional<std::string_view>("one"));

  ian->send("@label=two JOIN #dev");
  const auto start = ian->wait_for("BATCH");
  REQUIRE(start);
  CHECK(start->tag("label") == std::optional<std::string_view>("two"));
  REQUIRE(start->params.size() == 2);
  CHECK(start->params[1] == "labeled-response");
  const auto id = start->params[0].substr(1);
  for (const auto* command : {"JOIN", "353", "366"}) {
    CAPTURE(command);
    const auto line = ian->wait_for(command);
    REQUIRE(line);
    CHECK(line->tag("batch") == std::optional<std::string_view>(id));
  }
  const auto end = ian->wait_for("BATCH");
  REQUIRE(end);
  CHECK(end->params == std::vector<std::string>{"-" + id});

  // PONG (no reply of its own) is acknowledged; lines after a labeled one
  // wait for its answer, so replies stay in order.
  ian->send("@label=three PONG :x");
  ian->send("@label=four WHOIS nobody");
  const auto ack = ian->wait_for("ACK");
  REQUIRE(ack);
  CHECK(ack->tag("label") == std::optional<std::string_view>("three"));
  const auto whois = ian->wait_for("BATCH");
  REQUIRE(whois);
  CHECK(whois->tag("label") == std::optional<std::string_view>("four"));
  CHECK(ian->wait_for("401"));
}

TEST_CASE_FIXTURE(IrcServer, "MOTD, VERSION, TIME, LUSERS, ISON, USERHOST and WHO for a nick") {
  auto jane = connect();
  jane->hello("jane");
  auto ian = irc("ian");
  ian->send("MOTD");
  CHECK(ian->wait_for("422"));
  ian->send("VERSION");
  CHECK(params(ian->wait_for("351")).at(2) == "irc.confab.test");
  CHECK(ian->wait_for("005"));
  ian->send("TIME");
  CHECK(params(ian->wait_for("391")).at(1) == "irc.confab.test");
  ian->send("LUSERS");
  CHECK(params(ian->wait_for("251")).at(1).find("There are 2 users") == 0);
  CHECK(params(ian->wait_for("254")).at(1) == "1");
  CHECK(ian->wait_for("255"));
  ian->send("ISON jane nobody Ian");
  CHECK(params(ian->wait_for("303")) == std::vector<std::string>{"ian", "jane ian"});
  ian->send("AWAY :out");
  REQUIRE(ian->wait_for("306"));
  ian->send("USERHOST jane ian nobody");
  CHECK(params(ian->wait_for("302")) ==
        std::vector<std::string>{"ian", "jane=+jane@confab ian=-ian@confab"});
  ian->send("WHO jane");
  CHECK(params(ian->wait_for("352")) == std::vector<std::string>{"ian", "*", "jane", "confab",
                                                                 "irc.confab.test", "jane", "H",
                                                                 "0 jane"});
  CHECK(params(ian->wait_for("315")).at(1) == "jane");
}

TEST_CASE_FIXTURE(IrcServer, "QUIT's reason reaches the room in every dialect") {
  auto ian = irc_in("ian", "#dev");
  auto ivy = irc_in("ivy", "#dev");
  auto jane = json_in("jane", "dev");
  auto tom = text_in("tom", "dev");

  ian->send("QUIT :gone home");
  CHECK(ian->wait_for("ERROR"));
  const auto quit = ivy->wait_for("QUIT");
  REQUIRE(quit);
  CHECK(quit->source == "ian!ian@confab");
  CHECK(quit->params == std::vector<std::string>{"Quit: gone home"});
  CHECK(tom->wait_for_text("* ian quit (gone home)"));
  CHECK(jane->wait_for([](const Json& f) {
    return f.value("type", "") == "presence" && f.value("event", "") == "quit" &&
           f.value("nick", "") == "ian";
  }));
}

TEST_CASE("--irc-port off opens no IRC listener") {
  TempDir dir;
  ConfabdProcess server(dir.file("chat.db"), {"--irc-port", "off"});
  CHECK(server.irc_port() == 0);
  CHECK(server.log().find("irc on") == std::string::npos);
}

TEST_CASE("IRC over TLS on --irc-tls-port registers and chats like plain IRC") {
  TempDir dir;
  const auto certificate = make_test_certificate(dir.path(), "localhost");
  ConfabdProcess server(dir.file("chat.db"),
                        {"--tls-cert", certificate.certificate_file, "--tls-key",
                         certificate.key_file, "--tls-port", "0"});
  REQUIRE(server.irc_tls_port() != 0);
  CHECK(server.log().find("irc-tls on ") != std::string::npos);
  IrcClient secure(server.irc_tls_port(), TlsClientOptions{certificate.certificate_file});
  secure.register_as("sam");
  secure.send("JOIN #secure");
  CHECK(secure.wait_for("366"));
  IrcClient plain(server.irc_port());
  plain.register_as("pat");
  plain.send("JOIN #secure");
  CHECK(plain.wait_for("366"));
  secure.send("PRIVMSG #secure :over TLS");
  CHECK(plain.wait_for([](const IrcMessage& m) { return is_privmsg(m, "#secure", "over TLS"); }));
}
