#pragma once

#include <cstdint>
#include <string>

#include "net/message_record.hpp"

namespace confab::test {

inline net::MessageRecord text_message(std::int64_t msg_id, std::string ts, std::string room,
                                       std::string from, std::string to, std::string text) {
  net::MessageRecord message;
  message.msg_id = msg_id;
  message.ts = std::move(ts);
  message.room = std::move(room);
  message.from = std::move(from);
  message.to = std::move(to);
  message.text = std::move(text);
  return message;
}

}  // namespace confab::test
