#include "bench/history_layout_model.hpp"

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <memory>
#include <random>
#include <stdexcept>
#include <vector>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include "net/timestamp.hpp"
#include "storage/database.hpp"

namespace confab::bench {
namespace {

using Clock = std::chrono::steady_clock;

double thread_cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_THREAD, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

// Every layout's insert names its values :id, :room, :ts and :text.
void insert_row(SQLite::Statement& insert, std::int64_t msg_id, std::int64_t room_id,
                const std::string& ts, const std::string& text) {
  insert.reset();
  insert.bind(":id", msg_id);
  insert.bind(":room", room_id);
  insert.bind(":ts", ts);
  insert.bind(":text", text);
  insert.exec();
}

// What every layout answers a newest-page read with.
constexpr const char* kPageColumns = "msg_id, ts, sender, text";

class Layout {
 public:
  virtual ~Layout() = default;
  virtual void insert(std::int64_t msg_id, std::int64_t room_id, const std::string& ts,
                      const std::string& text) = 0;
  // Called after each commit's inserts, inside its transaction.
  virtual void after_batch() {}
  // The statement for the newest 50 messages of room ?1.
  virtual std::string newest_page() const = 0;
  virtual void bind_extra(SQLite::Statement&) const {}
  // Rows not yet where a room read finds them through its index.
  virtual std::int64_t unmoved() const { return 0; }
};

// The server's schema and insert, unchanged.
class CurrentLayout : public Layout {
 public:
  explicit CurrentLayout(SQLite::Database& db)
      : insert_(db,
                "INSERT INTO messages (msg_id, ts, room_id, sender, kind, text, delivered, "
                "sender_account) VALUES (:id, :ts, :room, 'bench', 'text', :text, 1, NULL)") {}

  void insert(std::int64_t msg_id, std::int64_t room_id, const std::string& ts,
              const std::string& text) override {
    insert_row(insert_, msg_id, room_id, ts, text);
  }

  std::string newest_page() const override {
    return std::string("SELECT ") + kPageColumns +
           " FROM messages WHERE room_id = ?1 ORDER BY msg_id DESC LIMIT 50";
  }

 protected:
  SQLite::Statement insert_;
};

class ClusteredLayout : public Layout {
 public:
  explicit ClusteredLayout(SQLite::Database& db) : insert_(prepare(db)) {}

  void insert(std::int64_t msg_id, std::int64_t room_id, const std::string& ts,
              const std::string& text) override {
    insert_row(insert_, msg_id, room_id, ts, text);
  }

  std::string newest_page() const override {
    return std::string("SELECT ") + kPageColumns +
           " FROM room_messages WHERE room_id = ?1 ORDER BY msg_id DESC LIMIT 50";
  }

 private:
  static SQLite::Statement prepare(SQLite::Database& db) {
    db.exec(
        "CREATE TABLE room_messages (room_id INTEGER NOT NULL, msg_id INTEGER NOT NULL, "
        "ts TEXT NOT NULL, sender TEXT NOT NULL, kind TEXT NOT NULL, text TEXT, "
        "file_id INTEGER, sender_account INTEGER, PRIMARY KEY (room_id, msg_id)) WITHOUT ROWID;"
        "CREATE UNIQUE INDEX room_messages_by_id ON room_messages (msg_id);");
    return SQLite::Statement(db,
                             "INSERT INTO room_messages (room_id, msg_id, ts, sender, kind, text) "
                             "VALUES (:room, :id, :ts, 'bench', 'text', :text)");
  }

  SQLite::Statement insert_;
};

// Moves every `stage` messages; counts what waits.
class StagedLayout : public Layout {
 public:
  explicit StagedLayout(int stage) : stage_(stage) {}

  void after_batch() override {
    if (waiting_ >= stage_) {
      move();
      waiting_ = 0;
    }
  }

  std::int64_t unmoved() const override { return waiting_; }

 protected:
  virtual void move() = 0;
  void inserted() { ++waiting_; }

