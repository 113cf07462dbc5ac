#include "cluster/chat_log.hpp"

#include <nlohmann/json.hpp>

#include "net/names.hpp"

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

namespace {

std::optional<net::PresenceChange> presence_change_named(std::string_view name) {
  for (const auto change : {net::PresenceChange::join, net::PresenceChange::leave,
                            net::PresenceChange::quit, net::PresenceChange::kick}) {
    if (net::presence_name(change) == name) {
      return change;
    }
  }
  return std::nullopt;
}

// A shared file: its id on the node it was uploaded to (which names its
// chunks in the file stream), with what it takes to copy and check it.
void encode_file(nlohmann::json& json, const net::MessageRecord& record) {
  if (record.is_file()) {
    json["file"] = {{"id", record.file_id},
                    {"size", record.file_size},
                    {"sha256", record.file_sha256},
                    {"chunks", record.file_chunks}};
  }
}

void decode_file(const nlohmann::json& json, net::MessageRecord& record) {
  const auto file = json.find("file");
  if (file == json.end()) {
    return;
  }
  record.file_id = file->at("id").get<std::int64_t>();
  record.file_size = file->at("size").get<std::int64_t>();
  record.file_sha256 = file->at("sha256").get<std::string>();
  record.file_chunks = file->at("chunks").get<std::int64_t>();
}

}  // namespace

std::string subject_of(const LogEntry& entry) {
  switch (entry.kind) {
    case LogEntry::Kind::account_created:
      return kAccountSubject;
    case LogEntry::Kind::private_message:
    case LogEntry::Kind::private_delivered:
      return kPrivateSubject;
    default:
      return room_subject(net::name_key(entry.record.room));
  }
}

std::string encode(const LogEntry& entry) {
  const auto& record = entry.record;
  nlohmann::json json{{"v", 1},
                      {"node", entry.node},
                      {"token", entry.token},
                      {"room", record.room},
                      {"from", record.from}};
  switch (entry.kind) {
    case LogEntry::Kind::room_created:
      json["kind"] = "room";
      json["topic"] = record.text;
      json["account"] = record.from_account;
      break;
    case LogEntry::Kind::room_message:
      json["kind"] = "message";
      json["text"] = record.text;
      json["ts"] = record.ts;
      json["account"] = record.from_account;
      encode_file(json, record);
      break;
    case LogEntry::Kind::room_presence:
      json["kind"] = "presence";
      json["change"] = net::presence_name(entry.change);
      json["by"] = entry.by;
      json["reason"] = record.text;
      break;
    case LogEntry::Kind::room_roster:
      json["kind"] = "roster";
      json["nicks"] = entry.nicks;
      break;
    case LogEntry::Kind::private_delivered:
      json["kind"] = "delivered";
      json["to"] = record.to;
      json["up_to"] = record.msg_id;
      break;
    case LogEntry::Kind::account_created:
      json["kind"] = "account";
      json["hash"] = record.text;
      break;
    case LogEntry::Kind::private_message:
      json["kind"] = "pm";
      json["to"] = record.to;
      json["text"] = record.text;
      json["ts"] = record.ts;
      json["account"] = record.from_account;
      json["online"] = entry.online;
      encode_file(json, record);
      break;
    case LogEntry::Kind::room_topic:
      json["kind"] = "topic";
      json["topic"] = record.text;
      json["by"] = entry.by;
      break;
    case LogEntry::Kind::room_deleted:
      json["kind"] = "deleted";
      json["by"] = entry.by;
      json["reason"] = record.text;
      break;
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
      // Absent from the entries of the first cluster version.
      entry.record.from_account = json.value("account", std::int64_t{0});
    } else if (kind == "message") {
      entry.kind = LogEntry::Kind::room_message;
      entry.record.text = json.at("text").get<std::string>();
      entry.record.ts = json.at("ts").get<std::string>();
      entry.record.from_account = json.at("account").get<std::int64_t>();
      decode_file(json, entry.record);
    } else if (kind == "presence") {
      entry.kind = LogEntry::Kind::room_presence;
      const auto change = json.at("change").get<std::string>();
      const auto known = presence_change_named(change);
      if (!known) {
        return std::nullopt;
      }
      entry.change = *known;
      entry.by = json.at("by").get<std::string>();
      entry.record.text = json.at("reason").get<std::string>();
    } else if (kind == "pm") {
      entry.kind = LogEntry::Kind::private_message;
      entry.record.to = json.at("to").get<std::string>();
      entry.record.text = json.at("text").get<std::string>();
      entry.record.ts = json.at("ts").get<std::string>();
      entry.record.from_account = json.at("account").get<std::int64_t>();
      entry.online = json.at("online").get<bool>();
      decode_file(json, entry.record);
    } else if (kind == "delivered") {
      entry.kind = LogEntry::Kind::private_delivered;
      entry.record.to = json.at("to").get<std::string>();
      entry.record.msg_id = json.at("up_to").get<std::int64_t>();
    } else if (kind == "account") {
      entry.kind = LogEntry::Kind::account_created;
      entry.record.text = json.at("hash").get<std::string>();
    } else if (kind == "topic") {
      entry.kind = LogEntry::Kind::room_topic;
      entry.record.text = json.at("topic").get<std::string>();
      entry.by = json.at("by").get<std::string>();
    } else if (kind == "deleted") {
      entry.kind = LogEntry::Kind::room_deleted;
      entry.by = json.at("by").get<std::string>();
      entry.record.text = json.at("reason").get<std::string>();
    } else if (kind == "roster") {
      entry.kind = LogEntry::Kind::room_roster;
      entry.nicks = json.at("nicks").get<std::vector<std::string>>();
    } else {
      return std::nullopt;
    }
    return entry;
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;
  }
}

}  // namespace confab::cluster
