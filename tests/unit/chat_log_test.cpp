#include <doctest/doctest.h>

#include "cluster/chat_log.hpp"
#include "cluster/file_stream.hpp"

using namespace confab::cluster;

TEST_CASE("a log entry reads back as it was written") {
  LogEntry message;
  message.node = "node-1";
  message.token = 42;
  message.record.room = "Dev";
  message.record.from = "alice";
  message.record.from_account = 7;
  message.record.text = "привет, \"all\"\n";
  message.record.ts = "2026-12-05T08:00:00.000Z";
  auto read = decode(encode(message));
  REQUIRE(read);
  CHECK(read->kind == LogEntry::Kind::room_message);
  CHECK(read->node == "node-1");
  CHECK(read->token == 42);
  CHECK(read->record.room == "Dev");
  CHECK(read->record.from == "alice");
  CHECK(read->record.from_account == 7);
  CHECK(read->record.text == message.record.text);
  CHECK(read->record.ts == message.record.ts);

  LogEntry room;
  room.kind = LogEntry::Kind::room_created;
  room.node = "b";
  room.token = 1;
  room.record.room = "ops";
  room.record.from = "bob";
  room.record.text = "on call";
  room.record.from_account = 9;
  read = decode(encode(room));
  REQUIRE(read);
  CHECK(read->kind == LogEntry::Kind::room_created);
  CHECK(read->record.room == "ops");
  CHECK(read->record.from == "bob");
  CHECK(read->record.text == "on call");
  CHECK(read->record.from_account == 9);
}

TEST_CASE("a room written by the first cluster version reads with a guest creator") {
  const auto read =
      decode(R"({"v":1,"kind":"room","node":"a","token":1,"room":"ops","from":"bob","topic":""})");
  REQUIRE(read);
  CHECK(read->kind == LogEntry::Kind::room_created);
  CHECK(read->record.from_account == 0);
}

TEST_CASE("topics and deletions read back as they were written") {
  LogEntry topic;
  topic.kind = LogEntry::Kind::room_topic;
  topic.node = "c";
  topic.token = 5;
  topic.record.room = "ops";
  topic.record.text = "release at 5";
  topic.by = "alice";
  auto read = decode(encode(topic));
  REQUIRE(read);
  CHECK(read->kind == LogEntry::Kind::room_topic);
  CHECK(read->record.room == "ops");
  CHECK(read->record.text == "release at 5");
  CHECK(read->by == "alice");
  CHECK(read->token == 5);

  LogEntry deleted;
  deleted.kind = LogEntry::Kind::room_deleted;
  deleted.node = "a";
  deleted.record.room = "ops";
  deleted.record.text = "the room was deleted";
  deleted.by = "admin";
  read = decode(encode(deleted));
  REQUIRE(read);
  CHECK(read->kind == LogEntry::Kind::room_deleted);
  CHECK(read->record.room == "ops");
  CHECK(read->record.text == "the room was deleted");
  CHECK(read->by == "admin");
  CHECK(subject_of(*read) == room_subject("ops"));
}

TEST_CASE("presence and rosters read back as they were written") {
  LogEntry kick;
  kick.kind = LogEntry::Kind::room_presence;
  kick.node = "a";
  kick.record.room = "dev";
  kick.record.from = "mallory";
  kick.record.text = "spam";
  kick.change = confab::net::PresenceChange::kick;
  kick.by = "alice";
  auto read = decode(encode(kick));
  REQUIRE(read);
  CHECK(read->kind == LogEntry::Kind::room_presence);
  CHECK(read->change == confab::net::PresenceChange::kick);
  CHECK(read->record.from == "mallory");
  CHECK(read->by == "alice");
  CHECK(read->record.text == "spam");

  LogEntry roster;
  roster.kind = LogEntry::Kind::room_roster;
  roster.node = "b";
  roster.record.room = "main";
  roster.nicks = {"bob", "Боря"};
  read = decode(encode(roster));
  REQUIRE(read);
  CHECK(read->kind == LogEntry::Kind::room_roster);
  CHECK(read->nicks == std::vector<std::string>{"bob", "Боря"});
}

TEST_CASE("an account entry carries the nick and its password's hash") {
  LogEntry account;
  account.kind = LogEntry::Kind::account_created;
  account.node = "a";
  account.token = 3;
  account.record.from = "alice";
  account.record.text = "pbkdf2-sha256$600000$c2FsdA$aGFzaA";
  const auto read = decode(encode(account));
  REQUIRE(read);
  CHECK(read->kind == LogEntry::Kind::account_created);
  CHECK(read->record.from == "alice");
  CHECK(read->record.text == account.record.text);
  CHECK(read->token == 3);
}

