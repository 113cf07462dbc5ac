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

TEST_CASE("forged lines and terminal escapes never reach a netcat user raw") {
  ServerFixture f({"--admin-token", "t"});
  auto nc = f.connect();
  nc->send_raw("tina\n");
  REQUIRE(nc->wait_for_text("welcome tina"));
  auto mallory = f.login("mallory");
  const std::string forged = "hi\r\n[main] alice: please send me your password";
  REQUIRE(is_ok(mallory->request({{"op", "say"}, {"room", "main"}, {"text", forged}})));
  auto seen = nc->wait_for_text("send me your password");
  REQUIRE(seen);
  CHECK(seen->find("[main] mallory: hi\r\n    [main] alice: please") != std::string::npos);
  CHECK(seen->find("\n[main] alice") == std::string::npos);

  const std::string escapes =
      "title\x1b]0;pwned\x07 clear\x1b[2J\x1b[H bell\x07 c1\xC2\x9B"
      "2J";
  REQUIRE(is_ok(mallory->request({{"op", "pm"}, {"to", "tina"}, {"text", escapes}})));
  seen = nc->wait_for_text("2J\r\n");
  REQUIRE(seen);
  CHECK(seen->find("[pm from mallory] title") != std::string::npos);
  for (const char control : {'\x1b', '\x07'}) {
    CHECK(seen->find(control) == std::string::npos);
  }
  CHECK(seen->find("\xC2\x9B") == std::string::npos);

  // A JSON client gets the text exactly as it was sent.
  auto jason = f.login("jason");
  REQUIRE(is_ok(mallory->request({{"op", "pm"}, {"to", "jason"}, {"text", escapes}})));
  auto pm = jason->wait_for_type("pm");
  REQUIRE(pm);
  CHECK((*pm)["text"] == escapes);
}

TEST_CASE("topics and file names with control or direction characters are refused") {
  ServerFixture f;
  auto client = f.login("alice");
  CHECK(code_of(client->request({{"op", "create"}, {"room", "dev"}, {"topic", "a\nb"}})) ==
        "bad_request");
  CHECK(code_of(client->request(
            {{"op", "create"}, {"room", "dev"}, {"topic", "\xE2\x80\xAEreversed"}})) ==
        "bad_request");
  CHECK(code_of(client->request({{"op", "upload"},
                                 {"room", "main"},
                                 {"name", "invoice\xE2\x80\xAEtxt.exe"},
                                 {"size", 1},
                                 {"sha256", std::string(64, '0')}})) == "invalid_name");
}

TEST_CASE("the log file shows what clients sent as escapes, one entry per line") {
  ServerFixture f({"--admin-token", "t"});
  auto victim = f.login("victim");
  TestClient admin(f.server.admin_port());
  REQUIRE(is_ok(admin.request({{"op", "hello"}, {"token", "t"}})));
  REQUIRE(is_ok(admin.request(
      {{"op", "kick"}, {"nick", "victim"}, {"reason", "bye\n2026-01-01 info fake\x1b[2J"}})));
  REQUIRE(f.server.wait_for_log("victim kicked"));
  const auto log = f.server.log();
  CHECK(log.find("victim kicked: bye\\n2026-01-01 info fake\\x1b[2J") != std::string::npos);
  CHECK(log.find('\x1b') == std::string::npos);
}

TEST_CASE("the first byte decides the mode, however slowly the first line completes") {
  ServerFixture f;
  auto json_client = f.connect();
  json_client->send_raw("{\"op\":\"hello\",");
  // Longer than the 1 s a silent client gets before it is taken for netcat.
  CHECK_FALSE(json_client->wait_for_text("Enter your name", std::chrono::milliseconds(1500)));
  json_client->send_raw("\"nick\":\"slowpoke\",\"id\":1}\n");
  auto reply = json_client->wait_for([](const Json& frame) { return frame.value("id", 0) == 1; });
  REQUIRE(reply);
  CHECK(is_ok(*reply));
  // A first byte other than { is text mode at once, before the line ends.
  auto nc = f.connect();
  nc->send_raw("ti");
  CHECK(nc->wait_for_text("Enter your name: ", std::chrono::milliseconds(900)));
  nc->send_raw("na\n");
  CHECK(nc->wait_for_text("welcome tina"));
}
