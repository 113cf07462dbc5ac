#pragma once

#include <memory>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "tests/support/confabd_process.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/support/test_client.hpp"

namespace confab::test {

// A confabd of its own for each test: fresh database, port 0.
struct ServerFixture {
  explicit ServerFixture(std::vector<std::string> args = {}) : server(dir.file("chat.db"), args) {}

  std::unique_ptr<TestClient> connect() { return std::make_unique<TestClient>(server.port()); }

  std::unique_ptr<TestClient> login(const std::string& nick) {
    auto client = connect();
    client->hello(nick);
    return client;
  }

  TempDir dir;
  ConfabdProcess server;
};

inline std::string code_of(const Json& reply) {
  return reply.value("code", std::string{});
}

inline bool is_ok(const Json& reply) {
  return reply.value("type", "") == "ok";
}

}  // namespace confab::test
