#include "actors/ack_route.hpp"

#include "actors/chat_error.hpp"
#include "net/frame_writer.hpp"
#include "net/protocol_codec.hpp"
#include "net/text_commands.hpp"

namespace confab {

std::string ack_ok_frame(const AckRoute& route, std::int64_t msg_id, std::string_view ts) {
  if (route.text_mode || route.id.empty()) {
    return {};
  }
  return net::encode_message_ack("say", route.id, msg_id, ts);
}

std::string ack_error_frame(const AckRoute& route, const caf::error& error) {
  if (route.text_mode) {
    return net::text_error_line(error_message(error));
  }
  return encode_chat_error("say", route.id, error);
}

}  // namespace confab
