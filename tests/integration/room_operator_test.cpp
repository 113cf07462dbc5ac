// A room's creator is its operator: it sets the topic every dialect shows
// and removes members, who stay connected. Everyone else may only read.
#include "tests/integration/server_fixture.hpp"
#include "tests/support/irc_client.hpp"

using namespace confab::test;

namespace {

bool is_event(const Json& frame, const std::string& type, const std::string& room) {
  return frame.value("type", "") == type && frame.value("room", "") == room;
}

bool has_nick(const Json& users, const std::string& nick) {
  for (const auto& user : users["users"]) {
    if (user == nick) {
      return true;
    }
  }
  return false;
}

std::string topic_listed(TestClient& client, const std::string& room) {
  const auto page = client.request({{"op", "rooms"}});
  for (const auto& listed : page["rooms"]) {
    if (listed["name"] == room) {
      return listed["topic"];
    }
  }
  return "(not listed)";
}

}  // namespace

TEST_CASE_FIXTURE(ServerFixture, "the creator sets the topic and every dialect's members see it") {
  auto alice = login("alice");
  REQUIRE(is_ok(alice->request({{"op", "create"}, {"room", "dev"}, {"topic", "builds"}})));
  auto bob = login("bob");
  REQUIRE(is_ok(bob->request({{"op", "join"}, {"room", "dev"}})));
  auto tina = connect();
  tina->send_raw("tina\r\n");
  REQUIRE(tina->wait_for_text("welcome tina"));
  tina->send_raw("/join dev\r\n");
  REQUIRE(tina->wait_for_text("you joined dev"));
  IrcClient ian(server.irc_port());
  ian.register_as("ian");
  ian.send("JOIN #dev");
  REQUIRE(ian.wait_for("366"));

  auto read = bob->request({{"op", "topic"}, {"room", "dev"}});
  CHECK(is_ok(read));
  CHECK(read["topic"] == "builds");

  auto set = alice->request({{"op", "topic"}, {"room", "dev"}, {"topic", "release on Friday"}});
  REQUIRE(is_ok(set));
  CHECK(set["room"] == "dev");
  CHECK(set["topic"] == "release on Friday");

  auto seen = bob->wait_for([](const Json& f) { return is_event(f, "topic", "dev"); });
  REQUIRE(seen);
  CHECK((*seen)["topic"] == "release on Friday");
  CHECK((*seen)["by"] == "alice");
  CHECK(tina->wait_for_text("* alice set the topic of dev: release on Friday"));
  auto irc_topic = ian.wait_for("TOPIC");
  REQUIRE(irc_topic);
  CHECK(irc_topic->source == "alice!alice@confab");
  CHECK(irc_topic->params == std::vector<std::string>{"#dev", "release on Friday"});
  CHECK(topic_listed(*bob, "dev") == "release on Friday");
  // The setter has its answer and no echo.
  alice->request({{"op", "ping"}});
  for (const auto& frame : alice->queued()) {
    CHECK_FALSE(is_event(frame, "topic", "dev"));
  }

  tina->send_raw("/topic\r\n");
  CHECK(tina->wait_for_text("* topic of dev: release on Friday"));
}

TEST_CASE_FIXTURE(ServerFixture, "only the room's operator sets the topic or removes members") {
  auto alice = login("alice");
  REQUIRE(is_ok(alice->request({{"op", "create"}, {"room", "dev"}})));
  auto bob = login("bob");
  REQUIRE(is_ok(bob->request({{"op", "join"}, {"room", "dev"}})));
  auto carol = login("carol");

  CHECK(code_of(bob->request({{"op", "topic"}, {"room", "dev"}, {"topic", "mine"}})) ==
        "forbidden");
  CHECK(code_of(bob->request({{"op", "kick"}, {"room", "dev"}, {"nick", "alice"}})) == "forbidden");
  CHECK(code_of(carol->request({{"op", "topic"}, {"room", "dev"}})) == "not_member");
  CHECK(code_of(carol->request({{"op", "kick"}, {"room", "dev"}, {"nick", "bob"}})) ==
        "not_member");
  CHECK(code_of(alice->request({{"op", "kick"}, {"room", "dev"}, {"nick", "carol"}})) ==
        "no_such_user");
  CHECK(code_of(alice->request({{"op", "topic"}, {"room", "dev"}, {"topic", "a\nb"}})) ==
        "bad_request");
  CHECK(code_of(alice->request({{"op", "kick"}, {"room", "dev"}})) == "bad_request");
  // main belongs to no one.
  CHECK(code_of(alice->request({{"op", "topic"}, {"room", "main"}, {"topic", "x"}})) ==
        "forbidden");
  CHECK(code_of(alice->request({{"op", "kick"}, {"room", "main"}, {"nick", "bob"}})) ==
        "forbidden");
  CHECK(is_ok(bob->request({{"op", "say"}, {"room", "dev"}, {"text", "still here"}})));
}

