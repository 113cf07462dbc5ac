// The chat session on the actor fixture: real storage, directory, rooms and
// login guard, a recording gateway in place of sockets.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "tests/unit/actor_fixture.hpp"

using namespace confab;
using namespace confab::test;
using nlohmann::json;

namespace {

struct SessionFixture : ActorFixture {
  SessionFixture() : ActorFixture(/*stored_rooms=*/true) {}

  // The next delivery to `conn` that contains `needle`, parsed.
  json reply_to(ConnectionId conn, const std::string& needle) {
    for (;;) {
      auto delivery = delivery_containing(needle);
      if (delivery.recipients == std::vector<ConnectionId>{conn}) {
        return json::parse(delivery.bytes);
      }
    }
  }

  session_actor logged_in(ConnectionId conn, const std::string& nick) {
    auto session = spawn_chat_session(conn);
    client_sends(session, json{{"op", "hello"}, {"nick", nick}, {"id", "hello"}}.dump());
    REQUIRE(reply_to(conn, R"("id":"hello")")["type"] == "ok");
    return session;
  }
};

}  // namespace

TEST_CASE_FIXTURE(SessionFixture, "a guest's hello is answered once it has joined main") {
  auto session = spawn_chat_session(1);
  client_sends(session, R"({"op":"join","room":"main","id":1})");
  CHECK(reply_to(1, R"("id":1)")["code"] == "hello_required");
  client_sends(session, R"({"op":"ping","id":2})");
  CHECK(reply_to(1, R"("id":2)")["type"] == "ok");
  client_sends(session, R"({"op":"hello","nick":"alice","id":3})");
  const auto hello = reply_to(1, R"("id":3)");
  CHECK(hello["type"] == "ok");
  CHECK(hello["nick"] == "alice");
  CHECK(hello["rooms"] == json::array({"main"}));
}

TEST_CASE_FIXTURE(SessionFixture, "a nick online is taken, whatever its case") {
  logged_in(1, "alice");
  auto second = spawn_chat_session(2);
  client_sends(second, R"({"op":"hello","nick":"ALICE","id":1})");
  CHECK(reply_to(2, R"("id":1)")["code"] == "nick_taken");
}

TEST_CASE_FIXTURE(SessionFixture,
                  "a registered nick needs its password, and a wrong one holds nothing") {
  auto owner = spawn_chat_session(1);
  client_sends(owner, R"({"op":"hello","nick":"bob","password":"right","id":1})");
  REQUIRE(reply_to(1, R"("id":1)")["type"] == "ok");
  client_sends(owner, R"({"op":"quit","id":2})");
  REQUIRE(reply_to(1, R"("id":2)")["type"] == "ok");

  auto guest = spawn_chat_session(2);
  client_sends(guest, R"({"op":"hello","nick":"bob","id":1})");
  const auto refused = reply_to(2, R"("id":1)");
  CHECK(refused["code"] == "auth_failed");
  CHECK(refused["message"] == "nick bob is registered: password needed");
  client_sends(guest, R"({"op":"hello","nick":"bob","password":"wrong","id":2})");
  CHECK(reply_to(2, R"("id":2)")["message"] == "wrong password");

  // The guesses held nothing: the owner gets back in at once.
  auto back = spawn_chat_session(3);
  client_sends(back, R"({"op":"hello","nick":"bob","password":"right","id":1})");
  CHECK(reply_to(3, R"("id":1)")["type"] == "ok");
}

TEST_CASE_FIXTURE(SessionFixture,
                  "a say reaches the other members at once and its sender after commit") {
  auto alice = logged_in(1, "alice");
  logged_in(2, "bob");
  client_sends(alice, R"({"op":"say","room":"main","text":"hi bob","id":"s"})");
  const auto fanout = delivery_containing("hi bob");
  CHECK(fanout.except == 1);
  CHECK(std::find(fanout.recipients.begin(), fanout.recipients.end(), ConnectionId{2}) !=
        fanout.recipients.end());
  const auto ack = reply_to(1, R"("id":"s")");
  CHECK(ack["type"] == "ok");
  CHECK(ack["msg_id"] == json::parse(fanout.bytes)["msg_id"]);
}

TEST_CASE_FIXTURE(SessionFixture, "room operations answer with typed results in JSON") {
  auto alice = logged_in(1, "alice");
  client_sends(alice, R"({"op":"create","room":"dev","topic":"tools","id":1})");
  CHECK(reply_to(1, R"("id":1)")["room"] == "dev");
  client_sends(alice, R"({"op":"users","room":"dev","id":2})");
  CHECK(reply_to(1, R"("id":2)")["users"] == json::array({"alice"}));
  client_sends(alice, R"({"op":"leave","room":"dev","id":3})");
  const auto left = reply_to(1, R"("id":3)");
  CHECK(left["room"] == "dev");
  CHECK_FALSE(left.contains("current"));
  client_sends(alice, R"({"op":"say","room":"dev","text":"anyone?","id":4})");
  CHECK(reply_to(1, R"("id":4)")["code"] == "not_member");
}

TEST_CASE_FIXTURE(SessionFixture, "a client that does not start with { is served in text mode") {
  auto session = spawn_chat_session(1);
  client_sends(session, "tina");
  CHECK(delivery_containing("Enter your name: ").recipients == std::vector<ConnectionId>{1});
  CHECK(delivery_containing("* welcome tina").recipients == std::vector<ConnectionId>{1});
  client_sends(session, "/current");
  CHECK(delivery_containing("* current room: main").bytes == "* current room: main\r\n");
  client_sends(session, "/join nowhere");
  CHECK(delivery_containing("nowhere").bytes == "! no such room: nowhere\r\n");
}
