#include "actors/ack_route.hpp"

#include "actors/chat_error.hpp"
#include "net/dialect.hpp"

namespace confab {

std::string ack_ok_frame(const AckRoute& route, const net::MessageRecord& message) {
  return net::dialect(route.dialect)
      .ok(net::ReplyTo{"say", route.id},
          net::SentResult{message.msg_id, message.ts, route.echo ? &message : nullptr});
}

std::string ack_error_frame(const AckRoute& route, const caf::error& error) {
  return render_error(net::dialect(route.dialect), net::ReplyTo{"say", route.id}, error);
}

}  // namespace confab
