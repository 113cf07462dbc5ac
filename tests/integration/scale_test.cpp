#include "tests/integration/server_fixture.hpp"

using namespace confab::test;

TEST_CASE("500 clients hello and join one room") {
  ServerFixture f({"--rate-limit", "0", "--max-connections-per-ip", "1000"});
  auto host = f.login("host");
  REQUIRE(is_ok(host->request({{"op", "create"}, {"room", "townhall"}})));
  std::vector<std::unique_ptr<TestClient>> clients;
  clients.reserve(500);
  for (int i = 0; i < 500; ++i) {
    clients.push_back(f.connect());
    clients.back()->send({{"op", "hello"}, {"nick", "u" + std::to_string(i)}, {"id", 1}});
    clients.back()->send({{"op", "join"}, {"room", "townhall"}, {"id", 2}});
  }
  for (auto& client : clients) {
    auto joined = client->wait_for([](const Json& f) { return f.value("id", 0) == 2; });
    REQUIRE(joined);
    REQUIRE(is_ok(*joined));
  }
  auto users = host->request({{"op", "users"}, {"room", "townhall"}});
  CHECK(users["users"].size() == 501);
  REQUIRE(is_ok(host->request({{"op", "say"}, {"room", "townhall"}, {"text", "welcome all"}})));
  for (auto& client : clients) {
    auto message = client->wait_for_type("message");
    REQUIRE(message);
    CHECK((*message)["text"] == "welcome all");
  }
}
