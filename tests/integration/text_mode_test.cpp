#include "tests/integration/server_fixture.hpp"

using namespace confab::test;

TEST_CASE("a netcat user is asked for a name, then chats by lines") {
  ServerFixture f;
  auto nc = f.connect();
  nc->send_raw("alice\n");
  REQUIRE(nc->wait_for_text("Enter your name: "));
  REQUIRE(nc->wait_for_text("welcome alice"));
  nc->send_raw("/create dev\n");
  REQUIRE(nc->wait_for_text("created and joined dev"));
  nc->send_raw("/current\n");
  REQUIRE(nc->wait_for_text("current room: dev"));
  nc->send_raw("/rooms\n");
  REQUIRE(nc->wait_for_text("dev (1 members)"));
  nc->send_raw("/frobnicate\n");
  REQUIRE(nc->wait_for_text("! unknown command: /frobnicate"));
  nc->send_raw("/join nowhere\n");
  REQUIRE(nc->wait_for_text("! no such room: nowhere"));
  nc->send_raw("/help\n");
  REQUIRE(nc->wait_for_text("/msg NICK TEXT"));
  nc->send_raw("/quit\n");
  CHECK(nc->wait_closed());
}

TEST_CASE("silence for a second also means text mode") {
  ServerFixture f;
  auto nc = f.connect();
  // No byte is sent: the server decides after 1 s and prompts.
  REQUIRE(nc->wait_for_text("Enter your name: ", std::chrono::seconds(5)));
  nc->send_raw("bob\r\n");
  REQUIRE(nc->wait_for_text("welcome bob"));
}

TEST_CASE("text-mode and JSON clients share rooms both ways") {
  ServerFixture f;
  auto json_client = f.login("jason");
  auto nc = f.connect();
  nc->send_raw("tina\n");
  REQUIRE(nc->wait_for_text("welcome tina"));

  auto joined = json_client->wait_for(
      [](const Json& e) { return e.value("event", "") == "join" && e["nick"] == "tina"; });
  REQUIRE(joined);

  nc->send_raw("hello from netcat\n");
  auto message = json_client->wait_for_type("message");
  REQUIRE(message);
  CHECK((*message)["from"] == "tina");
  CHECK((*message)["text"] == "hello from netcat");

  REQUIRE(is_ok(json_client->request({{"op", "say"}, {"room", "main"}, {"text", "hi tina"}})));
  REQUIRE(nc->wait_for_text("[main] jason: hi tina"));

  REQUIRE(is_ok(json_client->request({{"op", "pm"}, {"to", "tina"}, {"text", "psst"}})));
  REQUIRE(nc->wait_for_text("[pm from jason] psst"));

  nc->send_raw("/msg jason back at you\n");
  auto pm = json_client->wait_for_type("pm");
  REQUIRE(pm);
  CHECK((*pm)["text"] == "back at you");

  nc->send_raw("/users\n");
  REQUIRE(nc->wait_for_text("users in main: jason, tina"));
  nc->send_raw("/history 10\n");
  REQUIRE(nc->wait_for_text("[main] tina: hello from netcat"));

  nc->send_raw("/leave\n");
  REQUIRE(nc->wait_for_text("you left main"));
  auto left = json_client->wait_for([](const Json& e) { return e.value("event", "") == "leave"; });
  REQUIRE(left);
  nc->send_raw("talking to no one\n");
  REQUIRE(nc->wait_for_text("! you are in no room"));
}

TEST_CASE("a taken or invalid name in text mode asks again") {
  ServerFixture f;
  auto json_client = f.login("alice");
  auto nc = f.connect();
  nc->send_raw("Alice\n");
  REQUIRE(nc->wait_for_text("! nick Alice is in use"));
  nc->send_raw("not valid!\n");
  REQUIRE(nc->wait_for_text("! nick must be"));
  nc->send_raw("alicia\n");
  REQUIRE(nc->wait_for_text("welcome alicia"));
}
