// The rooms a session is in, and which conversation a request is about.
#include "actors/chat_error.hpp"
#include "actors/session/session_state.hpp"
#include "net/names.hpp"

namespace confab::session_detail {

JoinedRoom* joined_room(session_pointer self, const std::string& name) {
  auto it = self->state.rooms.find(net::name_key(name));
  return it == self->state.rooms.end() ? nullptr : &it->second;
}

JoinedRoom* require_joined(session_pointer self, const Request& request, const std::string& name) {
  auto* joined = joined_room(self, name);
  if (joined == nullptr) {
    reply_error(self, request, ChatError::not_member, "not a member of " + name);
  }
  return joined;
}

MemberRef self_ref(session_pointer self) {
  return MemberRef{self->state.nick, self->state.conn, dialect(self).id(), self,
                   self->state.account_id};
}

void report_rooms(session_pointer self) {
  std::vector<std::string> names;
  for (const auto& [key, room] : self->state.rooms) {
    names.push_back(room.name);
  }
  self->send(self->state.context->admin_hub, atoms::client_rooms::value, self->state.conn,
             std::move(names));
}

void remember_room(session_pointer self, const JoinReply& reply) {
  auto key = net::name_key(reply.room);
  self->state.rooms[key] = JoinedRoom{reply.room, reply.room_id, reply.handle};
  self->state.current_room = key;
  report_rooms(self);
}

bool resolve_conversation(session_pointer self, const Request& request, HistoryRequest& query,
                          std::string_view what) {
  std::string room;
  if (!optional_string(self, request, "room", room) ||
      !optional_string(self, request, "with", query.with)) {
    return false;
  }
  if (room.empty() == query.with.empty()) {
    reply_error(self, request, ChatError::bad_request, "give exactly one of room or with");
    return false;
  }
  query.nick = self->state.nick;
  if (!room.empty()) {
    auto* joined = require_joined(self, request, room);
    if (joined == nullptr) {
      return false;
    }
    query.room_id = joined->room_id;
    query.room = joined->name;
    return true;
  }
  query.account = self->state.account_id;
  if (query.account == 0) {
    reply_error(self, request, ChatError::auth_required,
                std::string(what) + " needs an account: hello with a password");
    return false;
  }
  return true;
}

}  // namespace confab::session_detail
