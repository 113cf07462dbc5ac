#include <unistd.h>

#include "tests/integration/server_fixture.hpp"
#include "tests/support/file_transfer_client.hpp"
#include "tests/support/small_disk.hpp"

using namespace confab::test;

TEST_CASE("an upload that would leave less than --min-free-disk is refused, chat goes on") {
  SmallDisk disk(16 * 1024 * 1024);
  if (!disk.available()) {
    MESSAGE("skipped: mounting a tmpfs needs root");
    return;
  }
  ConfabdProcess server(disk.file("chat.db"), {"--min-free-disk", "4194304"});
  TestClient alice(server.port());
  REQUIRE(is_ok(alice.request({{"op", "hello"}, {"nick", "alice"}, {"password", "pw"}})));
  CHECK(is_ok(upload(alice, {{"room", "main"}}, "small.bin", std::string(1024 * 1024, 'x'))));
  // 8 MiB would leave less than the 4 MiB reserve of the ~10 MiB still free.
  auto refused = upload(alice, {{"room", "main"}}, "large.bin", std::string(8 * 1024 * 1024, 'y'));
  CHECK(code_of(refused) == "quota_exceeded");
  CHECK(refused["message"].get<std::string>().find("disk space") != std::string::npos);
  CHECK(is_ok(alice.request({{"op", "say"}, {"room", "main"}, {"text", "still talking"}})));
}

TEST_CASE("the server starts on a full disk and says what it cannot do") {
  SmallDisk disk(8 * 1024 * 1024);
  if (!disk.available()) {
    MESSAGE("skipped: mounting a tmpfs needs root");
    return;
  }
  const auto db = disk.file("chat.db");
  {
    ConfabdProcess server(db);
    TestClient alice(server.port());
    REQUIRE(is_ok(alice.request({{"op", "hello"}, {"nick", "alice"}, {"password", "pw"}})));
    REQUIRE(is_ok(alice.request({{"op", "say"}, {"room", "main"}, {"text", "before"}})));
    REQUIRE(server.terminate() == 0);
  }
  const auto filler = disk.fill("filler");
  ConfabdProcess server(db, {"--storage-retry", "1"});
  CHECK(server.log().find("released the 4 MiB reserve") != std::string::npos);
  TestClient alice(server.port());
  REQUIRE(is_ok(alice.request({{"op", "hello"}, {"nick", "alice"}, {"password", "pw"}})));
  auto history = alice.request({{"op", "history"}, {"room", "main"}});
  REQUIRE(is_ok(history));
  CHECK(history["messages"].back()["text"] == "before");
  // Full again: writes fail with a clear error, and nothing shown stays.
  const auto filler_again = disk.fill("filler-again");
  auto reply = alice.request({{"op", "say"}, {"room", "main"}, {"text", "on a full disk"}},
                             std::chrono::seconds(20));
  CHECK(code_of(reply) == "internal");
  TestClient newcomer(server.port());
  CHECK(code_of(newcomer.request({{"op", "hello"}, {"nick", "bob"}, {"password", "pw"}},
                                 std::chrono::seconds(20))) == "internal");
  REQUIRE(::unlink(filler.c_str()) == 0);
  REQUIRE(::unlink(filler_again.c_str()) == 0);
  CHECK(is_ok(alice.request({{"op", "say"}, {"room", "main"}, {"text", "room again"}})));
}
