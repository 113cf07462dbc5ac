#pragma once

#include <array>
#include <memory>
#include <vector>

#include "actors/contracts/atoms.hpp"
#include "actors/contracts/gateway.hpp"
#include "actors/contracts/message_types.hpp"
#include "net/dialect.hpp"

namespace confab {

// Connections grouped by the dialect they are written in; a group is shared,
// read-only, with the gateway by every fan-out message that names it.
using DialectRecipients =
    std::array<std::shared_ptr<std::vector<ConnectionId>>, net::kDialectCount>;

inline bool anyone_but(const std::shared_ptr<std::vector<ConnectionId>>& group,
                       ConnectionId except) {
  if (!group) {
    return false;
  }
  const auto& conns = *group;
  return conns.size() > 1 || (conns.size() == 1 && conns.front() != except);
}

// Sends `event` to every connection but `except` (0 for none): one encoding
// per dialect, shared by all of its recipients, and made only when someone
// of that dialect will receive it.
template <class Sender>
void fan_out(Sender* self, const gateway_actor& gateway, const DialectRecipients& recipients,
             ConnectionId except, const net::Event& event) {
  for (std::size_t id = 0; id < net::kDialectCount; ++id) {
    if (anyone_but(recipients[id], except)) {
      self->send(gateway, atoms::fanout::value, Recipients{recipients[id]}, except,
                 make_shared_frame(net::dialect(static_cast<net::DialectId>(id)).render(event)));
    }
  }
}

}  // namespace confab
