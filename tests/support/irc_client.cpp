#include "tests/support/irc_client.hpp"

#include <stdexcept>

namespace confab::test {

IrcClient::IrcClient(std::uint16_t port) : stream_(std::make_unique<ClientStream>(port)) {}

IrcClient::IrcClient(std::uint16_t port, const TlsClientOptions& tls)
    : stream_(std::make_unique<ClientStream>(port, tls)) {}

void IrcClient::send(std::string_view line) {
  stream_->send(std::string(line) + "\r\n");
}

bool IrcClient::read_more(std::chrono::steady_clock::time_point deadline) {
  const auto before = buffer_.size();
  if (!stream_->read_into(buffer_, deadline)) {
    return false;
  }
  transcript_.append(buffer_, before);
  std::size_t end;
  while ((end = buffer_.find('\n')) != std::string::npos) {
    auto line = buffer_.substr(0, end);
    buffer_.erase(0, end + 1);
    if (!line.empty() && line.back() == '\r') {
      line.pop_back();
    }
    if (auto message = net::parse_irc_message(line)) {
      messages_.push_back(std::move(*message));
    }
  }
  return true;
}

std::optional<net::IrcMessage> IrcClient::wait_for(
    const std::function<bool(const net::IrcMessage&)>& match, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::size_t checked = 0;
  for (;;) {
    for (; checked < messages_.size(); ++checked) {
      if (match(messages_[checked])) {
        auto found = std::move(messages_[checked]);
        messages_.erase(messages_.begin() + static_cast<std::ptrdiff_t>(checked));
        return found;
      }
    }
    if (!read_more(deadline) &&
        (stream_->closed() || std::chrono::steady_clock::now() >= deadline)) {
      return std::nullopt;
    }
  }
}

std::optional<net::IrcMessage> IrcClient::wait_for(std::string_view command,
                                                   std::chrono::milliseconds timeout) {
  return wait_for([&](const net::IrcMessage& m) { return net::irc_command_is(m.command, command); },
                  timeout);
}

void IrcClient::register_as(const std::string& nick) {
  send("NICK " + nick);
  send("USER " + nick + " 0 * :" + nick);
  if (!wait_for("001")) {
    throw std::runtime_error("no 001 for " + nick + "; got: " + transcript_);
  }
}

bool IrcClient::wait_closed(std::chrono::milliseconds timeout) {
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
