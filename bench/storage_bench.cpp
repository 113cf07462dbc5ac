// confab-storage-bench: the storage actor alone, on a fresh SQLite file, fed
// room messages by a writer that keeps a window of them unacknowledged. The
// commit rate it reaches is the ceiling the chat path is measured against
// (scenario E). Prints one JSON line.
//
//   confab-storage-bench --db PATH [--messages N] [--window W] [--size BYTES] [--rooms R]
//                        [--words 1] [--fts SQL]
//   confab-storage-bench --db PATH --layout current|clustered|staged-rows|deferred-index
//                        [--rooms R] [--history-rows N] [--messages N] [--batch B]
//                        [--run N] [--stage S] [--size BYTES]
//
// With R rooms the messages go to them in turn, as scenario C's senders do:
// each commit then touches one index page per room instead of one in all.
// --words 1 makes the texts chat words (bench/chat_text.hpp); --fts runs a
// statement on the search index first (its settings). What is left to index
// at the end is indexed and counted, as a server would between commits.
// --layout models the history table's layouts with SQLite alone instead
// (bench/history_layout_model.hpp).
#include <sys/resource.h>

#include <chrono>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/scoped_actor.hpp>
#include <caf/stateful_actor.hpp>
#include <nlohmann/json.hpp>

#include "actors/message_id_sequence.hpp"
#include "actors/storage_actor.hpp"
#include "bench/chat_text.hpp"
#include "bench/history_layout_model.hpp"
#include "common/log.hpp"
#include "net/timestamp.hpp"
#include "storage/chat_store.hpp"
#include "storage/database.hpp"
#include "storage/search_indexer.hpp"

namespace {

using Clock = std::chrono::steady_clock;

struct Options {
  std::string db_path;
  std::int64_t messages = 200000;
  int window = 1024;
  std::size_t size = 100;
  int rooms = 1;
  bool words = false;
  std::string fts;
};

struct Load {
  confab::storage_actor storage;
  std::shared_ptr<confab::MessageIdSequence> msg_ids;
  std::vector<std::int64_t> room_ids;
  Options options;
};

struct WriterState {
  Load load;
  std::int64_t sent = 0;
  std::int64_t acked = 0;
  caf::response_promise done;
};

using writer_pointer = caf::stateful_actor<WriterState>*;

void send_one(writer_pointer self) {
  auto& st = self->state;
  confab::net::MessageRecord message;
  message.msg_id = st.load.msg_ids->next();
  message.ts = confab::net::now_timestamp();
  const auto room = static_cast<std::size_t>(st.sent) % st.load.room_ids.size();
  message.room = "bench" + std::to_string(room);
  message.from = "bench";
  if (st.load.options.words) {
    confab::bench::append_chat_words(message.text, st.load.options.size,
                                     static_cast<std::uint64_t>(st.sent));
  } else {
    message.text = std::string(st.load.options.size, 'x');
  }
  ++st.sent;
  self->request(st.load.storage, caf::infinite, confab::atoms::persist::value, std::move(message),
                st.load.room_ids[room])
      .then(
          [self](const confab::MessageAck&) {
            auto& st = self->state;
            if (++st.acked == st.load.options.messages) {
              st.done.deliver(true);
            } else if (st.sent < st.load.options.messages) {
              send_one(self);
            }
          },
          [self](const caf::error& error) {
            std::cerr << "persist failed: " << to_string(error) << "\n";
            self->quit(error);
          });
}

double process_cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

// Keeps `window` messages in flight; answers whoever sent `go` once every
// message is acknowledged.
caf::behavior writer(writer_pointer self, Load load) {
  self->state.load = std::move(load);
  return {
      [self](caf::atom_value) {
        auto& st = self->state;
        st.done = self->make_response_promise();
        for (int i = 0; i < st.load.options.window && st.sent < st.load.options.messages; ++i) {
          send_one(self);
        }
        return st.done;
      },
  };
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  confab::bench::LayoutModelOptions model;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    const std::string value = argv[i + 1];
    if (flag == "--layout")
      model.layout = value;
    else if (flag == "--history-rows")
      model.history_rows = std::stoll(value);
    else if (flag == "--batch")
      model.batch = std::stoi(value);
    else if (flag == "--run")
      model.run = std::stoi(value);
    else if (flag == "--stage")
      model.stage = std::stoi(value);
    else if (flag == "--db")
      o.db_path = value;
    else if (flag == "--messages")
      o.messages = std::stoll(value);
    else if (flag == "--window")
      o.window = std::stoi(value);
    else if (flag == "--size")
      o.size = std::stoul(value);
    else if (flag == "--rooms")
      o.rooms = std::stoi(value);
    else if (flag == "--words")
      o.words = value != "0";
    else if (flag == "--fts")
      o.fts = value;
  }
  if (o.db_path.empty() || o.messages <= 0 || o.window <= 0 || o.rooms <= 0) {
    std::cerr << "usage: confab-storage-bench --db PATH [--messages N] [--window W] "
                 "[--size BYTES] [--rooms R] [--words 1] [--fts SQL]\n"
                 "       confab-storage-bench --db PATH --layout "
                 "current|clustered|staged-rows|deferred-index [--rooms R] [--history-rows N] "
                 "[--messages N] [--batch B] [--run N] [--stage S] [--size BYTES]\n";
    return 2;
  }
  if (!model.layout.empty()) {
    model.db_path = o.db_path;
    model.rooms = o.rooms;
    model.messages = o.messages;
    model.size = o.size;
    std::cout << confab::bench::run_layout_model(model).dump() << std::endl;
    return 0;
  }
  auto db = std::make_unique<SQLite::Database>(confab::storage::open_database(o.db_path));
  if (!o.fts.empty()) {
    db->exec(o.fts);
  }
  Load load;
  load.options = o;
  {
    // Its prepared statements must be gone before the connection closes.
    confab::storage::ChatStore store(*db);
    load.msg_ids = std::make_shared<confab::MessageIdSequence>(store.max_msg_id());
    for (int room = 0; room < o.rooms; ++room) {
      const auto name = "bench" + std::to_string(room);
      auto record = store.insert_room(name, "", "bench", 0, confab::net::now_timestamp());
      load.room_ids.push_back(record ? record->room_id : 0);
    }
  }

