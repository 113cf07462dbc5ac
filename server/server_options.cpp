#include "server/server_options.hpp"

#include <algorithm>
#include <cctype>
#include <functional>
#include <limits>
#include <map>
#include <stdexcept>

namespace confab {
namespace {

std::uint64_t parse_unsigned(const std::string& flag, const std::string& text,
                             std::uint64_t max = std::numeric_limits<std::uint64_t>::max()) {
  std::size_t used = 0;
  unsigned long long value = 0;
  try {
    if (text.empty() || text.front() == '-') {
      throw std::invalid_argument(text);
    }
    value = std::stoull(text, &used);
  } catch (const std::exception&) {
    throw std::invalid_argument(flag + " needs a non-negative number, got '" + text + "'");
  }
  if (used != text.size() || value > max) {
    throw std::invalid_argument(flag + " needs a number up to " + std::to_string(max) + ", got '" +
                                text + "'");
  }
  return value;
}

// A node's name is a key in NATS's key-value store and part of subjects,
// and the other nodes' logs show it.
bool valid_node_name(const std::string& name) {
  return !name.empty() && name.size() <= 64 &&
         std::all_of(name.begin(), name.end(),
                     [](unsigned char c) { return std::isalnum(c) != 0 || c == '-' || c == '_'; });
}

void check_cluster_options(const ServerOptions& o) {
  if (o.cluster.empty()) {
    if (!o.node.empty()) {
      throw std::invalid_argument("--node needs --cluster");
    }
    return;
  }
  for (const auto& url : o.cluster) {
    if (url.rfind("nats://", 0) != 0 || url.size() == std::string("nats://").size()) {
      throw std::invalid_argument("--cluster needs nats://HOST:PORT, got '" + url + "'");
    }
  }
  if (o.node.empty()) {
    throw std::invalid_argument(
        "--cluster needs --node NAME, unique in the cluster and the same across restarts");
  }
  if (!valid_node_name(o.node)) {
    throw std::invalid_argument("--node needs 1 to 64 letters, digits, - or _, got '" + o.node +
                                "'");
  }
}

}  // namespace

std::string server_usage() {
  return R"(usage: confabd [options]

  --host ADDR                  address to listen on (default 127.0.0.1)
  --port N                     chat port (default 8888; 0 = pick a free port)
  --db FILE                    SQLite database (default ./confab.db; created on first start)
  --admin-port N               admin port (default 8889)
  --admin-token TOKEN          admin token (default: generated once, stored beside the database);
                               visible to every local user in the process list
  --admin-token-file FILE      read the admin token from the first line of FILE instead
  --log-file FILE              append the log to FILE as well as stderr
  --tls-cert FILE              PEM certificate chain, leaf first (re-read on SIGHUP); with it
                               the TLS chat port opens and the admin port speaks only TLS
  --tls-key FILE               PEM private key of that certificate (re-read on SIGHUP)
  --tls-port N                 chat port for JSON and text over TLS (default 8443 with a
                               certificate; 0 = pick a free port)
  --require-tls                the plaintext chat port listens on loopback only
  --irc-port N|off             IRC port (default 6667; 0 = pick a free port; off = none)
  --irc-tls-port N             IRC over TLS (default 6697 with a certificate)
  --server-name NAME           the IRC server name (default: this machine's host name)
  --irc-password PASS          IRC clients must send PASS with it
  --motd FILE                  message of the day for IRC clients
  --max-frame BYTES            largest accepted frame (default 65536)
  --max-file-size BYTES        largest upload (default 67108864)
  --max-uploads N              uploads in progress per connection (default 4)
  --user-quota BYTES           files an account may store (default 1073741824; 0 = unlimited)
  --guest-quota BYTES          files the guests of one address may store, and their largest
                               file (default 67108864; 0 = guests may not upload)
  --min-free-disk BYTES        refuse file uploads while the database's disk has less free
                               (default 134217728; 0 = no reserve)
  --storage-retry SECONDS      retry writes the database refuses (locked, disk full) this long
                               before they fail and shown messages are retracted (default 10)
  --upload-timeout SECONDS     cancel an upload that sends no chunk this long (default 60;
                               0 = never)
  --storage-quota BYTES        total size of stored files (default 10737418240; 0 = unlimited)
  --retention-days N           delete messages (and files no message shares any more) older
                               than N days; rooms may set their own (default 0 = keep forever)
  --rate-limit N               messages per second per connection (default 20; 0 = unlimited)
  --rate-burst N               messages a connection may send at once (default 40)
  --max-outbound BYTES         unsent bytes per connection before it is dropped (default 1048576)
  --max-outbound-total BYTES   unsent bytes of all connections before the largest backlogs are
                               dropped (default 268435456)
  --max-connections N          connections in total (default 20000)
  --max-connections-per-ip N   connections from one address, IPv6 by /64 (default 16)
  --max-new-connections-per-ip N
                               connections one address may open per --new-connections-window
                               (default 32)
  --new-connections-window SECONDS
                               (default 600)
  --limit-loopback             apply the per-address limits to loopback clients too
  --login-timeout SECONDS      close connections that have not logged in by then (default 10)
  --idle-timeout SECONDS       close connections silent this long (default 300; 0 = never)
  --max-rooms N                rooms in all (default 10000)
  --max-new-rooms N            rooms one account, or the guests of one address, may create per
                               hour (default 10)
  --presence-limit N           rooms larger than this send no presence events (default 1000)
  --cluster nats://HOST:PORT   join a cluster of confabd nodes through this NATS server
                               (repeatable: the servers of one NATS cluster)
  --node NAME                  this node's name in the cluster: unique, the same across
                               restarts (letters, digits, - and _; needed with --cluster)
  --workers N                  scheduler threads (default: cores - 1, at least 1)
  --max-throughput N           messages an actor handles before yielding (default 50)
  --verbose                    log debug lines too
  --help                       this text
  --version                    print the version
)";
}

ParsedOptions parse_server_options(const std::vector<std::string>& args) {
  ParsedOptions parsed;
  auto& o = parsed.options;
  auto& limits = o.limits;
  using Setter = std::function<void(const std::string& flag, const std::string& value)>;
  const std::map<std::string, Setter> with_value{
      {"--host", [&](auto&, auto& v) { o.host = v; }},
      {"--port",
       [&](auto& f, auto& v) { o.port = static_cast<std::uint16_t>(parse_unsigned(f, v, 65535)); }},
      {"--db", [&](auto&, auto& v) { o.db_path = v; }},
      {"--admin-port",
       [&](auto& f, auto& v) {
         o.admin_port = static_cast<std::uint16_t>(parse_unsigned(f, v, 65535));
       }},
      {"--admin-token", [&](auto&, auto& v) { o.admin_token = v; }},
      {"--admin-token-file", [&](auto&, auto& v) { o.admin_token_file = v; }},
      {"--log-file", [&](auto&, auto& v) { o.log_file = v; }},
      {"--tls-cert", [&](auto&, auto& v) { o.tls_cert = v; }},
      {"--tls-key", [&](auto&, auto& v) { o.tls_key = v; }},
      {"--irc-port",
       [&](auto& f, auto& v) {
         o.irc_port_given = true;
         if (v == "off") {
           o.irc_port.reset();
         } else {
           o.irc_port = static_cast<std::uint16_t>(parse_unsigned(f, v, 65535));
         }
       }},
      {"--irc-tls-port",
       [&](auto& f, auto& v) {
         o.irc_tls_port_given = true;
         o.irc_tls_port = static_cast<std::uint16_t>(parse_unsigned(f, v, 65535));
       }},
      {"--server-name", [&](auto&, auto& v) { o.server_name = v; }},
      {"--irc-password", [&](auto&, auto& v) { o.irc_password = v; }},
      {"--motd", [&](auto&, auto& v) { o.motd_file = v; }},
      {"--tls-port",
       [&](auto& f, auto& v) {
         o.tls_port = static_cast<std::uint16_t>(parse_unsigned(f, v, 65535));
       }},
      {"--max-frame", [&](auto& f, auto& v) { limits.max_frame = parse_unsigned(f, v, 1u << 30); }},
      {"--max-file-size", [&](auto& f, auto& v) { limits.max_file_size = parse_unsigned(f, v); }},
      {"--max-uploads",
       [&](auto& f, auto& v) { limits.max_uploads_per_connection = parse_unsigned(f, v, 1000); }},
      {"--storage-quota", [&](auto& f, auto& v) { limits.storage_quota = parse_unsigned(f, v); }},
      {"--user-quota", [&](auto& f, auto& v) { limits.user_quota = parse_unsigned(f, v); }},
      {"--guest-quota", [&](auto& f, auto& v) { limits.guest_quota = parse_unsigned(f, v); }},
      {"--min-free-disk", [&](auto& f, auto& v) { limits.min_free_disk = parse_unsigned(f, v); }},
      {"--retention-days",
       [&](auto& f, auto& v) {
         limits.retention_days =
             static_cast<std::uint32_t>(parse_unsigned(f, v, kMaxRetentionDays));
       }},
      {"--storage-retry",
       [&](auto& f, auto& v) {
         limits.storage_retry = std::chrono::seconds(parse_unsigned(f, v, 3600));
       }},
      {"--upload-timeout",
       [&](auto& f, auto& v) {
         limits.upload_timeout = std::chrono::seconds(parse_unsigned(f, v, 86400));
       }},
      {"--rate-limit",
       [&](auto& f, auto& v) { limits.rate_limit_per_second = parse_unsigned(f, v, 1000000); }},
      {"--rate-burst",
       [&](auto& f, auto& v) { limits.rate_limit_burst = parse_unsigned(f, v, 1000000); }},
      {"--max-outbound",
       [&](auto& f, auto& v) { limits.max_outbound_bytes = parse_unsigned(f, v); }},
      {"--max-outbound-total",
       [&](auto& f, auto& v) { limits.max_outbound_total = parse_unsigned(f, v); }},
      {"--max-connections",
       [&](auto& f, auto& v) { limits.max_connections = parse_unsigned(f, v); }},
      {"--max-connections-per-ip",
       [&](auto& f, auto& v) { limits.max_connections_per_ip = parse_unsigned(f, v); }},
      {"--max-new-connections-per-ip",
       [&](auto& f, auto& v) { limits.new_connections_per_ip = parse_unsigned(f, v); }},
      {"--new-connections-window",
       [&](auto& f, auto& v) {
         limits.new_connections_window = std::chrono::seconds(parse_unsigned(f, v, 86400));
       }},
      {"--login-timeout",
       [&](auto& f, auto& v) {
         limits.login_timeout = std::chrono::seconds(parse_unsigned(f, v, 3600));
       }},
      {"--idle-timeout",
       [&](auto& f, auto& v) {
         limits.idle_timeout = std::chrono::seconds(parse_unsigned(f, v, 86400 * 365));
       }},
      {"--presence-limit", [&](auto& f, auto& v) { limits.presence_limit = parse_unsigned(f, v); }},
      {"--max-rooms", [&](auto& f, auto& v) { limits.max_rooms = parse_unsigned(f, v); }},
      {"--max-new-rooms",
       [&](auto& f, auto& v) { limits.rooms_per_creator = parse_unsigned(f, v, 1000000); }},
      {"--cluster", [&](auto&, auto& v) { o.cluster.push_back(v); }},
      {"--node", [&](auto&, auto& v) { o.node = v; }},
      {"--workers", [&](auto& f, auto& v) { o.worker_threads = parse_unsigned(f, v, 1024); }},
      {"--max-throughput",
       [&](auto& f, auto& v) { o.max_throughput = parse_unsigned(f, v, 1000000); }},
  };
  try {
    for (std::size_t i = 0; i < args.size(); ++i) {
      std::string flag = args[i];
      std::optional<std::string> value;
      if (auto eq = flag.find('='); eq != std::string::npos && flag.rfind("--", 0) == 0) {
        value = flag.substr(eq + 1);
        flag = flag.substr(0, eq);
      }
      if (flag == "--help" || flag == "-h") {
        parsed.show_help = true;
        continue;
      }
      if (flag == "--version") {
        parsed.show_version = true;
        continue;
      }
      if (flag == "--verbose") {
        o.verbose = true;
        continue;
      }
      if (flag == "--require-tls") {
        o.require_tls = true;
        continue;
      }
      if (flag == "--limit-loopback") {
        limits.limit_loopback = true;
        continue;
      }
      auto setter = with_value.find(flag);
      if (setter == with_value.end()) {
        throw std::invalid_argument("unknown option " + flag);
      }
      if (!value) {
        if (i + 1 >= args.size()) {
          throw std::invalid_argument(flag + " needs a value");
        }
        value = args[++i];
      }
      setter->second(flag, *value);
    }
    if (limits.max_frame < 256) {
      throw std::invalid_argument("--max-frame must be at least 256 bytes");
    }
    if (o.tls_cert.empty() != o.tls_key.empty()) {
      throw std::invalid_argument("--tls-cert and --tls-key go together");
    }
    if (o.tls_port && o.tls_cert.empty()) {
      throw std::invalid_argument("--tls-port needs --tls-cert and --tls-key");
    }
    if (o.require_tls && o.tls_cert.empty()) {
      throw std::invalid_argument("--require-tls needs --tls-cert and --tls-key");
    }
    if (!o.tls_cert.empty() && !o.tls_port) {
      o.tls_port = kDefaultTlsPort;
    }
    if (o.irc_tls_port && o.tls_cert.empty()) {
      throw std::invalid_argument("--irc-tls-port needs --tls-cert and --tls-key");
    }
    if (!o.tls_cert.empty() && !o.irc_tls_port && o.irc_port) {
      o.irc_tls_port = kDefaultIrcTlsPort;
    }
    if (!o.server_name.empty() && o.server_name.find_first_of(" :!@,*?") != std::string::npos) {
      throw std::invalid_argument("--server-name must be a host name, got '" + o.server_name + "'");
    }
    check_cluster_options(o);
    if (limits.login_timeout.count() < 1) {
      throw std::invalid_argument("--login-timeout must be at least 1 second");
    }
  } catch (const std::invalid_argument& e) {
    parsed.error = e.what();
  }
  return parsed;
}

}  // namespace confab
