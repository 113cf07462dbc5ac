#include "tests/support/test_client.hpp"

#include <algorithm>
#include <cerrno>
#include <stdexcept>

namespace confab::test {

TestClient::TestClient(std::uint16_t port, const std::string& source)
    : stream_(std::make_unique<ClientStream>(port, source)) {}

TestClient::TestClient(std::uint16_t port, const TlsClientOptions& tls)
    : stream_(std::make_unique<ClientStream>(port, tls)) {}

TestClient::~TestClient() = default;

void TestClient::send_raw(std::string_view bytes) {
  stream_->send(bytes);
}

void TestClient::send(const Json& frame) {
  send_raw(frame.dump() + "\n");
}

bool TestClient::read_more(std::chrono::steady_clock::time_point deadline) {
  const auto before = buffer_.size();
  if (!stream_->read_into(buffer_, deadline)) {
    return false;
  }
  text_.append(buffer_, before);
  std::size_t newline;
  while ((newline = buffer_.find('\n')) != std::string::npos) {
    auto line = buffer_.substr(0, newline);
    buffer_.erase(0, newline + 1);
    auto frame = Json::parse(line, nullptr, false);
    if (!frame.is_discarded()) {
      frames_.push_back(std::move(frame));
    }
  }
  return true;
}

std::optional<Json> TestClient::wait_for(const std::function<bool(const Json&)>& match,
                                         std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::size_t checked = 0;
  for (;;) {
    for (; checked < frames_.size(); ++checked) {
      if (match(frames_[checked])) {
        Json found = std::move(frames_[checked]);
        frames_.erase(frames_.begin() + static_cast<std::ptrdiff_t>(checked));
        return found;
      }
    }
    if (!read_more(deadline)) {
      if (stream_->closed() || std::chrono::steady_clock::now() >= deadline) {
        return std::nullopt;
      }
    }
  }
}

std::optional<Json> TestClient::wait_for_type(const std::string& type,
                                              std::chrono::milliseconds timeout) {
  return wait_for([&](const Json& f) { return f.value("type", "") == type; }, timeout);
}

Json TestClient::request(Json frame, std::chrono::milliseconds timeout) {
  const auto id = next_id_++;
  frame["id"] = id;
  send(frame);
  auto reply = wait_for(
      [&](const Json& f) {
        return f.contains("id") && f["id"] == id &&
               (f.value("type", "") == "ok" || f.value("type", "") == "error");
      },
      timeout);
  if (!reply) {
    throw std::runtime_error("no reply to " + frame.dump());
  }
  return *reply;
}

Json TestClient::hello(const std::string& nick, std::optional<std::string> password) {
  Json frame{{"op", "hello"}, {"nick", nick}};
  if (password) {
    frame["password"] = *password;
  }
  auto reply = request(frame);
  if (reply.value("type", "") != "ok") {
    throw std::runtime_error("hello failed: " + reply.dump());
  }
  return reply;
}

std::optional<std::string> TestClient::wait_for_text(const std::string& needle,
                                                     std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (text_.find(needle) == std::string::npos) {
    if (!read_more(deadline) &&
        (stream_->closed() || std::chrono::steady_clock::now() >= deadline)) {
      return std::nullopt;
    }
  }
  return text_;
}

bool TestClient::wait_closed(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!stream_->closed()) {
    if (!read_more(deadline) && !stream_->closed() &&
        std::chrono::steady_clock::now() >= deadline) {
      return false;
    }
  }
  return true;
}

}  // namespace confab::test