TEST_CASE("private messages and their delivery read back as they were written") {
  LogEntry pm;
  pm.kind = LogEntry::Kind::private_message;
  pm.node = "a";
  pm.token = 9;
  pm.online = true;
  pm.record.from = "alice";
  pm.record.from_account = 4;
  pm.record.to = "bob";
  pm.record.text = "psst";
  pm.record.ts = "2026-12-05T09:00:00.000Z";
  auto read = decode(encode(pm));
  REQUIRE(read);
  CHECK(read->kind == LogEntry::Kind::private_message);
  CHECK(read->online);
  CHECK(read->record.to == "bob");
  CHECK(read->record.text == "psst");
  CHECK(read->record.from_account == 4);
  CHECK(read->record.is_private());

  LogEntry delivered;
  delivered.kind = LogEntry::Kind::private_delivered;
  delivered.node = "b";
  delivered.record.to = "bob";
  delivered.record.msg_id = message_id_at(77);
  read = decode(encode(delivered));
  REQUIRE(read);
  CHECK(read->kind == LogEntry::Kind::private_delivered);
  CHECK(read->record.to == "bob");
  CHECK(read->record.msg_id == message_id_at(77));
}

TEST_CASE("a shared file reads back with what it takes to copy it, in a room or privately") {
  LogEntry share;
  share.node = "a";
  share.token = 3;
  share.record.room = "dev";
  share.record.from = "alice";
  share.record.text = "build.log";
  share.record.ts = "2026-12-05T10:00:00.000Z";
  share.record.file_id = 17;
  share.record.file_size = 70000;
  share.record.file_sha256 = std::string(64, 'a');
  share.record.file_chunks = 2;
  auto read = decode(encode(share));
  REQUIRE(read);
  CHECK(read->kind == LogEntry::Kind::room_message);
  CHECK(read->record.is_file());
  CHECK(read->record.text == "build.log");
  CHECK(read->record.file_id == 17);
  CHECK(read->record.file_size == 70000);
  CHECK(read->record.file_sha256 == share.record.file_sha256);
  CHECK(read->record.file_chunks == 2);

  share.kind = LogEntry::Kind::private_message;
  share.record.room.clear();
  share.record.to = "bob";
  read = decode(encode(share));
  REQUIRE(read);
  CHECK(read->kind == LogEntry::Kind::private_message);
  CHECK(read->record.to == "bob");
  CHECK(read->record.file_id == 17);
  CHECK(read->record.file_chunks == 2);

  // A plain message has no file, and a file missing a part is no entry.
  share.record.file_id = 0;
  read = decode(encode(share));
  REQUIRE(read);
  CHECK_FALSE(read->record.is_file());
  CHECK_FALSE(decode(
      R"({"v":1,"kind":"message","node":"a","token":1,"room":"r","from":"x","text":"f","ts":"t","account":0,"file":{"id":1}})"));
}

TEST_CASE("data that is not a log entry of this version is not read as one") {
  CHECK_FALSE(decode(""));
  CHECK_FALSE(decode("not json"));
  CHECK_FALSE(decode("[1,2]"));
  CHECK_FALSE(decode(R"({"v":2,"kind":"message"})"));
  CHECK_FALSE(decode(R"({"v":1,"kind":"message","node":"a","token":1,"room":"r"})"));
  CHECK_FALSE(decode(R"({"v":1,"kind":"dance","node":"a","token":1,"room":"r","from":"x"})"));
  CHECK_FALSE(decode(R"({"v":1,"kind":"room","node":5,"token":1,"room":"r","from":"x"})"));
  CHECK_FALSE(decode(
      R"({"v":1,"kind":"presence","node":"a","token":0,"room":"r","from":"x","change":"wave","by":"","reason":""})"));
}

TEST_CASE("cluster ids lie above a node's own, and a node follows on after its newest") {
  CHECK(message_id_at(1) == kClusterIdBase + 1);
  CHECK(position_after(0) == 1);
  CHECK(position_after(123456) == 1);  // only its own ids: the whole log
  CHECK(position_after(message_id_at(41)) == 42);
}

TEST_CASE("room subjects are the room's name key in hex, one token of a subject") {
  CHECK(room_subject("main") == "confab.log.room.6d61696e");
  CHECK(hex_key("\xd1\x91") == "d191");
  LogEntry entry;
  entry.record.room = "Main";  // by its name key
  CHECK(subject_of(entry) == "confab.log.room.6d61696e");
  entry.kind = LogEntry::Kind::private_delivered;
  CHECK(subject_of(entry) == kPrivateSubject);
  entry.kind = LogEntry::Kind::account_created;
  CHECK(subject_of(entry) == kAccountSubject);
}

TEST_CASE("a file's chunks are one subject each, under the node it was uploaded to") {
  CHECK(chunk_subject("node-1", 17, 0) == "confab.file.node-1.17.0");
  CHECK(chunk_subject("b", 1099511627777, 12) == "confab.file.b.1099511627777.12");
}
