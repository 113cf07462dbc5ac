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

// A private message between the given accounts (0 for a guest).
inline net::MessageRecord private_message(std::int64_t msg_id, std::string from,
                                          std::int64_t from_account, std::string to,
                                          std::int64_t to_account, std::string text) {
  auto message = text_message(msg_id, "2026-01-01T00:00:00.000Z", "", std::move(from),
                              std::move(to), std::move(text));
  message.from_account = from_account;
  message.to_account = to_account;
  return message;
}

}  // namespace confab::test
