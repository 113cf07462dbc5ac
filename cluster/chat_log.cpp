#include "cluster/chat_log.hpp"

#include <nlohmann/json.hpp>

namespace confab::cluster {

std::string hex_key(std::string_view key) {
  static const char digits[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(key.size() * 2);
  for (const unsigned char c : key) {
    hex += digits[c >> 4];
    hex += digits[c & 15];
  }
  return hex;
}

std::string room_subject(std::string_view room_key) {
  return "confab.log.room." + hex_key(room_key);
}

std::string encode(const LogEntry& entry) {
  const auto& record = entry.record;
  nlohmann::json json{{"v", 1},
                      {"node", entry.node},
                      {"token", entry.token},
                      {"room", record.room},
                      {"from", record.from}};
  if (entry.kind == LogEntry::Kind::room_created) {
    json["kind"] = "room";
    json["topic"] = record.text;
  } else {
    json["kind"] = "message";
    json["text"] = record.text;
    json["ts"] = record.ts;
    json["account"] = record.from_account;
  }
  return json.dump();
}

std::optional<LogEntry> decode(std::string_view data) {
  const auto json = nlohmann::json::parse(data, nullptr, false);
  if (!json.is_object() || json.value("v", 0) != 1) {
    return std::nullopt;
  }
  try {
    LogEntry entry;
    entry.node = json.at("node").get<std::string>();
    entry.token = json.at("token").get<std::uint64_t>();
    entry.record.room = json.at("room").get<std::string>();
    entry.record.from = json.at("from").get<std::string>();
    const auto kind = json.at("kind").get<std::string>();
    if (kind == "room") {
      entry.kind = LogEntry::Kind::room_created;
      entry.record.text = json.at("topic").get<std::string>();
    } else if (kind == "message") {
      entry.kind = LogEntry::Kind::room_message;
      entry.record.text = json.at("text").get<std::string>();
      entry.record.ts = json.at("ts").get<std::string>();
      entry.record.from_account = json.at("account").get<std::int64_t>();
    } else {
      return std::nullopt;
    }
    return entry;
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;
  }
}

}  // namespace confab::cluster
