#pragma once

// The handlers of the chat session's operations, one file per group:
// logging in (login.cpp), rooms and messages (chat_operations.cpp), search
// (search_operations.cpp) and files (file_operations.cpp). session_actor.cpp lists them in its
// operation table.

#include <cstdint>
#include <string>

#include "actors/session/session_state.hpp"

namespace confab::session_detail {

// Through the operation table, with its checks (login, message rate).
void handle_request(session_pointer self, const Request& request);

void handle_hello(session_pointer self, const Request& request);

void handle_create(session_pointer self, const Request& request);
void handle_join(session_pointer self, const Request& request);
void handle_leave(session_pointer self, const Request& request);
void handle_rooms(session_pointer self, const Request& request);
void handle_users(session_pointer self, const Request& request);
void handle_say(session_pointer self, const Request& request);
void handle_pm(session_pointer self, const Request& request);
void handle_history(session_pointer self, const Request& request);
void handle_topic(session_pointer self, const Request& request);
void handle_search(session_pointer self, const Request& request);
void handle_kick(session_pointer self, const Request& request);

void handle_upload(session_pointer self, const Request& request);
void handle_chunk(session_pointer self, const Request& request);
void handle_upload_end(session_pointer self, const Request& request);
void handle_download(session_pointer self, const Request& request);
void handle_files(session_pointer self, const Request& request);
// The stall check of an upload (see atoms::upload_check).
void check_upload(session_pointer self, const std::string& token, std::uint64_t activity);

}  // namespace confab::session_detail
