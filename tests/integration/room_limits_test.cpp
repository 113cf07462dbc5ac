#include "tests/integration/server_fixture.hpp"
#include "tests/support/database_queries.hpp"
#include "tests/support/file_transfer_client.hpp"

using namespace confab::test;

TEST_CASE("one address creates only so many rooms an hour, and the server only so many") {
  ServerFixture f({"--max-new-rooms", "3", "--max-rooms", "6", "--limit-loopback"});
  auto guest = f.login("guest");
  for (int i = 0; i < 3; ++i) {
    REQUIRE(is_ok(guest->request({{"op", "create"}, {"room", "g" + std::to_string(i)}})));
  }
  auto refused = guest->request({{"op", "create"}, {"room", "g3"}});
  CHECK(code_of(refused) == "rate_limited");
  CHECK(refused["retry_after_ms"].get<std::int64_t>() > 0);
  // Another guest from the same address shares the count...
  auto neighbour = f.login("neighbour");
  CHECK(code_of(neighbour->request({{"op", "create"}, {"room", "n0"}})) == "rate_limited");
  // ...an account has its own.
  auto owner = f.connect();
  REQUIRE(is_ok(owner->request({{"op", "hello"}, {"nick", "owner"}, {"password", "pw"}})));
  CHECK(is_ok(owner->request({{"op", "create"}, {"room", "o0"}})));
  CHECK(is_ok(owner->request({{"op", "create"}, {"room", "o1"}})));
  // main, three of the guests' and two of the owner's: the server's six.
  auto full = owner->request({{"op", "create"}, {"room", "o2"}});
  CHECK(code_of(full) == "forbidden");
}

TEST_CASE("the room list comes in pages of at most 500") {
  ServerFixture f;  // loopback guests are not counted per address
  auto client = f.login("lister");
  for (int i = 0; i < 520; ++i) {
    char name[16];
    std::snprintf(name, sizeof name, "r%03d", i);
    client->send({{"op", "create"}, {"room", name}});
  }
  REQUIRE(is_ok(client->request({{"op", "ping"}}, std::chrono::seconds(60))));
  auto first = client->request({{"op", "rooms"}});
  REQUIRE(is_ok(first));
  CHECK(first["rooms"].size() == 500);
  CHECK(first["more"] == true);
  auto second = client->request({{"op", "rooms"}, {"after", first["rooms"].back()["name"]}});
  REQUIRE(is_ok(second));
  CHECK(second["rooms"].size() == 21);  // 521 with main
  CHECK(second["more"] == false);
  auto small = client->request({{"op", "rooms"}, {"limit", 2}, {"after", "r100"}});
  REQUIRE(small["rooms"].size() == 2);
  CHECK(small["rooms"][0]["name"] == "r101");
  CHECK(small["more"] == true);
  CHECK(code_of(client->request({{"op", "rooms"}, {"limit", 0}})) == "bad_request");
}

TEST_CASE("an administrator deletes a room: members are told, its history and files are gone") {
  ServerFixture f({"--admin-token", "t"});
  const auto db = f.dir.file("chat.db");
  auto alice = f.login("alice");
  REQUIRE(is_ok(alice->request({{"op", "create"}, {"room", "doomed"}})));
  REQUIRE(is_ok(alice->request({{"op", "say"}, {"room", "doomed"}, {"text", "last words"}})));
  REQUIRE(is_ok(upload(*alice, {{"room", "doomed"}}, "notes.txt", "some notes")));
  auto nc = f.connect();
  nc->send_raw("tina\n/join doomed\n");
  REQUIRE(nc->wait_for_text("you joined doomed"));
  TestClient admin(f.server.admin_port());
  REQUIRE(is_ok(admin.request({{"op", "hello"}, {"token", "t"}})));
  REQUIRE(is_ok(admin.request({{"op", "subscribe"}})));

  CHECK(code_of(admin.request({{"op", "delete_room"}, {"room", "main"}})) == "forbidden");
  CHECK(code_of(admin.request({{"op", "delete_room"}, {"room", "nowhere"}})) == "no_such_room");
  REQUIRE(is_ok(admin.request({{"op", "delete_room"}, {"room", "doomed"}})));

  auto kicked = alice->wait_for_type("kicked");
  REQUIRE(kicked);
  CHECK((*kicked)["room"] == "doomed");
  CHECK(nc->wait_for_text("you were removed from doomed"));
  auto event = admin.wait_for([](const Json& frame) {
    return frame.value("type", "") == "room" && frame.value("event", "") == "delete";
  });
  REQUIRE(event);
  CHECK((*event)["name"] == "doomed");
  // Alice stays connected, no longer a member; the room is gone for everyone.
  CHECK(code_of(alice->request({{"op", "say"}, {"room", "doomed"}, {"text", "hello?"}})) ==
        "not_member");
  CHECK(code_of(alice->request({{"op", "join"}, {"room", "doomed"}})) == "no_such_room");
  const auto listed = alice->request({{"op", "rooms"}});
  for (const auto& room : listed["rooms"]) {
    CHECK(room["name"] != "doomed");
  }
  CHECK(count_rows(db, "SELECT COUNT(*) FROM history WHERE room = 'doomed'") == 0);
  CHECK(count_rows(db, "SELECT COUNT(*) FROM files") == 0);
  CHECK(count_rows(db, "SELECT COUNT(*) FROM file_chunks") == 0);
  // The name can be used again.
  CHECK(is_ok(alice->request({{"op", "create"}, {"room", "doomed"}})));
}
