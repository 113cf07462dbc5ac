#pragma once

#include <cstdint>
#include <string>

namespace confab::net {

// One chat message as the server keeps it: the unit of history, of fan-out and
// of the `history` view. Room messages carry `room`; private ones carry `to`.
struct MessageRecord {
  std::int64_t msg_id = 0;
  std::string ts;
  std::string room;
  std::string from;
  std::string to;
  std::string text;

  bool is_private() const { return room.empty(); }
};

}  // namespace confab::net
