#include "net/events.hpp"

namespace confab::net {

std::string_view presence_name(PresenceChange change) {
  switch (change) {
    case PresenceChange::join:
      return "join";
    case PresenceChange::leave:
      return "leave";
    case PresenceChange::quit:
      return "quit";
    case PresenceChange::kick:
      return "kick";
  }
  return "quit";
}

}  // namespace confab::net
