#pragma once

#include <atomic>
#include <cstdint>

#include "net/message_record.hpp"
#include "net/timestamp.hpp"

namespace confab {

// The server-wide msg_id counter, seeded from the database at start-up.
//
// This one word is the only state shared between actors. A sequencer actor
// would give the same guarantee at the cost of a mailbox round trip on every
// message; an atomic increment gives strictly increasing ids with no
// ordering dependency between rooms.
class MessageIdSequence {
 public:
  explicit MessageIdSequence(std::int64_t last_used) : last_(last_used) {}

  std::int64_t next() { return last_.fetch_add(1, std::memory_order_relaxed) + 1; }

  // Gives a message its place in history and its time: the one place a
  // msg_id and a ts are made, for room messages, files and private messages
  // alike.
  void stamp(net::MessageRecord& message) {
    message.msg_id = next();
    message.ts = net::now_timestamp();
  }

  // The last id handed out (the admin console's message counter).
  std::int64_t current() const { return last_.load(std::memory_order_relaxed); }

 private:
  std::atomic<std::int64_t> last_;
};

}  // namespace confab
