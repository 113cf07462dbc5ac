// confabd: the confab chat server.
#include <pthread.h>
#include <signal.h>

#include <algorithm>
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

// What the database holds at start-up, read before any actor exists.
struct StartupState {
  std::unique_ptr<SQLite::Database> db;
  std::vector<storage::RoomRecord> rooms;
  std::vector<std::vector<net::MessageRecord>> recent;
  std::int64_t last_msg_id = 0;
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
  storage::HistoryPage newest;
  newest.limit = static_cast<int>(options.limits.join_history);
  for (const auto& room : state.rooms) {
    state.recent.push_back(store.room_history(room, newest));
  }
  return state;
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
  // SIGINT/SIGTERM and shutdown runs in an orderly sequence on this thread.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
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
  parts.last_msg_id = startup.last_msg_id;
  parts.db = std::move(startup.db);
  parts.storage_options = StorageOptions{parts.limits.storage_retry, parts.limits.min_free_disk};
  parts.rooms = std::move(startup.rooms);
  parts.recent = std::move(startup.recent);
  // Password hashes get the cores the I/O thread and the workers leave.
  parts.hash_threads = default_worker_threads();
  parts.hash_iterations = storage::kPasswordIterations;
  const auto context = wire_server(system, std::move(parts));
  const auto& actors = *context;
  // Every log line also goes to the admin consoles, through the hub's mailbox.
  log->set_listener(
      [hub = actors.admin_hub](std::string_view ts, LogLevel level, std::string_view text) {
        caf::anon_send(hub, atoms::log_line::value, std::string(ts), std::string(to_string(level)),
                       std::string(text));
      });

  caf::scoped_actor self{system};
  int exit_code = 0;
  self->request(actors.gateway, kStopTimeout, atoms::listen::value, options.host, options.port)
      .receive(
          [&](std::uint16_t port) {
            std::cerr << "listening on " << options.host << ":" << port << std::endl;
            log->info("listening on ", options.host, ":", port);
          },
          [&](caf::error& error) {
            log->error("cannot listen on ", options.host, ":", options.port, ": ",
                       system.render(error));
            exit_code = 1;
          });
  if (exit_code == 0) {
    self->request(actors.gateway, kStopTimeout, atoms::listen_admin::value, options.host,
                  options.admin_port)
        .receive(
            [&](std::uint16_t port) {
              std::cerr << "admin on " << options.host << ":" << port << std::endl;
              log->info("admin on ", options.host, ":", port);
            },
            [&](caf::error& error) {
              log->error("cannot listen for admins on ", options.host, ":", options.admin_port,
                         ": ", system.render(error));
              exit_code = 1;
            });
  }

  if (exit_code == 0) {
    int signal_number = 0;
    sigwait(&stop_signals, &signal_number);
    log->info("signal ", signal_number, ": shutting down");
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
  self->send_exit(actors.storage, caf::exit_reason::user_shutdown);
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
