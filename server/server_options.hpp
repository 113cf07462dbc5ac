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
  std::size_t worker_threads = 0;  // 0 = one per core
  std::size_t max_throughput = 50;
  bool verbose = false;
  ServerLimits limits;
};

constexpr std::uint16_t kDefaultTlsPort = 8443;

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
