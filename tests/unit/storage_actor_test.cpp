// The storage actor's group commit, on the actor fixture's real database.
#include <doctest/doctest.h>

#include <map>
#include <nlohmann/json.hpp>

#include "tests/support/database_queries.hpp"
#include "tests/unit/actor_fixture.hpp"
#include "tests/unit/messages.hpp"

using namespace confab;
using namespace confab::test;
using nlohmann::json;

TEST_CASE_FIXTURE(ActorFixture,
                  "routed messages are answered once each, in order, and only once committed") {
  constexpr int kMessages = 200;
  const auto main_id =
      count_rows(dir.file("actors.db"), "SELECT room_id FROM rooms WHERE name = ?", {"main"});
  REQUIRE(main_id > 0);
  // Sent as fast as a busy room sends them: the writes share commits.
  for (int i = 1; i <= kMessages; ++i) {
    auto message = text_message(i, "2026-01-01T00:00:00.000Z", "main", "alice", "",
                                "message " + std::to_string(i));
    (*self)->send(context->storage, atoms::persist::value, std::move(message), main_id,
                  AckRoute{ConnectionId{i}, std::to_string(i), net::DialectId::json});
  }
  std::map<ConnectionId, std::int64_t> answered;  // connection -> msg_id
  std::int64_t last_msg_id = 0;
  while (answered.size() < kMessages) {
    const auto delivery = next_delivery();
    REQUIRE(delivery.recipients.size() == 1);
    const auto conn = delivery.recipients.front();
    const auto ack = json::parse(delivery.bytes);
    CHECK(ack["type"] == "ok");
    CHECK(ack["id"] == conn);
    CHECK(answered.count(conn) == 0);
    answered[conn] = ack["msg_id"];
    // In the order they were sent, and on disk before the answer left.
    CHECK(ack["msg_id"].get<std::int64_t>() > last_msg_id);
    last_msg_id = ack["msg_id"];
    CHECK(count_rows(dir.file("actors.db"), "SELECT COUNT(*) FROM messages WHERE msg_id = ?",
                     {std::to_string(last_msg_id)}) == 1);
  }
  CHECK(count_rows(dir.file("actors.db"), "SELECT COUNT(*) FROM messages") == kMessages);
}

TEST_CASE_FIXTURE(ActorFixture, "a request without an id is committed but not acknowledged") {
  const auto main_id =
      count_rows(dir.file("actors.db"), "SELECT room_id FROM rooms WHERE name = ?", {"main"});
  auto quiet = text_message(1, "2026-01-01T00:00:00.000Z", "main", "alice", "", "no id");
  (*self)->send(context->storage, atoms::persist::value, std::move(quiet), main_id,
                AckRoute{ConnectionId{1}, "", net::DialectId::json});
  auto loud = text_message(2, "2026-01-01T00:00:00.000Z", "main", "alice", "", "with id");
  (*self)->send(context->storage, atoms::persist::value, std::move(loud), main_id,
                AckRoute{ConnectionId{2}, "9", net::DialectId::json});
  // The first has nothing to say: the only answer is the second's.
  const auto delivery = next_delivery();
  CHECK(delivery.recipients == std::vector<ConnectionId>{2});
  CHECK(count_rows(dir.file("actors.db"), "SELECT COUNT(*) FROM messages") == 2);
}

TEST_CASE_FIXTURE(ActorFixture,
                  "a message committed after indexing passed its id is searchable all the same") {
  const auto db = dir.file("actors.db");
  const auto main_id = count_rows(db, "SELECT room_id FROM rooms WHERE name = ?", {"main"});
  auto persist = [&](std::int64_t msg_id, const std::string& text) {
    bool acknowledged = false;
    (*self)
        ->request(context->storage, std::chrono::seconds(5), atoms::persist::value,
                  text_message(msg_id, "2026-01-01T00:00:00.000Z", "main", "alice", "", text),
                  main_id)
        .receive([&](const MessageAck&) { acknowledged = true; },
                 [](const caf::error& error) { FAIL(to_string(error)); });
    REQUIRE(acknowledged);
  };
  auto index = [&] {
    (*self)
        ->request(context->storage, std::chrono::seconds(5), atoms::index::value)
        .receive([](bool) {}, [](const caf::error& error) { FAIL(to_string(error)); });
  };
  auto found = [&](const std::string& word) {
    return count_rows(db, "SELECT COUNT(*) FROM message_search WHERE message_search MATCH ?",
                      {word});
  };
  // Room actors take ids in one order; their messages may reach storage in
  // another.
  persist(11, "early bird");
  index();
  CHECK(found("early") == 1);
  persist(10, "late bird");
  index();
  CHECK(found("late") == 1);
  CHECK(found("bird") == 2);
  // Deleted, it leaves the index as cleanly as the others.
  (*self)
      ->request(context->storage, std::chrono::seconds(5), atoms::delete_room::value, main_id)
      .receive([](bool deleted) { CHECK(deleted); },
               [](const caf::error& error) { FAIL(to_string(error)); });
  CHECK(count_rows(db, "SELECT COUNT(*) FROM messages") == 0);
  CHECK(found("bird") == 0);
  CHECK(count_rows(db, "SELECT COUNT(*) FROM search_queue") == 0);
}
