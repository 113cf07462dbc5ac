#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "actors/server_limits.hpp"

namespace confab {

// confabd's command line (see PROTOCOL.md, "Running the server").
struct ServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8888;
  std::string db_path = "./confab.db";
  std::uint16_t admin_port = 8889;
  std::string admin_token;
  // Read the token from here: a file keeps it out of the process list.
  std::string admin_token_file;
  std::string log_file;
  // TLS: a PEM certificate chain and its key. With them the TLS chat port
  // opens (8443 unless tls_port says otherwise) and the admin port speaks
  // only TLS.
  std::string tls_cert;
  std::string tls_key;
  std::optional<std::uint16_t> tls_port;
  // The plaintext chat port listens on loopback only.
  bool require_tls = false;
  // IRC: the listener (nullopt: off). A default port that is taken costs
  // only the listener, with a warning; one given on the command line is
  // needed, like the chat port.
  std::optional<std::uint16_t> irc_port = 6667;
  bool irc_port_given = false;
  // With a certificate: 6697 unless given (and then, like 6667, given up
  // with a warning when taken).
  std::optional<std::uint16_t> irc_tls_port;
  bool irc_tls_port_given = false;
  // The IRC server name; empty: the machine's host name.
  std::string server_name;
  std::string irc_password;
  std::string motd_file;
  // Cluster mode: NATS servers (nats://HOST:PORT) and this node's name.
  std::vector<std::string> cluster;
  std::string node;
  std::size_t worker_threads = 0;  // 0 = one per core
  std::size_t max_throughput = 50;
  bool verbose = false;
  ServerLimits limits;
};

constexpr std::uint16_t kDefaultTlsPort = 8443;
constexpr std::uint16_t kDefaultIrcTlsPort = 6697;

inline bool tls_enabled(const ServerOptions& options) {
  return !options.tls_cert.empty();
}

struct ParsedOptions {
  ServerOptions options;
  bool show_help = false;
  bool show_version = false;
  std::string error;  // non-empty when the command line is wrong
};

ParsedOptions parse_server_options(const std::vector<std::string>& args);

std::string server_usage();

}  // namespace confab
