#include "common/sha256.hpp"
#include "net/base64.hpp"
#include "tests/integration/server_fixture.hpp"
#include "tests/support/file_transfer_client.hpp"

using namespace confab::test;

namespace {

const std::string kZeroSha(64, '0');

Json begin_upload(TestClient& client, std::int64_t size) {
  return client.request({{"op", "upload"},
                         {"room", "main"},
                         {"name", "f.bin"},
                         {"size", size},
                         {"sha256", kZeroSha}});
}

std::unique_ptr<TestClient> account(ServerFixture& f, const std::string& nick,
                                    const std::string& source = "127.0.0.1") {
  auto client = std::make_unique<TestClient>(f.server.port(), source);
  REQUIRE(is_ok(client->request({{"op", "hello"}, {"nick", nick}, {"password", "pw"}})));
  return client;
}

}  // namespace

TEST_CASE("guests of one address cannot reserve the storage quota without sending a byte") {
  ServerFixture f;  // defaults: 64 MiB for the guests of an address
  constexpr std::int64_t k64MiB = 64ll * 1024 * 1024;
  std::vector<std::unique_ptr<TestClient>> guests;
  int reserved = 0;
  for (int i = 0; i < 8; ++i) {
    guests.push_back(f.login("guest" + std::to_string(i)));
    for (int upload = 0; upload < 4; ++upload) {
      auto reply = begin_upload(*guests.back(), k64MiB);
      if (is_ok(reply)) {
        ++reserved;
      } else {
        CHECK(code_of(reply) == "quota_exceeded");
      }
    }
  }
  CHECK(reserved == 1);
  CHECK(code_of(begin_upload(*guests.front(), k64MiB + 1)) == "too_large");
  // Others still upload: a guest from another address, and an account.
  TestClient elsewhere(f.server.port(), "127.0.0.2");
  elsewhere.hello("visitor");
  CHECK(is_ok(upload(elsewhere, {{"room", "main"}}, "hello.txt", "hello")));
  auto owner = account(f, "owner");
  CHECK(is_ok(upload(*owner, {{"room", "main"}}, "report.txt", "quarterly numbers")));
}

TEST_CASE("an upload without chunks is cancelled after --upload-timeout, freeing its quota") {
  ServerFixture f({"--upload-timeout", "1", "--storage-quota", "1000"});
  auto staller = f.login("staller");
  auto started = begin_upload(*staller, 1000);
  REQUIRE(is_ok(started));
  auto other = f.login("other");
  CHECK(code_of(begin_upload(*other, 10)) == "quota_exceeded");
  auto cancelled =
      staller->wait_for([](const Json& frame) { return frame.value("code", "") == "bad_upload"; },
                        std::chrono::seconds(10));
  REQUIRE(cancelled);
  CHECK((*cancelled)["upload"] == started["upload"]);
  CHECK(code_of(staller->request({{"op", "upload_end"}, {"upload", started["upload"]}})) ==
        "bad_upload");
  CHECK(is_ok(upload(*other, {{"room", "main"}}, "small.txt", "0123456789")));
}

TEST_CASE("an upload that keeps sending chunks is never cancelled as stalled") {
  ServerFixture f({"--upload-timeout", "1"});
  auto slow = f.login("slow");
  const std::string data(4000, 'x');
  auto started = slow->request({{"op", "upload"},
                                {"room", "main"},
                                {"name", "slow.bin"},
                                {"size", data.size()},
                                {"sha256", confab::Sha256::of(data)}});
  REQUIRE(is_ok(started));
  // A chunk every half second for three seconds: never a full second idle.
  for (int seq = 0; seq < 6; ++seq) {
    REQUIRE(is_ok(slow->request({{"op", "chunk"},
                                 {"upload", started["upload"]},
                                 {"seq", seq},
                                 {"data", confab::net::base64_encode(data.substr(
                                              static_cast<std::size_t>(seq) * 500, 500))}})));
    CHECK_FALSE(
        slow->wait_for([](const Json& frame) { return frame.value("code", "") == "bad_upload"; },
                       std::chrono::milliseconds(500)));
  }
  REQUIRE(is_ok(slow->request({{"op", "chunk"},
                               {"upload", started["upload"]},
                               {"seq", 6},
                               {"data", confab::net::base64_encode(data.substr(3000))}})));
  CHECK(is_ok(slow->request({{"op", "upload_end"}, {"upload", started["upload"]}})));
}

TEST_CASE("an account's files count against its own quota") {
  ServerFixture f({"--user-quota", "1000"});
  auto alice = account(f, "alice");
  CHECK(is_ok(upload(*alice, {{"room", "main"}}, "a.txt", std::string(600, 'a'))));
  CHECK(code_of(begin_upload(*alice, 600)) == "quota_exceeded");
  auto bob = account(f, "bob");
  CHECK(is_ok(upload(*bob, {{"room", "main"}}, "b.txt", std::string(600, 'b'))));
}

TEST_CASE("with --guest-quota 0 only accounts upload") {
  ServerFixture f({"--guest-quota", "0"});
  auto guest = f.login("guest");
  CHECK(code_of(begin_upload(*guest, 10)) == "auth_required");
  auto member = account(f, "member");
  CHECK(is_ok(begin_upload(*member, 10)));
}
