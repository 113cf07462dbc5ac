#include <sys/stat.h>

#include <fstream>
#include <iterator>

#include "tests/integration/server_fixture.hpp"

using namespace confab::test;

namespace {

unsigned mode_of(const std::string& path) {
  struct stat info {};
  REQUIRE(stat(path.c_str(), &info) == 0);
  return info.st_mode & 0777;
}

}  // namespace

TEST_CASE("a second server on the same database refuses to start and says why") {
  TempDir dir;
  const auto db = dir.file("chat.db");
  ConfabdProcess first(db);
  try {
    ConfabdProcess second(db);
    FAIL("a second confabd started on the same database");
  } catch (const std::runtime_error& e) {
    CHECK(std::string(e.what()).find("another confabd is using") != std::string::npos);
  }
  TestClient client(first.port());
  CHECK(is_ok(client.hello("still-served")));
  CHECK(is_ok(client.request({{"op", "say"}, {"room", "main"}, {"text", "hi"}})));
}

TEST_CASE("the database, its WAL and the log are readable by their owner only") {
  TempDir dir;
  const auto db = dir.file("chat.db");
  const auto log = dir.file("confab.log");
  ConfabdProcess server(db, {"--log-file", log});
  TestClient client(server.port());
  client.hello("alice");
  REQUIRE(is_ok(client.request({{"op", "say"}, {"room", "main"}, {"text", "written"}})));
  for (const auto& path : {db, db + "-wal", db + "-shm", db + ".lock", log}) {
    CAPTURE(path);
    CHECK(mode_of(path) == 0600);
  }
}

TEST_CASE("--admin-token-file keeps the token out of the process list") {
  TempDir dir;
  const auto token_file = dir.file("admin-token");
  std::ofstream(token_file) << "file-token-123\n";
  ConfabdProcess server(dir.file("chat.db"), {"--admin-token-file", token_file});
  std::ifstream cmdline("/proc/" + std::to_string(server.pid()) + "/cmdline");
  const std::string args((std::istreambuf_iterator<char>(cmdline)),
                         std::istreambuf_iterator<char>());
  CHECK(args.find("file-token-123") == std::string::npos);
  TestClient admin(server.admin_port());
  CHECK(is_ok(admin.request({{"op", "hello"}, {"token", "file-token-123"}})));
}
