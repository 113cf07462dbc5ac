#include "tests/unit/actor_fixture.hpp"

using namespace confab;
using namespace std::chrono_literals;

namespace {

struct DirectoryFixture : test::ActorFixture {
  std::string claim(const MemberRef& who) {
    std::string outcome;
    (*self)
        ->request(context->directory, 5s, atoms::claim::value, who)
        .receive([&](bool) { outcome = "ok"; },
                 [&](caf::error& e) { outcome = std::string(error_code_name(e)); });
    return outcome;
  }

  std::vector<std::string> online() {
    std::vector<std::string> users;
    (*self)
        ->request(context->directory, 5s, atoms::users::value, std::string{})
        .receive([&](RoomMembers& u) { users = u.nicks; },
                 [](caf::error&) { FAIL("users failed"); });
    return users;
  }
};

}  // namespace

TEST_CASE_FIXTURE(DirectoryFixture, "a nick is held once, whatever its case") {
  CHECK(claim(member("Alice", 1)) == "ok");
  CHECK(claim(member("alice", 2)) == "nick_taken");
  CHECK(claim(member("ALICE", 3)) == "nick_taken");
  CHECK(claim(member("bob", 4)) == "ok");
}

TEST_CASE_FIXTURE(DirectoryFixture, "a nick is online only once confirmed") {
  CHECK(claim(member("alice", 1)) == "ok");
  CHECK(online().empty());
  (*self)->send(context->directory, atoms::confirm::value, std::string("alice"), std::int64_t{0});
  CHECK(online() == std::vector<std::string>{"alice"});
}

TEST_CASE_FIXTURE(DirectoryFixture, "a released nick can be claimed again") {
  CHECK(claim(member("alice", 1)) == "ok");
  (*self)->send(context->directory, atoms::release::value, std::string("ALICE"));
  CHECK(claim(member("alice", 2)) == "ok");
}

TEST_CASE_FIXTURE(DirectoryFixture, "a nick is freed when its session ends") {
  auto alice = member("alice", 1);
  CHECK(claim(alice) == "ok");
  (*self)->send_exit(alice.session, caf::exit_reason::user_shutdown);
  // The directory learns of the exit through its monitor; wait for that.
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  std::string outcome;
  do {
    outcome = claim(member("alice", 2));
  } while (outcome != "ok" && std::chrono::steady_clock::now() < deadline);
  CHECK(outcome == "ok");
}

TEST_CASE_FIXTURE(DirectoryFixture, "rooms are created once and listed with member counts") {
  auto alice = member("alice", 1);
  std::string created;
  (*self)
      ->request(context->directory, 5s, atoms::create::value, std::string("Dev"),
                std::string("talk"), alice, std::string())
      .receive([&](JoinReply& reply) { created = reply.room; },
               [](caf::error& e) { FAIL("create failed: " << to_string(e)); });
  CHECK(created == "Dev");
  std::string again;
  (*self)
      ->request(context->directory, 5s, atoms::create::value, std::string("dev"), std::string(),
                member("bob", 2), std::string())
      .receive([](JoinReply&) {}, [&](caf::error& e) { again = error_code_name(e); });
  CHECK(again == "room_exists");
  std::vector<RoomSummary> rooms;
  (*self)
      ->request(context->directory, 5s, atoms::rooms::value, std::string{}, std::uint32_t{500})
      .receive([&](RoomPage& page) { rooms = page.rooms; }, [](caf::error&) {});
  REQUIRE(rooms.size() == 1);
  CHECK(rooms[0].name == "Dev");
  CHECK(rooms[0].topic == "talk");
}
