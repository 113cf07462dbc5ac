#include <map>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <doctest/doctest.h>

#include "tests/unit/messages.hpp"

#include "storage/chat_store.hpp"
#include "storage/database.hpp"
#include "tests/support/temp_dir.hpp"

using namespace confab;

namespace {

struct StoreFixture {
  test::TempDir dir;
  SQLite::Database db{storage::open_database(dir.file("store.db"))};
  storage::ChatStore store{db};
  storage::RoomRecord main_room = store.rooms().at(0);

  void say(std::int64_t id, const std::string& text) {
    store.insert_message(
        test::text_message(id, "2026-01-01T00:00:00.000Z", "main", "alice", "", text),
        main_room.room_id, true);
  }
};

std::vector<std::int64_t> ids(const std::vector<net::MessageRecord>& page) {
  std::vector<std::int64_t> out;
  for (const auto& m : page) {
    out.push_back(m.msg_id);
  }
  return out;
}

}  // namespace

TEST_CASE_FIXTURE(StoreFixture, "history pages are oldest first in every direction") {
  for (std::int64_t id = 1; id <= 10; ++id) {
    say(id, "m" + std::to_string(id));
  }
  storage::HistoryPage newest;
  newest.limit = 3;
  CHECK(ids(store.room_history(main_room, newest)) == std::vector<std::int64_t>{8, 9, 10});
  storage::HistoryPage before;
  before.before = 8;
  before.limit = 3;
  CHECK(ids(store.room_history(main_room, before)) == std::vector<std::int64_t>{5, 6, 7});
  storage::HistoryPage after;
  after.after = 2;
  after.limit = 3;
  CHECK(ids(store.room_history(main_room, after)) == std::vector<std::int64_t>{3, 4, 5});
  after.after = 10;
  CHECK(store.room_history(main_room, after).empty());
  CHECK(store.max_msg_id() == 10);
}

TEST_CASE_FIXTURE(StoreFixture, "rooms are unique case-insensitively") {
  CHECK(store.insert_room("Dev", "talk", "alice", 0, "t"));
  CHECK_FALSE(store.insert_room("dev", "", "bob", 0, "t"));
  CHECK_FALSE(store.insert_room("MAIN", "", "bob", 0, "t"));
  CHECK(store.rooms().size() == 2);
}

TEST_CASE_FIXTURE(StoreFixture, "private history is shared by both parties and no one else") {
  const auto alice = *store.insert_account("alice", "h", "t");
  const auto bob = *store.insert_account("bob", "h", "t");
  const auto carol = *store.insert_account("carol", "h", "t");
  store.insert_message(test::private_message(1, "alice", alice, "bob", bob, "hi bob"), 0, true);
  store.insert_message(test::private_message(2, "Bob", bob, "alice", alice, "hi alice"), 0, true);
  store.insert_message(test::private_message(3, "carol", carol, "bob", bob, "other"), 0, true);
  storage::HistoryPage page;
  CHECK(ids(store.private_history(alice, "alice", "bob", page)) == std::vector<std::int64_t>{1, 2});
  CHECK(ids(store.private_history(bob, "BOB", "Alice", page)) == std::vector<std::int64_t>{1, 2});
  CHECK(ids(store.private_history(bob, "bob", "carol", page)) == std::vector<std::int64_t>{3});
  // Knowing a party's nick is not being that party.
  CHECK(store.private_history(carol, "alice", "bob", page).empty());
}

TEST_CASE_FIXTURE(StoreFixture, "a guest's conversation is not the later account's") {
  const auto alice = *store.insert_account("alice", "h", "t");
  store.insert_message(test::private_message(1, "alice", alice, "bob", 0, "to the guest"), 0, true);
  store.insert_message(test::private_message(2, "bob", 0, "alice", alice, "guest here"), 0, true);
  storage::HistoryPage page;
  CHECK(ids(store.private_history(alice, "alice", "bob", page)) == std::vector<std::int64_t>{1, 2});
  const auto bob = *store.insert_account("bob", "h", "t");
  store.insert_message(test::private_message(3, "alice", alice, "bob", bob, "to the account"), 0,
                       true);
  CHECK(ids(store.private_history(bob, "bob", "alice", page)) == std::vector<std::int64_t>{3});
  CHECK(ids(store.private_history(alice, "alice", "bob", page)) == std::vector<std::int64_t>{3});
}

