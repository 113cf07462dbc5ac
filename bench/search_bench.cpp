// confab-search-bench: search latency on a large history. Fills a database
// (once; an existing one is reused) with chat words in many rooms through
// the server's own schema and triggers, then times searches the way the
// searcher runs them: the FTS5 index through a read-only connection, scoped
// to the rooms of one user. Prints one JSON line.
//
//   confab-search-bench --db PATH [--messages N] [--rooms R] [--member-of M]
//                       [--queries Q]
//
// A user is a member of M of the R rooms. One-word queries draw from the
// chat vocabulary (each word is in about 1 message in 7) and from rare
// words (a ticket number in about 1 message in 50, each number in about 1
// in 500 000): searches that end after 20 hits and searches that must read
// every match. Two-word queries pair them.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <nlohmann/json.hpp>

#include "bench/chat_text.hpp"
#include "storage/chat_store.hpp"
#include "storage/database.hpp"
#include "storage/message_search.hpp"
#include "storage/search_indexer.hpp"
#include "storage/search_query.hpp"

namespace {

using Clock = std::chrono::steady_clock;
using confab::bench::kChatWords;

struct Options {
  std::string db_path;
  std::int64_t messages = 1000000;
  int rooms = 100;
  int member_of = 10;
  int queries = 500;
};

constexpr int kTickets = 20000;

std::string ticket(std::uint64_t n) {
  return "ticket" + std::to_string(n % kTickets);
}

std::string timestamp(std::int64_t second) {
  const auto day = second / 86400;
  const auto rest = second % 86400;
  char out[32];
  std::snprintf(out, sizeof out, "2026-%02d-%02dT%02d:%02d:%02d.000Z",
                static_cast<int>(1 + day / 28 % 12), static_cast<int>(1 + day % 28),
                static_cast<int>(rest / 3600), static_cast<int>(rest / 60 % 60),
                static_cast<int>(rest % 60));
  return out;
}

// Returns the seconds the fill took (0 when the database was full already).
double fill(SQLite::Database& db, const Options& o) {
  confab::storage::ChatStore store(db);
  if (store.max_msg_id() >= o.messages) {
    return 0;
  }
  const auto start = Clock::now();
  std::vector<std::int64_t> room_ids;
  for (const auto& room : store.rooms()) {
    room_ids.push_back(room.room_id);
  }
  for (int r = static_cast<int>(room_ids.size()); r < o.rooms; ++r) {
    room_ids.push_back(
        store.insert_room("room" + std::to_string(r), "", "bench", 0, timestamp(0))->room_id);
  }
  std::mt19937_64 random(7);
  db.exec("BEGIN");
  for (std::int64_t id = store.max_msg_id() + 1; id <= o.messages; ++id) {
    confab::net::MessageRecord message;
    message.msg_id = id;
    message.ts = timestamp(id * 2);
    const auto room = random() % room_ids.size();
    message.room = "room" + std::to_string(room);
    message.from = "user" + std::to_string(random() % 500);
    if (random() % 50 == 0) {
      message.text = ticket(random()) + " ";
    }
    confab::bench::append_chat_words(message.text, 20 + random() % 160, random());
    store.insert_message(message, room_ids[room], true);
    if (id % 20000 == 0) {
      db.exec("COMMIT");
      db.exec("BEGIN");
    }
  }
  db.exec("COMMIT");
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Indexes the fill, as the storage actor indexes what was committed since
// its last pass.
double index_fill(SQLite::Database& db) {
  const auto start = Clock::now();
  confab::storage::SearchIndexer(db).index_all(5000);
  return std::chrono::duration<double>(Clock::now() - start).count();
}

struct Timings {
  std::vector<double> ms;
  std::int64_t hits = 0;
};

double percentile(std::vector<double> values, double p) {
  std::sort(values.begin(), values.end());
  return values[static_cast<std::size_t>(p * static_cast<double>(values.size() - 1))];
}

nlohmann::json summary(const Timings& t) {
  return {{"queries", t.ms.size()},
          {"p50_ms", percentile(t.ms, 0.5)},
          {"p99_ms", percentile(t.ms, 0.99)},
          {"max_ms", percentile(t.ms, 1.0)},
          {"mean_hits", static_cast<double>(t.hits) / static_cast<double>(t.ms.size())}};
}

std::string word(std::mt19937_64& random) {
  if (random() % 4 == 0) {
    return ticket(random());
  }
  return std::string(kChatWords[random() % kChatWords.size()]);
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    const std::string value = argv[i + 1];
    if (flag == "--db")
      o.db_path = value;
    else if (flag == "--messages")
      o.messages = std::stoll(value);
    else if (flag == "--rooms")
      o.rooms = std::stoi(value);
    else if (flag == "--member-of")
      o.member_of = std::stoi(value);
    else if (flag == "--queries")
      o.queries = std::stoi(value);
    else {
      std::cerr << "unknown option " << flag << "\n";
      return 2;
    }
  }
  if (o.db_path.empty() || o.member_of < 1 || o.member_of > o.rooms) {
    std::cerr << "usage: confab-search-bench --db PATH [--messages N] [--rooms R] "
                 "[--member-of M] [--queries Q]\n";
    return 2;
  }
  auto db = confab::storage::open_database(o.db_path);
  const auto fill_seconds = fill(db, o);
  const auto index_seconds = index_fill(db);
  SQLite::Database reader(confab::storage::open_reader(o.db_path));
  confab::storage::MessageSearch search(reader);
  confab::storage::SearchScope scope;
  scope.nick = "bench";
  {
    SQLite::Statement rooms(reader, "SELECT room_id FROM rooms ORDER BY room_id LIMIT ?");
    rooms.bind(1, o.member_of);
    while (rooms.executeStep()) {
      scope.room_ids.push_back(rooms.getColumn(0).getInt64());
    }
  }
  std::mt19937_64 random(11);
  Timings one_word;
  Timings two_words;
  for (int q = 0; q < o.queries; ++q) {
    for (auto* timings : {&one_word, &two_words}) {
      auto typed = word(random);
      if (timings == &two_words) {
        typed += " " + word(random);
      }
      const auto expression = confab::storage::compile_search_query(typed).expression;
      const auto start = Clock::now();
      const auto hits = search.search(expression, scope, std::nullopt, 20);
      timings->ms.push_back(
          std::chrono::duration<double, std::milli>(Clock::now() - start).count());
      timings->hits += static_cast<std::int64_t>(hits.messages.size());
    }
  }
  SQLite::Statement count(reader, "SELECT COUNT(*), MAX(msg_id) FROM messages");
  count.executeStep();
  nlohmann::json result{{"messages", count.getColumn(0).getInt64()},
                        {"rooms", o.rooms},
                        {"member_of", o.member_of},
                        {"one_word", summary(one_word)},
                        {"two_words", summary(two_words)}};
  if (fill_seconds > 0) {
    result["fill_s"] = fill_seconds;
    result["index_s"] = index_seconds;
  }
  std::cout << result.dump() << std::endl;
}
