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
  std::string text;  // for a file: its name
  // Set when the message shares a file (history kind 'file').
  std::int64_t file_id = 0;
  std::int64_t file_size = 0;
  std::string file_sha256;
  // How many chunks the file was uploaded in: what cluster mode's other
  // nodes copy (chunks may be any size up to the limit, so the size alone
  // does not tell).
  std::int64_t file_chunks = 0;
  // Who the parties of a private message are: the account each was logged
  // in with, 0 for a guest. A nick alone proves nothing about who held it.
  std::int64_t from_account = 0;
  std::int64_t to_account = 0;

  bool is_private() const { return room.empty(); }
  bool is_file() const { return file_id != 0; }
};

}  // namespace confab::net