TEST_CASE_FIXTURE(StoreFixture, "conversations between guests are forgotten, others kept") {
  const auto alice = *store.insert_account("alice", "h", "t");
  store.insert_message(test::private_message(1, "carol", 0, "dave", 0, "guests"), 0, true);
  store.insert_message(test::private_message(2, "erin", 0, "frank", 0, "other guests"), 0, true);
  store.insert_message(test::private_message(3, "alice", alice, "dave", 0, "kept"), 0, true);
  CHECK(store.forget_guest_conversations("Dave") == 1);
  SQLite::Statement left(db, "SELECT group_concat(msg_id) FROM messages");
  REQUIRE(left.executeStep());
  CHECK(left.getColumn(0).getString() == "2,3");
  CHECK(store.forget_guest_conversations({}) == 1);
}

TEST_CASE_FIXTURE(StoreFixture, "undelivered private messages are handed out once") {
  const auto bob = *store.insert_account("Bob", "h", "t");
  store.insert_message(test::private_message(1, "alice", 0, "Bob", bob, "while you were away"), 0,
                       false);
  store.insert_message(test::private_message(2, "alice", 0, "bob", bob, "delivered"), 0, true);
  auto waiting = store.take_undelivered(bob, "BOB");
  REQUIRE(waiting.size() == 1);
  CHECK(waiting[0].text == "while you were away");
  CHECK(store.take_undelivered(bob, "bob").empty());
}

TEST_CASE_FIXTURE(StoreFixture, "the history view reads as the contract names it") {
  say(1, "room text");
  store.insert_message(test::text_message(2, "t", "", "alice", "bob", "private"), 0, true);
  SQLite::Statement view(db,
                         "SELECT msg_id, room, sender, recipient, kind, text, file_id "
                         "FROM history");
  REQUIRE(view.executeStep());
  CHECK(view.getColumn(1).getString() == "main");
  CHECK(view.getColumn(3).isNull());
  CHECK(view.getColumn(4).getString() == "text");
  CHECK(view.getColumn(6).isNull());
  REQUIRE(view.executeStep());
  CHECK(view.getColumn(1).isNull());
  CHECK(view.getColumn(3).getString() == "bob");
  CHECK_FALSE(view.executeStep());
}

TEST_CASE_FIXTURE(StoreFixture, "accounts are unique case-insensitively") {
  const auto alice = store.insert_account("Alice", "hash", "t");
  REQUIRE(alice);
  CHECK_FALSE(store.insert_account("alice", "other", "t"));
  const auto found = store.account("ALICE");
  REQUIRE(found);
  CHECK(found->account_id == *alice);
  CHECK(found->password_hash == "hash");
  CHECK_FALSE(store.account("bob"));
}

TEST_CASE_FIXTURE(StoreFixture, "a room keeps its creator's account and its topic") {
  const auto alice = *store.insert_account("alice", "h", "t");
  const auto dev = store.insert_room("dev", "builds", "alice", alice, "t");
  REQUIRE(dev);
  CHECK(dev->creator_account == alice);
  REQUIRE(store.insert_room("guests", "", "gus", 0, "t"));
  store.set_topic(dev->room_id, "release on Friday");
  std::map<std::string, storage::RoomRecord> by_name;
  for (auto& room : store.rooms()) {
    by_name[room.name] = room;
  }
  CHECK(by_name["dev"].creator_account == alice);
  CHECK(by_name["dev"].topic == "release on Friday");
  CHECK(by_name["guests"].creator_account == 0);
  CHECK(by_name["main"].creator_account == 0);
}
