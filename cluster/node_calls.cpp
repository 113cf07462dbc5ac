#include "cluster/node_calls.hpp"

#include <charconv>

namespace confab::cluster {
namespace {

constexpr std::string_view kCallPrefix = "confab.call.";
constexpr std::string_view kAnswerPrefix = "confab.answer.";
constexpr std::string_view kClientsPrefix = "confab.clients.";
constexpr std::string_view kWatchPrefix = "confab.watch.";

std::string_view last_token(std::string_view subject) {
  const auto dot = subject.rfind('.');
  return dot == std::string_view::npos ? subject : subject.substr(dot + 1);
}

}  // namespace

std::string call_subject(std::string_view node, std::string_view op) {
  std::string subject(kCallPrefix);
  subject.append(node).append(".").append(op);
  return subject;
}

std::string calls_to(std::string_view node) {
  return call_subject(node, "*");
}

std::string_view call_op(std::string_view subject) {
  return last_token(subject);
}

std::string answer_subject(std::string_view node, std::uint64_t token) {
  std::string subject(kAnswerPrefix);
  subject.append(node).append(".").append(std::to_string(token));
  return subject;
}

std::string answers_to(std::string_view node) {
  std::string subject(kAnswerPrefix);
  subject.append(node).append(".*");
  return subject;
}

std::optional<std::uint64_t> answer_token(std::string_view subject) {
  if (subject.substr(0, kAnswerPrefix.size()) != kAnswerPrefix) {
    return std::nullopt;
  }
  const auto digits = last_token(subject);
  std::uint64_t token = 0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), token);
  if (error != std::errc{} || end != digits.data() + digits.size() || digits.empty()) {
    return std::nullopt;
  }
  return token;
}

std::string clients_subject(std::string_view node) {
  std::string subject(kClientsPrefix);
  subject.append(node);
  return subject;
}

std::string watch_subject(std::string_view node) {
  std::string subject(kWatchPrefix);
  subject.append(node);
  return subject;
}

std::string_view subject_node(std::string_view subject) {
  return last_token(subject);
}

}  // namespace confab::cluster
