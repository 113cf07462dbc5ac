#include "tests/support/file_transfer_client.hpp"

#include <doctest/doctest.h>

#include <random>

#include "common/sha256.hpp"
#include "net/base64.hpp"

namespace confab::test {
namespace {

bool is_ok(const Json& reply) {
  return reply.value("type", "") == "ok";
}

}  // namespace

std::string random_bytes(std::size_t size, unsigned seed) {
  std::mt19937 random(seed);
  std::string bytes(size, '\0');
  for (auto& byte : bytes) {
    byte = static_cast<char>(random() & 0xFF);
  }
  return bytes;
}

Json upload(TestClient& client, Json target, const std::string& name, const std::string& bytes,
            const std::string& declared_sha) {
  Json begin = std::move(target);
  begin["op"] = "upload";
  begin["name"] = name;
  begin["size"] = bytes.size();
  begin["sha256"] = declared_sha.empty() ? Sha256::of(bytes) : declared_sha;
  auto started = client.request(begin);
  if (!is_ok(started)) {
    return started;
  }
  const auto token = started["upload"].get<std::string>();
  const auto chunk_size = started["chunk_size"].get<std::size_t>();
  std::int64_t seq = 0;
  for (std::size_t at = 0; at < bytes.size(); at += chunk_size) {
    client.send({{"op", "chunk"},
                 {"upload", token},
                 {"seq", seq++},
                 {"data", net::base64_encode(bytes.substr(at, chunk_size))}});
  }
  return client.request({{"op", "upload_end"}, {"upload", token}}, std::chrono::seconds(60));
}

Downloaded download(TestClient& client, std::int64_t file_id) {
  Downloaded result;
  result.reply = client.request({{"op", "download"}, {"file_id", file_id}});
  if (!is_ok(result.reply)) {
    return result;
  }
  std::int64_t expected_seq = 0;
  for (;;) {
    auto frame = client.wait_for(
        [&](const Json& f) {
          return (f.value("type", "") == "chunk" || f.value("type", "") == "file_end") &&
                 f.value("file_id", std::int64_t{0}) == file_id;
        },
        std::chrono::seconds(60));
    if (!frame) {
      return result;
    }
    if ((*frame)["type"] == "file_end") {
      result.ended = true;
      return result;
    }
    REQUIRE((*frame)["seq"] == expected_seq++);
    result.bytes += *net::base64_decode((*frame)["data"].get<std::string>());
  }
}

}  // namespace confab::test
