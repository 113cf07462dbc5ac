#include "actors/ack_route.hpp"

#include "actors/chat_error.hpp"
#include "net/dialect.hpp"

namespace confab {

std::string ack_ok_frame(const AckRoute& route, std::int64_t msg_id, std::string_view ts) {
  return net::dialect(route.dialect).ok(net::ReplyTo{"say", route.id}, net::SentResult{msg_id, ts});
}

std::string ack_error_frame(const AckRoute& route, const caf::error& error) {
  return render_error(net::dialect(route.dialect), net::ReplyTo{"say", route.id}, error);
}

}  // namespace confab