 private:
  std::int64_t stage_;
  std::int64_t waiting_ = 0;
};

class StagedRowsLayout : public StagedLayout {
 public:
  StagedRowsLayout(SQLite::Database& db, int stage)
      : StagedLayout(stage), db_(db), insert_(prepare(db)) {}

  void insert(std::int64_t msg_id, std::int64_t room_id, const std::string& ts,
              const std::string& text) override {
    insert_row(insert_, msg_id, room_id, ts, text);
    inserted();
  }

  std::string newest_page() const override {
    const std::string columns = kPageColumns;
    return "SELECT " + columns + " FROM (SELECT " + columns +
           " FROM recent_messages WHERE room_id = ?1 UNION ALL SELECT * FROM (SELECT " + columns +
           " FROM messages WHERE room_id = ?1 ORDER BY msg_id DESC LIMIT 50)) "
           "ORDER BY msg_id DESC LIMIT 50";
  }

 private:
  static SQLite::Statement prepare(SQLite::Database& db) {
    db.exec(
        "CREATE TABLE recent_messages (msg_id INTEGER PRIMARY KEY, ts TEXT NOT NULL, "
        "room_id INTEGER, sender TEXT NOT NULL, kind TEXT NOT NULL, text TEXT)");
    return SQLite::Statement(db,
                             "INSERT INTO recent_messages (msg_id, ts, room_id, sender, kind, "
                             "text) VALUES (:id, :ts, :room, 'bench', 'text', :text)");
  }

  void move() override {
    db_.exec(
        "INSERT INTO messages (msg_id, ts, room_id, sender, kind, text, delivered) "
        "SELECT msg_id, ts, room_id, sender, kind, text, 1 FROM recent_messages "
        "ORDER BY room_id, msg_id;"
        "DELETE FROM recent_messages;");
  }

  SQLite::Database& db_;
  SQLite::Statement insert_;
};

class DeferredIndexLayout : public StagedLayout {
 public:
  DeferredIndexLayout(SQLite::Database& db, int stage)
      : StagedLayout(stage), current_(prepare(db)), move_(db, kMove) {}

  void insert(std::int64_t msg_id, std::int64_t room_id, const std::string& ts,
              const std::string& text) override {
    current_.insert(msg_id, room_id, ts, text);
    newest_ = msg_id;
    inserted();
  }

  std::string newest_page() const override {
    const std::string columns = kPageColumns;
    return "SELECT " + columns + " FROM messages WHERE msg_id > ?2 AND room_id = ?1 UNION ALL " +
           "SELECT * FROM (SELECT " + columns +
           " FROM messages WHERE msg_id IN (SELECT msg_id FROM room_index WHERE room_id = ?1 "
           "ORDER BY msg_id DESC LIMIT 50) ORDER BY msg_id DESC) ORDER BY msg_id DESC LIMIT 50";
  }

  void bind_extra(SQLite::Statement& query) const override { query.bind(2, watermark_); }

 private:
  static constexpr const char* kMove =
      "INSERT INTO room_index (room_id, msg_id) SELECT room_id, msg_id FROM messages "
      "WHERE msg_id > ? AND room_id IS NOT NULL ORDER BY room_id, msg_id";

  static SQLite::Database& prepare(SQLite::Database& db) {
    db.exec(
        "DROP INDEX messages_by_room;"
        "CREATE TABLE room_index (room_id INTEGER NOT NULL, msg_id INTEGER NOT NULL, "
        "PRIMARY KEY (room_id, msg_id)) WITHOUT ROWID;");
    return db;
  }

  void move() override {
    move_.reset();
    move_.bind(1, watermark_);
    move_.exec();
    watermark_ = newest_;
  }

