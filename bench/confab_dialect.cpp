// confab's JSON protocol for confab-bench. The server writes object keys in
// sorted order, so "type" comes last and a frame's kind is read off its end.
#include "bench/dialect.hpp"

namespace confab::bench {
namespace {

bool ends_with(std::string_view line, std::string_view suffix) {
  return line.size() >= suffix.size() && line.substr(line.size() - suffix.size()) == suffix;
}

bool contains(std::string_view line, std::string_view part) {
  return line.find(part) != std::string_view::npos;
}

class ConfabDialect final : public Dialect {
 public:
  std::string room_name(int room) const override { return "bench" + std::to_string(room); }

  std::string create_room(int room, int creator) const override {
    return "{\"op\":\"hello\",\"nick\":\"creator" + std::to_string(creator) + "-" +
           std::to_string(room) + "\",\"id\":1}\n{\"op\":\"create\",\"room\":\"" + room_name(room) +
           "\",\"id\":2}\n{\"op\":\"quit\",\"id\":3}\n";
  }

  // Requests are answered in order, so both go at once.
  std::string greeting(const std::string& nick, int room) const override {
    return "{\"op\":\"hello\",\"nick\":\"" + nick + "\",\"id\":1}\n{\"op\":\"join\",\"room\":\"" +
           room_name(room) + "\",\"id\":2}\n";
  }

  std::string after_registration(int) const override { return {}; }

  // `ok` comes whatever the window: the protocol promises it.
  void append_message(std::string& out, int room, std::string_view text, int sequence,
                      bool) const override {
    out += "{\"op\":\"say\",\"room\":\"";
    out += room_name(room);
    out += "\",\"text\":\"";
    out += text;
    out += "\",\"id\":";
    out += std::to_string(100 + sequence);
    out += "}\n";
  }

  bool acknowledges_messages() const override { return true; }

  std::string pong(std::string_view) const override { return {}; }
  std::string keepalive() const override { return "{\"op\":\"ping\"}\n"; }

  Line classify(std::string_view line) const override {
    if (ends_with(line, "\"type\":\"message\"}")) {
      const auto text = line.find("\"text\":\"");
      return {LineKind::delivery,
              text == std::string_view::npos ? std::string_view{} : line.substr(text + 8)};
    }
    if (ends_with(line, "\"type\":\"ok\"}")) {
      if (contains(line, "\"op\":\"say\"")) {
        return {LineKind::ack, {}};
      }
      if (contains(line, "\"op\":\"hello\"")) {
        return {LineKind::registered, {}};
      }
      if (contains(line, "\"op\":\"join\"")) {
        return {LineKind::joined, {}};
      }
      return {};
    }
    if (contains(line, "\"type\":\"error\"")) {
      return {LineKind::error, line};
    }
    return {};
  }
};

}  // namespace

std::unique_ptr<Dialect> make_confab_dialect() {
  return std::make_unique<ConfabDialect>();
}

}  // namespace confab::bench
