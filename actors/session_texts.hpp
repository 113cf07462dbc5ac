#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "net/protocol_codec.hpp"
#include "net/text_commands.hpp"

namespace confab {

// Text mode is a second face of the same requests: a typed command becomes a
// protocol Request, and the JSON result of that request becomes lines of text.
// Pseudo-ops "text_info" (rendered lines) / "text_error" (the error's text)
// carry what to show without asking anything of the server.
std::optional<net::Request> text_command_request(const net::TextCommand& command,
                                                 const std::string& current_room);

std::string render_text_reply(std::string_view op, const net::Json& result);

std::string trim_copy(std::string_view text);

}  // namespace confab
