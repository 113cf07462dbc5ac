#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace confab::cluster {

// What one node asks of another over plain NATS, outside the shared log:
// acts on connections, which only their own node holds (an administrator's
// kick, an announcement), and the admin console's view of every node's
// clients. Not kept: a node that is away misses them, as its clients do.
//
// A call goes to `confab.call.NODE.OP` with a reply subject of the caller's,
// `confab.answer.NODE.TOKEN`. Client events are published on
// `confab.clients.NODE`, and a node whose console watches says so on
// `confab.watch.NODE`.

std::string call_subject(std::string_view node, std::string_view op);
// Every call addressed to `node` (a subscription).
std::string calls_to(std::string_view node);
// The call's op: the subject's last token.
std::string_view call_op(std::string_view subject);

std::string answer_subject(std::string_view node, std::uint64_t token);
// Every answer to `node`'s calls (a subscription).
std::string answers_to(std::string_view node);
// The token of an answer's subject; nullopt for any other subject.
std::optional<std::uint64_t> answer_token(std::string_view subject);

std::string clients_subject(std::string_view node);
// Every node's client events (a subscription).
inline constexpr const char* kAllClients = "confab.clients.*";
std::string watch_subject(std::string_view node);
inline constexpr const char* kAllWatches = "confab.watch.*";
// The node a client events' or watch subject names.
std::string_view subject_node(std::string_view subject);

}  // namespace confab::cluster