  CurrentLayout current_;
  SQLite::Statement move_;
  std::int64_t watermark_ = 0;
  std::int64_t newest_ = 0;
};

std::unique_ptr<Layout> make_layout(SQLite::Database& db, const LayoutModelOptions& o) {
  if (o.layout == "current") {
    return std::make_unique<CurrentLayout>(db);
  }
  if (o.layout == "clustered") {
    return std::make_unique<ClusteredLayout>(db);
  }
  if (o.layout == "staged-rows") {
    return std::make_unique<StagedRowsLayout>(db, o.stage);
  }
  if (o.layout == "deferred-index") {
    return std::make_unique<DeferredIndexLayout>(db, o.stage);
  }
  throw std::invalid_argument("unknown layout: " + o.layout);
}

struct Writer {
  SQLite::Database& db;
  Layout& layout;
  std::vector<std::int64_t> room_ids;
  std::string text;
  int run = 1;
  std::int64_t next_id = 1;

  void write(std::int64_t messages, int batch) {
    const auto ts = net::now_timestamp();
    for (std::int64_t done = 0; done < messages;) {
      db.exec("BEGIN IMMEDIATE");
      for (int i = 0; i < batch && done < messages; ++i, ++done) {
        const auto turn = static_cast<std::size_t>(next_id / run);
        const auto room = room_ids[turn % room_ids.size()];
        layout.insert(next_id++, room, ts, text);
      }
      layout.after_batch();
      db.exec("COMMIT");
    }
  }
};

double percentile(std::vector<double> values, double p) {
  if (values.empty()) {
    return 0;
  }
  std::sort(values.begin(), values.end());
  const auto index = static_cast<std::size_t>(p * static_cast<double>(values.size() - 1));
  return values[index];
}

}  // namespace

nlohmann::json run_layout_model(const LayoutModelOptions& o) {
  std::filesystem::remove(o.db_path);
  std::filesystem::remove(o.db_path + "-wal");
  std::filesystem::remove(o.db_path + "-shm");
  auto db = storage::open_database(o.db_path);
  auto layout = make_layout(db, o);
  Writer writer{db, *layout, {}, std::string(o.size, 'x'), 1};
  {
    SQLite::Statement room(db,
                           "INSERT INTO rooms (name, name_key, created_at) VALUES (?, ?, ?) "
                           "RETURNING room_id");
    for (int i = 0; i < o.rooms; ++i) {
      room.reset();
      const auto name = "bench" + std::to_string(i);
      room.bind(1, name);
      room.bind(2, name);
      room.bind(3, net::now_timestamp());
      room.executeStep();
      writer.room_ids.push_back(room.getColumn(0).getInt64());
    }
  }
  writer.write(o.history_rows, 10000);
  db.exec("PRAGMA wal_checkpoint(TRUNCATE)");

  writer.run = o.run;
  const auto cpu_before = thread_cpu_seconds();
  const auto start = Clock::now();
  writer.write(o.messages, o.batch);
  const double write_s = std::chrono::duration<double>(Clock::now() - start).count();
  const double write_cpu_s = thread_cpu_seconds() - cpu_before;

  SQLite::Statement page(db, layout->newest_page());
  std::mt19937 random(7);
  std::vector<double> read_us;
  std::int64_t rows_read = 0;
  for (int i = 0; i < o.history_reads; ++i) {
    page.reset();
    page.bind(1, writer.room_ids[random() % writer.room_ids.size()]);
    layout->bind_extra(page);
    const auto read_start = Clock::now();
    while (page.executeStep()) {
      ++rows_read;
    }
    read_us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - read_start).count());
  }
  return nlohmann::json{
      {"layout", o.layout},
      {"rooms", o.rooms},
      {"history_rows", o.history_rows},
      {"messages", o.messages},
      {"batch", o.batch},
      {"run", o.run},
      {"stage", o.stage},
      {"write_cpu_s", write_cpu_s},
      {"write_s", write_s},
      {"cpu_us_per_message", write_cpu_s * 1e6 / static_cast<double>(o.messages)},
      {"unmoved_at_reads", layout->unmoved()},
      {"history_rows_per_read",
       static_cast<double>(rows_read) / static_cast<double>(std::max(1, o.history_reads))},
      {"history_p50_us", percentile(read_us, 0.5)},
      {"history_p99_us", percentile(read_us, 0.99)},
      {"db_mib", static_cast<double>(std::filesystem::file_size(o.db_path)) / (1024.0 * 1024.0)}};
}

}  // namespace confab::bench