  caf::actor_system_config config;
  config.set("logger.verbosity", caf::atom("quiet"));
  caf::actor_system system{config};
  // Storage alone: its answers are all replies, so no gateway or directory
  // is ever sent anything.
  auto context = std::make_shared<confab::ActorContext>();
  context->log = std::make_shared<confab::Log>(confab::LogLevel::warn);
  context->msg_ids = load.msg_ids;
  load.storage = confab::spawn_storage(system, context, std::move(db));
  auto source = system.spawn(writer, load);
  caf::scoped_actor self{system};
  const auto start = Clock::now();
  bool finished = false;
  self->request(source, caf::infinite, caf::atom("go"))
      .receive([&](bool) { finished = true; },
               [&](const caf::error& error) { std::cerr << to_string(error) << "\n"; });
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  // As confabd does at shutdown: the open batch is committed before the
  // storage actor and its connection go away.
  self->request(load.storage, caf::infinite, confab::atoms::sync::value)
      .receive([](bool) {}, [](const caf::error&) {});
  self->send_exit(source, caf::exit_reason::user_shutdown);
  self->send_exit(load.storage, caf::exit_reason::user_shutdown);
  // A detached actor's thread ends only when its last handle is gone, and
  // the system waits for that thread.
  load.storage = nullptr;
  // What the messages left to index counts against them, as a server would
  // index it between later commits.
  {
    SQLite::Database after(o.db_path, SQLite::OPEN_READWRITE);
    after.setBusyTimeout(5000);
    confab::storage::SearchIndexer(after).index_all(5000);
  }
  std::cout << nlohmann::json{{"finished", finished},
                              {"messages", o.messages},
                              {"window", o.window},
                              {"rooms", o.rooms},
                              {"words", o.words},
                              {"cpu_s", process_cpu_seconds()},
                              {"seconds", seconds},
                              {"commits_per_s", static_cast<double>(o.messages) / seconds}}
                   .dump()
            << std::endl;
  return finished ? 0 : 1;
}
