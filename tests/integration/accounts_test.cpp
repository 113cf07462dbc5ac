#include <fstream>
#include <iterator>

#include "tests/integration/server_fixture.hpp"

using namespace confab::test;

TEST_CASE("a password creates an account that later hellos must match") {
  ServerFixture f;
  {
    auto first = f.connect();
    CHECK(is_ok(first->request({{"op", "hello"}, {"nick", "alice"}, {"password", "s3cret"}})));
  }
  // The nick is freed when the first connection closes.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  Json reply;
  do {
    auto attempt = f.connect();
    reply = attempt->request({{"op", "hello"}, {"nick", "ALICE"}, {"password", "wrong"}});
  } while (code_of(reply) == "nick_taken" && std::chrono::steady_clock::now() < deadline);
  CHECK(code_of(reply) == "auth_failed");
  auto no_password = f.connect();
  CHECK(code_of(no_password->request({{"op", "hello"}, {"nick", "alice"}})) == "auth_failed");
  auto right = f.connect();
  CHECK(is_ok(right->request({{"op", "hello"}, {"nick", "alice"}, {"password", "s3cret"}})));
}

TEST_CASE("the database never holds a password in clear") {
  ServerFixture f;
  auto client = f.connect();
  REQUIRE(
      is_ok(client->request({{"op", "hello"}, {"nick", "carol"}, {"password", "hunter2hunter2"}})));
  CHECK(f.server.terminate() == 0);
  std::ifstream db(f.dir.file("chat.db"), std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(db)), std::istreambuf_iterator<char>());
  std::ifstream wal(f.dir.file("chat.db-wal"), std::ios::binary);
  bytes.append((std::istreambuf_iterator<char>(wal)), std::istreambuf_iterator<char>());
  CHECK(bytes.find("hunter2hunter2") == std::string::npos);
  CHECK(bytes.find("pbkdf2-sha256$") != std::string::npos);
}

TEST_CASE("private messages to an offline account wait for its next hello") {
  ServerFixture f;
  {
    auto bob = f.connect();
    REQUIRE(is_ok(bob->request({{"op", "hello"}, {"nick", "bob"}, {"password", "pw-bob"}})));
  }
  auto alice = f.connect();
  REQUIRE(is_ok(alice->request({{"op", "hello"}, {"nick", "alice"}, {"password", "pw-alice"}})));
  // Bob's first session may still be closing; wait until he is offline.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < deadline &&
         alice->request({{"op", "users"}})["users"].size() != 1) {
  }
  auto sent = alice->request({{"op", "pm"}, {"to", "bob"}, {"text", "read this later"}});
  REQUIRE(is_ok(sent));
  CHECK(sent["delivered"] == false);
  CHECK(code_of(alice->request({{"op", "pm"}, {"to", "ghost"}, {"text", "x"}})) == "no_such_user");

  auto bob = f.connect();
  REQUIRE(is_ok(bob->request({{"op", "hello"}, {"nick", "bob"}, {"password", "pw-bob"}})));
  auto pm = bob->wait_for_type("pm");
  REQUIRE(pm);
  CHECK((*pm)["text"] == "read this later");
  CHECK((*pm)["from"] == "alice");
  CHECK((*pm)["msg_id"] == sent["msg_id"]);

  auto history = bob->request({{"op", "history"}, {"with", "alice"}});
  REQUIRE(is_ok(history));
  REQUIRE(history["messages"].size() == 1);
  CHECK(history["messages"][0]["type"] == "pm");

  // Delivered once: a later hello brings nothing again.
  bob.reset();
  deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  std::unique_ptr<TestClient> again;
  Json reply;
  do {
    again = f.connect();
    reply = again->request({{"op", "hello"}, {"nick", "bob"}, {"password", "pw-bob"}});
  } while (code_of(reply) == "nick_taken" && std::chrono::steady_clock::now() < deadline);
  REQUIRE(is_ok(reply));
  CHECK(is_ok(again->request({{"op", "ping"}})));
  CHECK_FALSE(again->wait_for_type("pm", std::chrono::milliseconds(300)));
}

TEST_CASE("guests cannot read private history") {
  ServerFixture f;
  auto guest = f.login("guest");
  CHECK(code_of(guest->request({{"op", "history"}, {"with", "anyone"}})) == "auth_required");
}

TEST_CASE("a nick that looks like a registered one is refused, to guests and new accounts") {
  ServerFixture f;
  auto alice = f.connect();
  REQUIRE(is_ok(alice->request({{"op", "hello"}, {"nick", "alice"}, {"password", "pa"}})));
  for (const char* look_alike : {"aIice", "a1ice", "AIICE", "a11ce"}) {
    CAPTURE(look_alike);
    auto guest = f.connect();
    auto reply = guest->request({{"op", "hello"}, {"nick", look_alike}});
    CHECK(code_of(reply) == "nick_taken");
    CHECK(reply["message"].get<std::string>().find("looks like the registered nick alice") !=
          std::string::npos);
    auto registrant = f.connect();
    CHECK(code_of(registrant->request(
              {{"op", "hello"}, {"nick", look_alike}, {"password", "pw"}})) == "nick_taken");
  }
  auto alicia = f.connect();
  CHECK(is_ok(alicia->request({{"op", "hello"}, {"nick", "alicia"}})));
}
