// confabd: the confab chat server.
#include <pthread.h>
#include <signal.h>

#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <thread>

#include <SQLiteCpp/Database.h>
#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/io/middleman.hpp>
#include <caf/scoped_actor.hpp>
#include <caf/send.hpp>

#include "actors/server_wiring.hpp"
#include "cluster/chat_log.hpp"
#include "net/address_group.hpp"
#include "net/irc_message.hpp"
#include "net/irc_registration.hpp"
#include "net/timestamp.hpp"
#include "net/tls_context.hpp"
#include "net/version.hpp"
#include "server/admin_token.hpp"
#include "server/descriptor_limit.hpp"
#include "server/server_options.hpp"
#include "storage/chat_store.hpp"
#include "storage/database.hpp"
#include "storage/database_lock.hpp"
#include "storage/disk_reserve.hpp"
#include "storage/file_store.hpp"
#include "storage/migrations.hpp"
#include "storage/password_hash.hpp"

namespace {

using namespace confab;

constexpr auto kStopTimeout = std::chrono::seconds(10);
// Joining may wait out this node's previous run in NATS (a few seconds).
constexpr auto kClusterJoinTimeout = std::chrono::seconds(30);

// What the database holds at start-up, read before any actor exists.
struct StartupState {
  std::unique_ptr<SQLite::Database> db;
  std::vector<storage::RoomRecord> rooms;
  std::vector<std::vector<net::MessageRecord>> recent;
  std::int64_t last_msg_id = 0;
  // Under the cluster's ids: where a node's own ids go on from.
  std::int64_t last_own_msg_id = 0;
};

// On a full disk SQLite cannot open the database; the reserve beside it is
// what makes room.
SQLite::Database open_even_on_a_full_disk(const std::string& path, Log& log) {
  try {
    return storage::open_database(path);
  } catch (const SQLite::Exception& e) {
    if (!storage::release_disk_reserve(path)) {
      throw;
    }
    log.warn("cannot open the database (", e.what(), "); released the ",
             storage::kDiskReserveBytes / (1024 * 1024),
             " MiB reserve beside it: the disk is probably full");
    return storage::open_database(path);
  }
}

StartupState load_database(const ServerOptions& options, Log& log) {
  StartupState state;
  state.db = std::make_unique<SQLite::Database>(open_even_on_a_full_disk(options.db_path, log));
  if (!storage::ensure_disk_reserve(options.db_path)) {
    log.warn("no room for the disk reserve ", storage::disk_reserve_path(options.db_path),
             "; the server may not start again if the disk fills up");
  }
  storage::ChatStore store(*state.db);
  storage::FileStore files(*state.db);
  // An upload cut short by a crash has no owner left to finish it, and no
  // guest outlives a restart to read a conversation with another guest. A
  // full disk may refuse the clean-up; it is done at the next start.
  try {
    files.discard_incomplete();
    store.forget_guest_conversations({});
    files.forget_guest_files({});
  } catch (const SQLite::Exception& e) {
    log.warn("start-up clean-up skipped: ", e.what());
  }
  state.rooms = store.rooms();
  state.last_msg_id = store.max_msg_id();
  state.last_own_msg_id = store.max_msg_id_below(cluster::kClusterIdBase);
  storage::HistoryPage newest;
  newest.limit = static_cast<int>(options.limits.join_history);
  for (const auto& room : state.rooms) {
    state.recent.push_back(store.room_history(room, newest));
  }
  return state;
}

bool loopback_host(const std::string& host) {
  return host == "localhost" || net::is_loopback(host);
}

std::string loopback_like(const std::string& host) {
  return host.find(':') != std::string::npos ? "::1" : "127.0.0.1";
}

// A port to open, and the name it is announced by on stderr ("NAME on
// HOST:PORT"), which scripts and tests read.
struct Listener {
  const char* name;
  const char* what;  // for the log: "cannot listen for WHAT"
  std::string host;
  std::uint16_t port;
  ListenerKind kind;
  // A port the operator did not ask for (IRC's default 6667) that is taken
  // costs only its listener, with a warning.
  bool optional = false;
};

std::string host_name() {
  char name[256] = {};
  if (::gethostname(name, sizeof name - 1) != 0 || name[0] == '\0') {
    return "confab";
  }
  return name;
}

// What IRC clients are told about the server. Only capabilities and
// ISUPPORT tokens that confabd honours are offered.
std::shared_ptr<const net::IrcServerInfo> irc_server_info(const ServerOptions& options) {
  auto info = std::make_shared<net::IrcServerInfo>();
  info->server_name = options.server_name.empty() ? host_name() : options.server_name;
  info->network = "confab";
  info->version = std::string("confabd-") + net::kVersion;
  info->created = net::now_timestamp();
  info->password = options.irc_password;
  if (!options.motd_file.empty()) {
    std::ifstream motd(options.motd_file);
    if (!motd) {
      throw std::runtime_error("cannot read the MOTD file " + options.motd_file);
    }
    for (std::string line; std::getline(motd, line);) {
      if (!line.empty() && line.back() == '\r') {
        line.pop_back();
      }
      info->motd.push_back(line);
    }
  }
  info->capabilities = {"account-tag",      "away-notify",       "batch",
                        "cap-notify",       "draft/chathistory", "echo-message",
                        "labeled-response", "message-tags",      "multi-prefix",
                        "sasl=PLAIN",       "server-time"};
  info->isupport = {"CASEMAPPING=ascii",
                    "CHATHISTORY=100",
                    "MSGREFTYPES=msgid,timestamp",
                    "CHANTYPES=#",
                    "CHANNELLEN=65",
                    "NICKLEN=32",
                    "TOPICLEN=" + std::to_string(options.limits.max_text_chars),
                    "PREFIX=(o)@",
                    "CHANMODES=,,,nt",
                    "NETWORK=" + info->network,
                    "UTF8ONLY"};
  return info;
}

std::vector<Listener> listeners(const ServerOptions& options, Log& log) {
  const bool tls = tls_enabled(options);
  std::vector<Listener> result;
  auto chat_host = options.host;
  if (options.require_tls && !loopback_host(chat_host)) {
    chat_host = loopback_like(chat_host);
    log.info("--require-tls: the plaintext chat port listens on ", chat_host, " only");
  }
  result.push_back({"listening", "chat clients", chat_host, options.port, {false, false}});
  if (tls) {
    result.push_back(
        {"tls", "chat clients over TLS", options.host, *options.tls_port, {false, true}});
  }
  // The admin token and everything an admin sees must not cross a network
  // in plaintext.
  auto admin_host = options.host;
  if (!tls && !loopback_host(admin_host)) {
    admin_host = loopback_like(admin_host);
    log.warn("the admin port listens on ", admin_host, ", not ", options.host,
             ": it takes remote consoles only over TLS (--tls-cert, --tls-key)");
  }
  if (options.irc_port) {
    auto irc_host = options.host;
    if (options.require_tls && !loopback_host(irc_host)) {
      irc_host = loopback_like(irc_host);
    }
    result.push_back({"irc",
                      "IRC clients",
                      irc_host,
                      *options.irc_port,
                      {false, false, true},
                      !options.irc_port_given});
  }
  if (tls && options.irc_tls_port) {
    result.push_back({"irc-tls",
                      "IRC clients over TLS",
                      options.host,
                      *options.irc_tls_port,
                      {false, true, true},
                      !options.irc_tls_port_given});
  }
  // Announced last: scripts and tests wait for this line to know every
  // port is open.
  result.push_back({"admin", "admins", admin_host, options.admin_port, {true, tls}});
  return result;
}

// SIGHUP: connections made from now on get the certificate and key as they
// are on disk; a pair that cannot be used leaves the previous one in place.
void reload_tls(const ServerOptions& options, const gateway_actor& gateway, Log& log) {
  if (!tls_enabled(options)) {
    log.info("SIGHUP: no TLS certificate to re-read");
    return;
  }
  try {
    auto context = net::TlsContext::load(options.tls_cert, options.tls_key);
    caf::anon_send(gateway, atoms::tls_context::value, TlsContextHandle{std::move(context)});
    log.info("SIGHUP: TLS certificate re-read from ", options.tls_cert);
  } catch (const net::TlsError& e) {
    log.error("SIGHUP: ", e.what(), "; keeping the certificate in use");
  }
}

// What an actor said went wrong, in its words when it gave some (CAF's
// rendering wraps them in the error's category and code).
std::string reason_of(caf::actor_system& system, const caf::error& error) {
  const auto& context = error.context();
  if (context.match_elements<std::string>()) {
    return context.get_as<std::string>(0);
  }
  return system.render(error);
}

// The gateway's sockets all live on CAF's one I/O thread, which is the
// busiest thread under load; scheduler workers beyond the remaining cores
// only poll and steal from each other (measured in docs/benchmarks.md).
std::size_t default_worker_threads() {
  const auto cores = std::max(1u, std::thread::hardware_concurrency());
  return std::max(1u, cores - 1);
}

int run(const ServerOptions& options) {
  // Every thread CAF starts inherits this mask, so only sigwait below sees
  // SIGINT/SIGTERM (shutdown runs in an orderly sequence on this thread)
  // and SIGHUP (the certificate is re-read).
  sigset_t handled_signals;
  sigemptyset(&handled_signals);
  sigaddset(&handled_signals, SIGINT);
  sigaddset(&handled_signals, SIGTERM);
  sigaddset(&handled_signals, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &handled_signals, nullptr);
  signal(SIGPIPE, SIG_IGN);

  auto log = std::make_shared<Log>(options.verbose ? LogLevel::debug : LogLevel::info);
  if (!options.log_file.empty()) {
    log->open_file(options.log_file);
  }

  std::optional<storage::DatabaseLock> lock;
  StartupState startup;
  try {
    lock.emplace(options.db_path);
    storage::create_private_file(options.db_path);
    startup = load_database(options, *log);
  } catch (const storage::SchemaTooNew& e) {
    log->error(e.what());
    return 1;
  } catch (const std::exception& e) {
    log->error("cannot open database ", options.db_path, ": ", e.what());
    return 1;
  }
  std::shared_ptr<const net::TlsContext> tls;
  if (tls_enabled(options)) {
    try {
      tls = net::TlsContext::load(options.tls_cert, options.tls_key);
    } catch (const net::TlsError& e) {
      log->error(e.what());
      return 1;
    }
  }
  log->info("database ", options.db_path, ": schema version ", storage::schema_version(*startup.db),
            ", ", startup.rooms.size(), " rooms, last msg_id ", startup.last_msg_id);

  caf::actor_system_config config;
  config.load<caf::io::middleman>();
  config.set("scheduler.max-throughput", options.max_throughput);
  const auto workers =
      options.worker_threads > 0 ? options.worker_threads : default_worker_threads();
  config.set("scheduler.max-threads", workers);
  // A lone work-stealing worker has no one to steal from, yet still polls
  // and sleeps in 50 us steps whenever its queue runs dry; the sharing
  // scheduler's worker blocks until work arrives (docs/benchmarks.md).
  if (workers == 1) {
    config.set("scheduler.policy", caf::atom("sharing"));
  }
  config.set("logger.verbosity", caf::atom("quiet"));
  caf::actor_system system{config};

  ServerParts parts;
  parts.limits = options.limits;
  // Every connection is a descriptor: past the limit accept fails, and with
  // it the refusal that would tell the client why.
  const auto descriptors = raise_descriptor_limit();
  const auto usable = descriptors > kReservedDescriptors ? descriptors - kReservedDescriptors : 1;
  if (parts.limits.max_connections > usable) {
    log->warn("--max-connections ", parts.limits.max_connections, " lowered to ", usable,
              ": the process may open ", descriptors, " files (ulimit -n)");
    parts.limits.max_connections = usable;
  }
  parts.log = log;
  parts.admin_token = options.admin_token;
  try {
    parts.irc = irc_server_info(options);
  } catch (const std::exception& e) {
    log->error(e.what());
    return 1;
  }
  if (!options.admin_token_file.empty()) {
    try {
      parts.admin_token = read_admin_token(options.admin_token_file);
    } catch (const std::exception& e) {
      log->error(e.what());
      return 1;
    }
  }
  if (parts.admin_token.empty()) {
    try {
      auto stored = load_or_create_admin_token(options.db_path);
      parts.admin_token = stored.token;
      log->info(stored.created ? "admin token generated in " : "admin token read from ",
                stored.path);
    } catch (const std::exception& e) {
      log->error(e.what());
      return 1;
    }
  }
  parts.last_msg_id = options.cluster.empty() ? startup.last_msg_id : startup.last_own_msg_id;
  parts.db = std::move(startup.db);
  parts.search_db = std::make_unique<SQLite::Database>(storage::open_reader(options.db_path));
  parts.storage_options = StorageOptions{parts.limits.storage_retry, parts.limits.min_free_disk,
                                         parts.limits.retention_days};
  parts.rooms = std::move(startup.rooms);
  parts.recent = std::move(startup.recent);
  // Password hashes get the cores the I/O thread and the workers leave.
  parts.hash_threads = default_worker_threads();
  parts.hash_iterations = storage::kPasswordIterations;
  parts.cluster =
      ClusterOptions{options.cluster, options.node, cluster::position_after(startup.last_msg_id)};
  const auto context = wire_server(system, std::move(parts));
  const auto& actors = *context;
  // Every log line also goes to the admin consoles, through the hub's mailbox.
  log->set_listener(
      [hub = actors.admin_hub](std::string_view ts, LogLevel level, std::string_view text) {
        caf::anon_send(hub, atoms::log_line::value, std::string(ts), std::string(to_string(level)),
                       std::string(text));
      });

  caf::scoped_actor self{system};
  if (tls) {
    self->send(actors.gateway, atoms::tls_context::value, TlsContextHandle{tls});
  }
  int exit_code = 0;
  // A node joins its cluster before it takes clients: they must never see
  // a node that does not know the others.
  if (actors.cluster) {
    self->request(actors.cluster, kClusterJoinTimeout, atoms::start::value)
        .receive([](const std::vector<std::string>&) {},
                 [&](caf::error& error) {
                   log->error("cannot join the cluster: ", reason_of(system, error));
                   exit_code = 1;
                 });
  }
  for (const auto& listener : listeners(options, *log)) {
    if (exit_code != 0) {
      break;
    }
    self->request(actors.gateway, kStopTimeout, atoms::listen::value, listener.host, listener.port,
                  listener.kind)
        .receive(
            [&](std::uint16_t port) {
              std::cerr << listener.name << " on " << listener.host << ":" << port << std::endl;
              log->info(listener.name, " on ", listener.host, ":", port);
            },
            [&](caf::error& error) {
              if (listener.optional) {
                log->warn("no ", listener.name, " listener: cannot listen on ", listener.host, ":",
                          listener.port, " (", system.render(error), ")");
                return;
              }
              log->error("cannot listen for ", listener.what, " on ", listener.host, ":",
                         listener.port, ": ", system.render(error));
              exit_code = 1;
            });
    if (exit_code != 0) {
      break;
    }
  }

  while (exit_code == 0) {
    int signal_number = 0;
    sigwait(&handled_signals, &signal_number);
    if (signal_number == SIGHUP) {
      reload_tls(options, actors.gateway, *log);
      continue;
    }
    log->info("signal ", signal_number, ": shutting down");
    break;
  }

  // Order matters: no new input (gateway), then no new messages (rooms), then
  // the last commit (storage). CAF cannot tear the system down while a broker
  // lives, so each stage is awaited here.
  auto stage = [&](const char* what, auto request) {
    request.receive(
        [](bool) {},
        [&](caf::error& error) { log->error("shutdown: ", what, ": ", system.render(error)); });
  };
  stage("gateway", self->request(actors.gateway, kStopTimeout, atoms::stop::value,
                                 std::string("server is shutting down")));
  stage("rooms", self->request(actors.directory, kStopTimeout, atoms::stop::value));
  stage("storage", self->request(actors.storage, kStopTimeout, atoms::sync::value));
  if (actors.cluster) {
    stage("cluster", self->request(actors.cluster, kStopTimeout, atoms::stop::value));
    self->send_exit(actors.cluster, caf::exit_reason::user_shutdown);
    self->send_exit(actors.file_stream, caf::exit_reason::user_shutdown);
  }
  self->send_exit(actors.storage, caf::exit_reason::user_shutdown);
  self->send_exit(actors.searcher, caf::exit_reason::user_shutdown);
  self->send_exit(actors.gateway, caf::exit_reason::user_shutdown);
  self->send_exit(actors.directory, caf::exit_reason::user_shutdown);
  log->set_listener({});
  self->send_exit(actors.admin_hub, caf::exit_reason::user_shutdown);
  self->send_exit(actors.login_guard, caf::exit_reason::user_shutdown);
  log->info("stopped");
  return exit_code;
}

}  // namespace

int main(int argc, char** argv) {
  auto parsed = confab::parse_server_options(std::vector<std::string>(argv + 1, argv + argc));
  if (!parsed.error.empty()) {
    std::cerr << "confabd: " << parsed.error << "\n\n" << confab::server_usage();
    return 2;
  }
  if (parsed.show_help) {
    std::cout << confab::server_usage();
    return 0;
  }
  if (parsed.show_version) {
    std::cout << confab::net::kServerName << "\n";
    return 0;
  }
  try {
    return run(parsed.options);
  } catch (const std::exception& e) {
    std::cerr << "confabd: " << e.what() << "\n";
    return 1;
  }
}
