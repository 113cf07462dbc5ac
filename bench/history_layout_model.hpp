#pragma once

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

namespace confab::bench {

// The history table's layouts the storage bench can compare, with SQLite
// alone (no actor, no search index), on the server's own schema:
//   current         messages + the messages_by_room index (what confabd has)
//   clustered       a WITHOUT ROWID table keyed (room_id, msg_id), plus an
//                   index on msg_id for lookups by id
//   staged-rows     new rows in an unindexed table, moved into messages in
//                   room order every `stage` messages
//   deferred-index  messages without messages_by_room; a (room_id, msg_id)
//                   table filled from the rows above a watermark every
//                   `stage` messages, in room order
struct LayoutModelOptions {
  // One of the above; empty: the storage bench measures the actor instead.
  std::string layout;
  std::string db_path;
  int rooms = 200;
  // Messages already in the database before the measured writes.
  std::int64_t history_rows = 1000000;
  std::int64_t messages = 200000;
  // Messages per commit: what the storage actor commits at once (about 220
  // under scenario C).
  int batch = 220;
  // Consecutive messages to one room before the next room's: 1 is strict
  // turns; the server sees runs as long as a sender's window (16 in
  // confab-bench) when each room has one busy sender.
  int run = 1;
  // Messages between two moves (staged-rows, deferred-index).
  int stage = 8192;
  std::size_t size = 100;
  int history_reads = 2000;
};

// Fills the database, measures the writes and then newest-page history
// reads of random rooms; returns what it measured.
nlohmann::json run_layout_model(const LayoutModelOptions& options);

}  // namespace confab::bench
