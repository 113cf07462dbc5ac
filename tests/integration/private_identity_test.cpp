#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include "tests/integration/server_fixture.hpp"
#include "tests/support/database_queries.hpp"
#include "tests/support/file_transfer_client.hpp"

using namespace confab::test;

namespace {

// A nick is free again only once the server has noticed its holder leave.
std::unique_ptr<TestClient> hello_when_free(ServerFixture& f, Json hello) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  for (;;) {
    auto client = f.connect();
    auto reply = client->request(hello);
    if (is_ok(reply)) {
      return client;
    }
    REQUIRE(code_of(reply) == "nick_taken");
    REQUIRE(std::chrono::steady_clock::now() < deadline);
  }
}

}  // namespace

TEST_CASE("a later account of a guest's nick reads none of the guest's messages or files") {
  ServerFixture f;
  auto alice = f.connect();
  REQUIRE(is_ok(alice->request({{"op", "hello"}, {"nick", "alice"}, {"password", "pa"}})));
  auto guest_bob = f.login("bob");
  REQUIRE(is_ok(alice->request({{"op", "pm"}, {"to", "bob"}, {"text", "the door code is 4711"}})));
  auto file = upload(*alice, {{"to", "bob"}}, "keys.txt", "spare key under the mat");
  REQUIRE(is_ok(file));
  REQUIRE(guest_bob->wait_for_type("file"));
  // While the guest is here, alice's conversation with him is hers to read.
  CHECK(alice->request({{"op", "history"}, {"with", "bob"}})["messages"].size() == 2);
  guest_bob.reset();

  auto account_bob =
      hello_when_free(f, {{"op", "hello"}, {"nick", "bob"}, {"password", "new owner"}});
  CHECK_FALSE(account_bob->wait_for_type("pm", std::chrono::milliseconds(300)));
  auto history = account_bob->request({{"op", "history"}, {"with", "alice"}});
  REQUIRE(is_ok(history));
  CHECK(history["messages"].empty());
  auto files = account_bob->request({{"op", "files"}, {"with", "alice"}});
  REQUIRE(is_ok(files));
  CHECK(files["files"].empty());
  CHECK(code_of(account_bob->request({{"op", "download"}, {"file_id", file["file_id"]}})) ==
        "forbidden");
  // Nor does alice see the guest's conversation as one with the account.
  CHECK(alice->request({{"op", "history"}, {"with", "bob"}})["messages"].empty());
  // The file stays alice's own.
  CHECK(download(*alice, file["file_id"]).bytes == "spare key under the mat");
}

TEST_CASE("a conversation between two guests is deleted when one of them leaves") {
  ServerFixture f;
  const auto db = f.dir.file("chat.db");
  auto carol = f.login("carol");
  auto dave = f.login("dave");
  auto sent = carol->request({{"op", "pm"}, {"to", "dave"}, {"text", "just between us"}});
  REQUIRE(is_ok(sent));
  REQUIRE(dave->wait_for_type("pm"));
  CHECK(count_rows(db, "SELECT COUNT(*) FROM history WHERE recipient IS NOT NULL") == 1);
  dave.reset();
  auto dave_account = hello_when_free(f, {{"op", "hello"}, {"nick", "dave"}, {"password", "pw"}});
  CHECK(count_rows(db, "SELECT COUNT(*) FROM history WHERE recipient IS NOT NULL") == 0);
}

TEST_CASE("a registered nick is never issued to someone else") {
  ServerFixture f;
  auto owner = f.connect();
  REQUIRE(is_ok(owner->request({{"op", "hello"}, {"nick", "erin"}, {"password", "first"}})));
  owner.reset();
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  Json reply;
  do {
    auto other = f.connect();
    reply = other->request({{"op", "hello"}, {"nick", "Erin"}, {"password", "second"}});
  } while (code_of(reply) == "nick_taken" && std::chrono::steady_clock::now() < deadline);
  CHECK(code_of(reply) == "auth_failed");
  auto guest = f.connect();
  CHECK(code_of(guest->request({{"op", "hello"}, {"nick", "ERIN"}})) == "auth_failed");
}
