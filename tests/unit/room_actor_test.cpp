#include <algorithm>

#include <nlohmann/json.hpp>

#include "actors/room_actor.hpp"
#include "tests/unit/actor_fixture.hpp"

using namespace confab;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {

struct RoomFixture : test::ActorFixture {
  room_actor room =
      spawn_room(*system, context, storage::RoomRecord{1, "main", "the lobby", 0, 0, 0, ""}, {});

  JoinReply join(const MemberRef& who) {
    JoinReply reply;
    (*self)
        ->request(room, 5s, atoms::join::value, who)
        .receive([&](JoinReply& r) { reply = std::move(r); },
                 [&](caf::error& e) { FAIL("join failed: " << to_string(e)); });
    return reply;
  }

  void send_say(const std::string& nick, const std::string& text, ConnectionId conn) {
    (*self)->send(room, atoms::say::value, nick, text,
                  AckRoute{conn, "\"s1\"", net::DialectId::json});
  }

  // The answer the sender's connection gets: the `ok` once the message is
  // committed, or an error.
  json answer_to(ConnectionId conn) {
    auto delivery = delivery_containing("\"id\":\"s1\"");
    CHECK(delivery.recipients == std::vector<ConnectionId>{conn});
    return json::parse(delivery.bytes);
  }

  json say(const std::string& nick, const std::string& text, ConnectionId conn) {
    send_say(nick, text, conn);
    return answer_to(conn);
  }
};

}  // namespace

TEST_CASE_FIXTURE(RoomFixture, "a message reaches every member but its sender, once per mode") {
  join(member("alice", 1));
  join(member("bob", 2));
  join(member("carol", 3, net::DialectId::text));
  send_say("alice", "hello room", 1);
  auto json_delivery = delivery_containing("hello room");
  auto text_delivery = delivery_containing("hello room");
  if (json_delivery.bytes.front() != '{') {
    std::swap(json_delivery, text_delivery);
  }
  CHECK(json_delivery.except == 1);
  CHECK(json_delivery.recipients == std::vector<ConnectionId>{1, 2});
  auto event = json::parse(json_delivery.bytes);
  CHECK(event["type"] == "message");
  CHECK(event["from"] == "alice");
  CHECK(event["msg_id"] == 1);
  CHECK(text_delivery.recipients == std::vector<ConnectionId>{3});
  CHECK(text_delivery.bytes == "[main] alice: hello room\r\n");
  auto ack = answer_to(1);
  CHECK(ack["type"] == "ok");
  CHECK(ack["op"] == "say");
  CHECK(ack["msg_id"] == 1);
  CHECK(ack["ts"] == event["ts"]);
}

TEST_CASE_FIXTURE(RoomFixture, "joining returns topic, members and recent history") {
  join(member("alice", 1));
  REQUIRE(say("alice", "first", 1)["type"] == "ok");
  REQUIRE(say("alice", "second", 1)["type"] == "ok");
  auto reply = join(member("Bob", 2));
  CHECK(reply.room == "main");
  CHECK(reply.topic == "the lobby");
  CHECK(reply.members == std::vector<std::string>{"alice", "Bob"});
  REQUIRE(reply.history.size() == 2);
  CHECK(reply.history[0].text == "first");
  CHECK(reply.history[1].text == "second");
  CHECK(reply.history[0].msg_id < reply.history[1].msg_id);
}

TEST_CASE_FIXTURE(RoomFixture, "members are unique and only members speak") {
  join(member("alice", 1));
  bool refused = false;
  (*self)
      ->request(room, 5s, atoms::join::value, member("ALICE", 9))
      .receive([](JoinReply&) {},
               [&](caf::error& e) { refused = error_code_name(e) == "already_member"; });
  CHECK(refused);
  auto outsider = say("mallory", "let me in", 7);
  CHECK(outsider["type"] == "error");
  CHECK(outsider["op"] == "say");
  CHECK(outsider["code"] == "not_member");
}

TEST_CASE_FIXTURE(RoomFixture, "others see joins, leaves and quits") {
  join(member("alice", 1));
  auto bob = member("bob", 2);
  join(bob);
  auto joined = json::parse(delivery_containing("\"join\"").bytes);
  CHECK(joined["nick"] == "bob");

  (*self)
      ->request(room, 5s, atoms::leave::value, std::string("bob"))
      .receive([](std::string&) {}, [](caf::error&) { FAIL("leave failed"); });
  auto left = delivery_containing("\"leave\"");
  CHECK(left.except == 2);

  auto carol = member("carol", 3);
  join(carol);
  (*self)->send_exit(carol.session, caf::exit_reason::user_shutdown);
  auto quit = json::parse(delivery_containing("\"quit\"").bytes);
  CHECK(quit["nick"] == "carol");
}

TEST_CASE_FIXTURE(RoomFixture, "msg_ids are strictly increasing") {
  join(member("alice", 1));
  std::int64_t last = 0;
  for (int i = 0; i < 100; ++i) {
    auto ack = say("alice", "n" + std::to_string(i), 1);
    REQUIRE(ack["type"] == "ok");
    CHECK(ack["msg_id"].get<std::int64_t>() > last);
    last = ack["msg_id"].get<std::int64_t>();
  }
}