TEST_CASE_FIXTURE(ServerFixture, "a removed member stays connected and is out of the room") {
  auto alice = login("alice");
  REQUIRE(is_ok(alice->request({{"op", "create"}, {"room", "dev"}})));
  auto bob = login("bob");
  REQUIRE(is_ok(bob->request({{"op", "join"}, {"room", "dev"}})));
  auto carol = login("carol");
  REQUIRE(is_ok(carol->request({{"op", "join"}, {"room", "dev"}})));
  IrcClient ian(server.irc_port());
  ian.register_as("ian");
  ian.send("JOIN #dev");
  REQUIRE(ian.wait_for("366"));

  auto kicked =
      alice->request({{"op", "kick"}, {"room", "dev"}, {"nick", "BOB"}, {"reason", "off topic"}});
  REQUIRE(is_ok(kicked));
  CHECK(kicked["room"] == "dev");
  CHECK(kicked["nick"] == "bob");

  auto told = bob->wait_for_type("kicked");
  REQUIRE(told);
  CHECK((*told)["room"] == "dev");
  CHECK((*told)["by"] == "alice");
  CHECK((*told)["reason"] == "off topic");
  auto presence = carol->wait_for([](const Json& f) {
    return is_event(f, "presence", "dev") && f.value("event", "") == "kick";
  });
  REQUIRE(presence);
  CHECK((*presence)["nick"] == "bob");
  CHECK((*presence)["by"] == "alice");
  CHECK((*presence)["reason"] == "off topic");
  auto irc_kick = ian.wait_for("KICK");
  REQUIRE(irc_kick);
  CHECK(irc_kick->source == "alice!alice@confab");
  CHECK(irc_kick->params == std::vector<std::string>{"#dev", "bob", "off topic"});

  CHECK_FALSE(has_nick(alice->request({{"op", "users"}, {"room", "dev"}}), "bob"));
  CHECK(code_of(bob->request({{"op", "say"}, {"room", "dev"}, {"text", "hey"}})) == "not_member");
  CHECK(is_ok(bob->request({{"op", "say"}, {"room", "main"}, {"text", "still connected"}})));
  // Removal is not a ban: a member may come back.
  CHECK(is_ok(bob->request({{"op", "join"}, {"room", "dev"}})));
}

TEST_CASE_FIXTURE(ServerFixture, "text mode has /topic and /kick") {
  auto tina = connect();
  tina->send_raw("tina\r\n");
  REQUIRE(tina->wait_for_text("welcome tina"));
  tina->send_raw("/create dev\r\n");
  REQUIRE(tina->wait_for_text("you created and joined dev"));
  auto bob = login("bob");
  REQUIRE(is_ok(bob->request({{"op", "join"}, {"room", "dev"}})));
  tina->send_raw("/topic ship it\r\n");
  CHECK(tina->wait_for_text("* you set the topic of dev: ship it"));
  CHECK(bob->wait_for([](const Json& f) { return is_event(f, "topic", "dev"); }));
  tina->send_raw("/kick bob enough\r\n");
  CHECK(tina->wait_for_text("* you removed bob from dev"));
  auto told = bob->wait_for_type("kicked");
  REQUIRE(told);
  CHECK((*told)["reason"] == "enough");
}

TEST_CASE("an account's room keeps its operator across restarts, a guest's does not") {
  TempDir dir;
  const auto db = dir.file("chat.db");
  {
    ConfabdProcess server(db);
    TestClient alice(server.port());
    alice.hello("alice", "correct horse");
    REQUIRE(is_ok(alice.request({{"op", "create"}, {"room", "dev"}})));
    TestClient gus(server.port());
    gus.hello("gus");
    REQUIRE(is_ok(gus.request({{"op", "create"}, {"room", "guests"}})));
    CHECK(is_ok(gus.request({{"op", "topic"}, {"room", "guests"}, {"topic", "by gus"}})));
    CHECK(server.terminate() == 0);
  }
  ConfabdProcess server(db);
  TestClient alice(server.port());
  alice.hello("alice", "correct horse");
  REQUIRE(is_ok(alice.request({{"op", "join"}, {"room", "dev"}})));
  CHECK(is_ok(alice.request({{"op", "topic"}, {"room", "dev"}, {"topic", "still mine"}})));
  TestClient gus(server.port());
  gus.hello("gus");
  REQUIRE(is_ok(gus.request({{"op", "join"}, {"room", "guests"}})));
  // Anyone could take a guest's nick: its rights ended with its connection.
  CHECK(code_of(gus.request({{"op", "topic"}, {"room", "guests"}, {"topic", "x"}})) == "forbidden");
  CHECK(gus.request({{"op", "topic"}, {"room", "guests"}})["topic"] == "by gus");
}
