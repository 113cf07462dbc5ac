// confab-bench: a load generator for confabd, and for an IRC server given
// the identical workload. One epoll loop drives every connection with
// non-blocking sockets, so the tool stays cheap next to the server it
// measures; it reports its own CPU use so that can be checked.
//
//   confab-bench --port N --pid SERVER_PID [--protocol confab|irc] [--tls]
//                [--rooms R] [--clients C] [--senders S] [--messages M]
//                [--size BYTES] [--words] [--window W] [--window-by seen|ack]
//                [--rate PER_S] [--keepalive SECONDS] [--idle-only]
//   confab-bench --port N --pid SERVER_PID [--tls] --handshakes N
//
// --port and --pid repeat for a cluster: clients are dealt to the ports in
// turn (so every room has members on every node), and the CPU and memory
// reported are those of all the pids together (give NATS's too).
// Prints one JSON line: deliveries/s, acknowledged messages/s, latency
// p50/p90/p99/max, deliveries lost, server CPU seconds (and per million
// deliveries, and by thread name; counted until the server is quiet after
// the load, so work it defers is included), server peak RSS, and the load
// generator's own busy fraction.
// --words fills each text with chat words (bench/chat_text.hpp) instead of
// one filler token, for what indexing real text costs the server.
// A sender keeps at most W messages (--window, 16) that no receiver has seen
// yet: every text carries its sender and sequence number, and the first
// receiver to get a message moves its sender's window. Both servers do only
// what their protocol does for a real client (confab answers `ok`, IRC
// nothing). --window-by ack bounds it by the server's acknowledgements
// instead (confab's `ok`; for IRC a PING after each PRIVMSG, whose PONG
// says it was taken: work a real IRC client never asks for).
// Every client pings (confab dialect) every --keepalive seconds (60), as a
// real client does, so that long runs are not cut by the server's idle
// timeout; IRC clients answer the server's PINGs instead.
// --rate paces each sender to that many messages a second (spread so the
// senders do not all send at once), for a realistic mix instead of a flood;
// the window still applies.
// --tls speaks TLS to the port (the server's certificate is not checked:
// that costs the client, not the server). --handshakes only connects,
// completes N TLS handshakes (or, without --tls, N TCP connects) and closes
// each: connections per second and server CPU per connection.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <iostream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <nlohmann/json.hpp>

#include "bench/chat_text.hpp"
#include "bench/dialect.hpp"
#include "bench/proc_stats.hpp"

namespace {

using Clock = std::chrono::steady_clock;
using Json = nlohmann::json;
using confab::bench::append_chat_words;
using confab::bench::Dialect;
using confab::bench::LineKind;

// Connections still logging in at once; more would overflow the server's
// listen backlog and turn connect time into SYN retry timeouts.
constexpr std::size_t kConnectingAtOnce = 128;
// How long a run may take beyond its pacing before it counts as unfinished
// and what has not arrived as lost.
constexpr auto kRunLimit = std::chrono::seconds(300);

struct Options {
  // Client i connects to ports[i % ports.size()]: a cluster's nodes share
  // every room's clients. The pids are every process that serves (a
  // cluster's nodes and its NATS server): their CPU and memory are summed.
  std::vector<std::uint16_t> ports;
  std::vector<int> server_pids;
  std::string protocol = "confab";
  int rooms = 1;
  int clients_per_room = 100;
  int senders_per_room = 10;
  int messages_per_sender = 2000;
  std::size_t size = 100;
  bool words = false;
  int window = 16;
  bool window_by_ack = false;
  double rate = 0;  // messages a second per sender; 0: as fast as the window allows
  double keepalive_s = 60;
  bool idle_only = false;
  bool tls = false;
  int handshakes = 0;
};

// One context for every client: TLS 1.2 or 1.3, whatever the server picks.
SSL_CTX* client_tls_context() {
  SSL_CTX* ctx = SSL_CTX_new(TLS_client_method());
  SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, nullptr);
  SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
  return ctx;
}

sockaddr_in loopback_port(std::uint16_t port) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return address;
}

// A non-blocking socket connecting to the port (TCP_NODELAY); -1 on error.
int start_connect(std::uint16_t port) {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    std::cerr << "socket: " << std::strerror(errno) << "\n";
    return -1;
  }
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  const auto address = loopback_port(port);
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0 &&
      errno != EINPROGRESS) {
    std::cerr << "connect: " << std::strerror(errno) << "\n";
    ::close(fd);
    return -1;
  }
  return fd;
}

struct Connection {
  int id = 0;
  int fd = -1;
  SSL* ssl = nullptr;
  int room = 0;
  bool sender = false;
  bool ready = false;
  std::string in;  // a partial line left from the last read
  std::string out;
  int sent = 0;
  int acked = 0;
  int keepalives = 0;
  // Messages of this sender some receiver has seen: the highest sequence
  // number delivered, plus one (a room delivers a sender's messages in
  // order).
  int seen = 0;
};

std::int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch())
      .count();
}

double self_cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

class Bench {
 public:
  Bench(const Options& options, std::unique_ptr<Dialect> dialect)
      : o_(options),
        dialect_(std::move(dialect)),
        epoll_(epoll_create1(EPOLL_CLOEXEC)),
        tls_(options.tls ? client_tls_context() : nullptr) {
    for (int room = 0; room < o_.rooms; ++room) {
      for (int c = 0; c < o_.clients_per_room; ++c) {
        Connection connection;
        connection.id = static_cast<int>(connections_.size());
        connection.room = room;
        connection.sender = !o_.idle_only && c < o_.senders_per_room;
        connections_.push_back(std::move(connection));
      }
    }
  }

  // Rooms must exist before anyone joins them, where joining does not
  // create them. A cluster's nodes learn of a room through their log: a
  // create on each node returns (ok, or room_exists) only once that node
  // has it.
  bool create_rooms() {
    for (std::size_t node = 0; node < o_.ports.size(); ++node) {
      if (!create_rooms_on(static_cast<int>(node))) {
        return false;
      }
    }
    return true;
  }

  bool create_rooms_on(int node) {
    const auto port = o_.ports[static_cast<std::size_t>(node)];
    for (int room = 0; room < o_.rooms; ++room) {
      const auto frames = dialect_->create_room(room, node);
      if (frames.empty()) {
        continue;
      }
      const int fd = blocking_connect(port);
      if (fd < 0) {
        return false;
      }
      SSL* ssl = nullptr;
      if (tls_ != nullptr) {
        ssl = SSL_new(tls_);
        SSL_set_fd(ssl, fd);
        if (SSL_connect(ssl) != 1) {
          std::cerr << "TLS handshake failed\n";
          return false;
        }
        (void)SSL_write(ssl, frames.data(), static_cast<int>(frames.size()));
      } else {
        (void)!::write(fd, frames.data(), frames.size());
      }
      char buffer[4096];
      while ((ssl != nullptr ? SSL_read(ssl, buffer, sizeof buffer)
                             : ::read(fd, buffer, sizeof buffer)) > 0) {
      }
      SSL_free(ssl);
      ::close(fd);
    }
    return true;
  }

  // Connects everyone, a bounded number at a time, until all have joined.
  bool setup() {
    return loop(
               [this] {
                 while (next_to_connect_ < connections_.size() &&
                        next_to_connect_ - ready_ < kConnectingAtOnce) {
                   if (!open(next_to_connect_)) {
                     return true;
                   }
                   ++next_to_connect_;
                 }
                 return ready_ == connections_.size();
               },
               std::chrono::seconds(300)) &&
           ready_ == connections_.size();
  }

  // Logging in makes the server announce every join to the room's members
  // (and, for confab, to `main`): up to members² lines that may still be in
  // flight when the last client is ready. The run starts once nothing has
  // arrived for a while, so it measures messages, not that backlog.
  bool settle() {
    constexpr auto kQuiet = std::chrono::milliseconds(300);
    return loop([this, kQuiet] { return Clock::now() - last_input_ >= kQuiet; },
                std::chrono::seconds(120));
  }

  Json run() {
    const auto senders = static_cast<std::uint64_t>(o_.rooms) *
                         static_cast<std::uint64_t>(std::max(0, o_.senders_per_room));
    const auto per_message = static_cast<std::uint64_t>(std::max(0, o_.clients_per_room - 1));
    expected_ = senders * static_cast<std::uint64_t>(o_.messages_per_sender) * per_message;
    latencies_us_.reserve(expected_);
    const double cpu_before = confab::bench::process_cpu_seconds(o_.server_pids);
    const auto threads_before = confab::bench::thread_cpu_seconds(o_.server_pids);
    const double self_before = self_cpu_seconds();
    const auto start = Clock::now();
    paced_from_ = start;
    running_ = true;
    // Acknowledgements are waited for wherever they come: confab's always,
    // IRC's only with the ack window.
    const bool wait_for_acks = o_.window_by_ack || dialect_->acknowledges_messages();
    // A paced run lasts messages / rate by design: its last messages are
    // sent just before then and must still have time to arrive.
    const auto paced = std::chrono::seconds(
        o_.rate > 0 ? static_cast<std::int64_t>(o_.messages_per_sender / o_.rate) : 0);
    const bool finished = loop(
        [this, wait_for_acks] {
          return deliveries_ >= expected_ && (!wait_for_acks || all_acked());
        },
        paced + kRunLimit);
    const double wall = std::chrono::duration<double>(Clock::now() - start).count();
    const double self = self_cpu_seconds() - self_before;
    const double cpu_at_end = confab::bench::process_cpu_seconds(o_.server_pids);
    const double cpu = settled_server_cpu(cpu_at_end) - cpu_before;
    Json by_thread = Json::object();
    for (const auto& [name, seconds] : confab::bench::thread_cpu_seconds(o_.server_pids)) {
      const auto before = threads_before.find(name);
      by_thread[name] = seconds - (before == threads_before.end() ? 0.0 : before->second);
    }
    std::uint64_t acks = 0;
    for (const auto& connection : connections_) {
      acks += static_cast<std::uint64_t>(connection.acked);
    }
    std::sort(latencies_us_.begin(), latencies_us_.end());
    auto pct = [&](double p) {
      return latencies_us_.empty() ? 0.0
                                   : latencies_us_[static_cast<std::size_t>(
                                         p * static_cast<double>(latencies_us_.size() - 1))] /
                                         1000.0;
    };
    return Json{{"finished", finished},
                {"window_by", o_.window_by_ack ? "ack" : "seen"},
                {"rate_per_sender", o_.rate},
                {"deliveries", deliveries_},
                {"deliveries_expected", expected_},
                {"deliveries_lost", expected_ > deliveries_ ? expected_ - deliveries_ : 0},
                {"errors", errors_},
                {"seconds", wall},
                {"deliveries_per_s", static_cast<double>(deliveries_) / wall},
                {"acks_per_s", static_cast<double>(acks) / wall},
                {"latency_ms_p50", pct(0.50)},
                {"latency_ms_p90", pct(0.90)},
                {"latency_ms_p99", pct(0.99)},
                {"latency_ms_max", pct(1.0)},
                {"server_cpu_s", cpu},
                {"server_cpu_s_after_end", cpu - (cpu_at_end - cpu_before)},
                {"server_cpu_s_by_thread", by_thread},
                {"server_cpu_s_per_million",
                 deliveries_ > 0 ? cpu * 1e6 / static_cast<double>(deliveries_) : 0.0},
                {"server_peak_rss_kib", confab::bench::status_kib(o_.server_pids, "VmHWM")},
                {"loadgen_busy", self / wall}};
  }

  std::size_t connection_count() const { return connections_.size(); }

 private:
  // The server's CPU time once it has gone quiet: work the load left it
  // (indexing for search, say) counts against the load. Quiet is a 300 ms
  // span without a clock tick of CPU, within 10 s.
  double settled_server_cpu(double cpu_at_end) const {
    double previous = cpu_at_end;
    for (int i = 0; i < 33; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(300));
      const double now = confab::bench::process_cpu_seconds(o_.server_pids);
      if (now - previous < 0.005) {
        return now;
      }
      previous = now;
    }
    return previous;
  }

  static int blocking_connect(std::uint16_t port) {
    const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    const auto address = loopback_port(port);
    if (::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
      ::close(fd);
      return -1;
    }
    return fd;
  }

  bool open(std::size_t id) {
    auto& connection = connections_[id];
    connection.fd = start_connect(o_.ports[id % o_.ports.size()]);
    if (connection.fd < 0) {
      return false;
    }
    if (tls_ != nullptr) {
      // The handshake runs inside the first writes and reads.
      connection.ssl = SSL_new(tls_);
      SSL_set_fd(connection.ssl, connection.fd);
      SSL_set_connect_state(connection.ssl);
    }
    connection.out = dialect_->greeting("b" + std::to_string(id), connection.room);
    // Edge-triggered: a writable socket would otherwise be reported on
    // every wait, and the tool would spend its time in epoll. Reads and
    // writes both go on until the kernel says EAGAIN, as edges require.
    epoll_event event{};
    event.events = EPOLLIN | EPOLLOUT | EPOLLET;
    event.data.u64 = id;
    epoll_ctl(epoll_, EPOLL_CTL_ADD, connection.fd, &event);
    return true;
  }

  // Runs the loop until `done` or the deadline; false on timeout.
  template <class Done>
  bool loop(Done&& done, std::chrono::seconds limit) {
    const auto deadline = Clock::now() + limit;
    std::vector<epoll_event> events(1024);
    while (!done()) {
      if (Clock::now() > deadline) {
        return false;
      }
      // Paced senders are due every few milliseconds somewhere.
      const int wait_ms = running_ && o_.rate > 0 ? 2 : 100;
      const int n = epoll_wait(epoll_, events.data(), static_cast<int>(events.size()), wait_ms);
      for (int i = 0; i < n; ++i) {
        const auto& event = events[static_cast<std::size_t>(i)];
        auto& connection = connections_[event.data.u64];
        if (event.events & EPOLLIN) {
          read_from(connection);
        }
        if (event.events & EPOLLOUT) {
          flush(connection);
        }
      }
      if (running_) {
        top_up_senders();
        keep_alive();
      }
    }
    return true;
  }

  // As a real client does: a ping every --keepalive seconds, each
  // connection at its own phase so that they do not come at once (confabd
  // closes a client silent for --idle-timeout, 300 s by default).
  void keep_alive() {
    const double interval = o_.keepalive_s;
    const auto now = Clock::now();
    if (now < next_keepalive_check_ || dialect_->keepalive().empty()) {
      return;
    }
    next_keepalive_check_ = now + std::chrono::milliseconds(100);
    const double elapsed = std::chrono::duration<double>(now - paced_from_).count();
    for (auto& connection : connections_) {
      if (elapsed >= phase(connection, interval) + interval * (connection.keepalives + 1)) {
        ++connection.keepalives;
        reply(connection, dialect_->keepalive());
      }
    }
  }

  bool all_acked() const {
    for (const auto& connection : connections_) {
      if (connection.sender && connection.acked < o_.messages_per_sender) {
        return false;
      }
    }
    return true;
  }

  void top_up_senders() {
    for (auto& connection : connections_) {
      if (!connection.sender) {
        continue;
      }
      bool queued = false;
      const int& settled = o_.window_by_ack ? connection.acked : connection.seen;
      while (connection.sent < o_.messages_per_sender && connection.sent - settled < o_.window &&
             due(connection)) {
        // The text carries the send time, from which receivers measure
        // latency, and who sent it with its sequence number, for the window.
        std::string text = std::to_string(now_ns()) + " " + std::to_string(connection.id) + "." +
                           std::to_string(connection.sent) + " ";
        if (o_.words) {
          append_chat_words(text, o_.size,
                            static_cast<std::uint64_t>(connection.sent) * 7919 + connection.fd);
        }
        text.resize(std::max(text.size(), o_.size), 'x');
        dialect_->append_message(connection.out, connection.room, text, connection.sent,
                                 o_.window_by_ack);
        ++connection.sent;
        queued = true;
      }
      if (queued) {
        flush(connection);
      }
    }
  }

  // Whatever the socket takes of `size` bytes (0 when it takes none now).
  static long send_some(Connection& connection, const char* data, std::size_t size) {
    if (connection.ssl != nullptr) {
      const int n = SSL_write(connection.ssl, data, static_cast<int>(size));
      return n > 0 ? n : 0;
    }
    const auto n = ::send(connection.fd, data, size, MSG_NOSIGNAL);
    return n > 0 ? n : 0;
  }

  // Bytes read into `buffer`; 0 when nothing more is there now.
  static long receive_some(Connection& connection, char* buffer, std::size_t size) {
    if (connection.ssl != nullptr) {
      const int n = SSL_read(connection.ssl, buffer, static_cast<int>(size));
      if (n <= 0) {
        ERR_clear_error();
      }
      return n > 0 ? n : 0;
    }
    const auto n = ::recv(connection.fd, buffer, size, 0);
    return n > 0 ? n : 0;
  }

  void flush(Connection& connection) {
    while (!connection.out.empty()) {
      const auto n = send_some(connection, connection.out.data(), connection.out.size());
      if (n <= 0) {
        return;
      }
      connection.out.erase(0, static_cast<std::size_t>(n));
    }
  }

  // Lines are handled where they were read; only a partial last line is kept.
  void read_from(Connection& connection) {
    char buffer[65536];
    // A TLS write may have waited for the handshake, which reads move on.
    if (connection.ssl != nullptr && !connection.out.empty()) {
      flush(connection);
    }
    for (;;) {
      const auto n = receive_some(connection, buffer, sizeof buffer);
      if (n <= 0) {
        break;
      }
      last_input_ = Clock::now();
      std::string_view data(buffer, static_cast<std::size_t>(n));
      if (!connection.in.empty()) {
        const auto newline = data.find('\n');
        if (newline == std::string_view::npos) {
          connection.in.append(data);
          continue;
        }
        connection.in.append(data.substr(0, newline));
        handle_line(connection, connection.in);
        connection.in.clear();
        data.remove_prefix(newline + 1);
      }
      std::size_t newline;
      while ((newline = data.find('\n')) != std::string_view::npos) {
        handle_line(connection, data.substr(0, newline));
        data.remove_prefix(newline + 1);
      }
      connection.in.assign(data);
    }
  }

  void reply(Connection& connection, const std::string& bytes) {
    connection.out += bytes;
    flush(connection);
  }

  void handle_line(Connection& connection, std::string_view line) {
    const auto classified = dialect_->classify(line);
    switch (classified.kind) {
      case LineKind::delivery: {
        ++deliveries_;
        // "SEND_NS ID.SEQ ..."; the line goes on past the numbers, so the
        // parses stop inside it.
        char* end = nullptr;
        const auto sent = std::strtoll(classified.payload.data(), &end, 10);
        latencies_us_.push_back(static_cast<double>(now_ns() - sent) / 1000.0);
        note_seen(end);
        break;
      }
      case LineKind::ack:
        ++connection.acked;
        break;
      case LineKind::registered:
        reply(connection, dialect_->after_registration(connection.room));
        break;
      case LineKind::joined:
        if (!connection.ready) {
          connection.ready = true;
          ++ready_;
        }
        break;
      case LineKind::ping:
        reply(connection, dialect_->pong(classified.payload));
        break;
      case LineKind::error:
        if (++errors_ <= 5) {
          std::cerr << "error frame: " << classified.payload << "\n";
        }
        break;
      case LineKind::other:
        break;
    }
  }

  // Where in each `interval` a connection's periodic sends fall: connection
  // k of n at k/n of it, so that they never come all at once.
  double phase(const Connection& connection, double interval) const {
    return interval * static_cast<double>(connection.id) / static_cast<double>(connections_.size());
  }

  // Whether a paced sender's next message is due: one every interval, from
  // its phase on.
  bool due(const Connection& connection) const {
    if (o_.rate <= 0) {
      return true;
    }
    const double interval = 1.0 / o_.rate;
    const double at = phase(connection, interval) + interval * static_cast<double>(connection.sent);
    return std::chrono::duration<double>(Clock::now() - paced_from_).count() >= at;
  }

  // `at` points at " ID.SEQ" in a delivered text.
  void note_seen(const char* at) {
    if (*at != ' ') {
      return;
    }
    char* end = nullptr;
    const auto id = std::strtol(at + 1, &end, 10);
    if (*end != '.' || id < 0 || static_cast<std::size_t>(id) >= connections_.size()) {
      return;
    }
    const auto sequence = std::strtol(end + 1, nullptr, 10);
    auto& sender = connections_[static_cast<std::size_t>(id)];
    sender.seen = std::max(sender.seen, static_cast<int>(sequence) + 1);
  }

  Options o_;
  std::unique_ptr<Dialect> dialect_;
  int epoll_;
  SSL_CTX* tls_ = nullptr;
  std::vector<Connection> connections_;
  std::size_t next_to_connect_ = 0;
  std::size_t ready_ = 0;
  Clock::time_point last_input_ = Clock::now();
  Clock::time_point paced_from_ = Clock::now();
  Clock::time_point next_keepalive_check_ = Clock::now();
  bool running_ = false;
  std::uint64_t deliveries_ = 0;
  std::uint64_t expected_ = 0;
  std::uint64_t errors_ = 0;
  std::vector<double> latencies_us_;
};

// Opens `total` connections, kConnectingAtOnce at a time, each closed as
// soon as its TLS handshake (or, without TLS, its TCP connect) completes.
Json run_handshakes(const Options& o) {
  SSL_CTX* ctx = o.tls ? client_tls_context() : nullptr;
  const int epoll = epoll_create1(EPOLL_CLOEXEC);
  struct Slot {
    int fd = -1;
    SSL* ssl = nullptr;
  };
  std::vector<Slot> slots(std::min<std::size_t>(kConnectingAtOnce, o.handshakes));
  int started = 0;
  int done = 0;
  int failed = 0;
  auto watch = [&](std::size_t slot, std::uint32_t events, int operation) {
    epoll_event event{};
    event.events = events;
    event.data.u64 = slot;
    epoll_ctl(epoll, operation, slots[slot].fd, &event);
  };
  auto start = [&](std::size_t slot) {
    auto& s = slots[slot];
    s.fd = start_connect(o.ports[static_cast<std::size_t>(started) % o.ports.size()]);
    if (s.fd < 0) {
      ++failed;
      return;
    }
    ++started;
    if (ctx != nullptr) {
      s.ssl = SSL_new(ctx);
      SSL_set_fd(s.ssl, s.fd);
      SSL_set_connect_state(s.ssl);
    }
    watch(slot, EPOLLOUT, EPOLL_CTL_ADD);
  };
  auto finish = [&](std::size_t slot, bool ok) {
    auto& s = slots[slot];
    ok ? ++done : ++failed;
    epoll_ctl(epoll, EPOLL_CTL_DEL, s.fd, nullptr);
    SSL_free(s.ssl);
    ::close(s.fd);
    s = Slot{};
    if (started < o.handshakes) {
      start(slot);
    }
  };
  const double cpu_before = confab::bench::process_cpu_seconds(o.server_pids);
  const double self_before = self_cpu_seconds();
  const auto begin = Clock::now();
  for (std::size_t slot = 0; slot < slots.size(); ++slot) {
    start(slot);
  }
  std::vector<epoll_event> events(kConnectingAtOnce);
  const auto deadline = begin + std::chrono::seconds(300);
  while (done + failed < o.handshakes && Clock::now() < deadline) {
    const int n = epoll_wait(epoll, events.data(), static_cast<int>(events.size()), 100);
    for (int i = 0; i < n; ++i) {
      const auto slot = events[static_cast<std::size_t>(i)].data.u64;
      auto& s = slots[slot];
      if (s.ssl == nullptr) {
        int error = 0;
        socklen_t size = sizeof error;
        getsockopt(s.fd, SOL_SOCKET, SO_ERROR, &error, &size);
        finish(slot, error == 0);
        continue;
      }
      const int result = SSL_do_handshake(s.ssl);
      const int reason = SSL_get_error(s.ssl, result);
      if (result == 1) {
        finish(slot, true);
      } else if (reason == SSL_ERROR_WANT_READ || reason == SSL_ERROR_WANT_WRITE) {
        watch(slot, reason == SSL_ERROR_WANT_READ ? EPOLLIN : EPOLLOUT, EPOLL_CTL_MOD);
      } else {
        ERR_clear_error();
        finish(slot, false);
      }
    }
  }
  const double wall = std::chrono::duration<double>(Clock::now() - begin).count();
  const double cpu = confab::bench::process_cpu_seconds(o.server_pids) - cpu_before;
  const double self = self_cpu_seconds() - self_before;
  ::close(epoll);
  SSL_CTX_free(ctx);
  return Json{{"tls", o.tls},
              {"connections", done},
              {"failed", failed},
              {"seconds", wall},
              {"connections_per_s", static_cast<double>(done) / wall},
              {"server_cpu_s", cpu},
              {"server_cpu_ms_per_connection", done > 0 ? cpu * 1e3 / done : 0.0},
              {"loadgen_busy", self / wall}};
}

}  // namespace

int main(int argc, char** argv) {
  // One descriptor per client: 20 000 clients need more than the usual soft
  // limit of 1024, and the hard limit is ours to take.
  rlimit files{};
  if (getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur < files.rlim_max) {
    files.rlim_cur = files.rlim_max;
    setrlimit(RLIMIT_NOFILE, &files);
  }
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    auto value = [&] { return i + 1 < argc ? std::string(argv[++i]) : std::string(); };
    if (flag == "--port")
      o.ports.push_back(static_cast<std::uint16_t>(std::stoi(value())));
    else if (flag == "--pid")
      o.server_pids.push_back(std::stoi(value()));
    else if (flag == "--protocol")
      o.protocol = value();
    else if (flag == "--rooms")
      o.rooms = std::stoi(value());
    else if (flag == "--clients")
      o.clients_per_room = std::stoi(value());
    else if (flag == "--senders")
      o.senders_per_room = std::stoi(value());
    else if (flag == "--messages")
      o.messages_per_sender = std::stoi(value());
    else if (flag == "--size")
      o.size = std::stoul(value());
    else if (flag == "--window")
      o.window = std::stoi(value());
    else if (flag == "--rate")
      o.rate = std::stod(value());
    else if (flag == "--keepalive")
      o.keepalive_s = std::stod(value());
    else if (flag == "--window-by") {
      const auto by = value();
      if (by != "seen" && by != "ack") {
        std::cerr << "--window-by takes seen or ack\n";
        return 2;
      }
      o.window_by_ack = by == "ack";
    } else if (flag == "--words")
      o.words = true;
    else if (flag == "--idle-only")
      o.idle_only = true;
    else if (flag == "--tls")
      o.tls = true;
    else if (flag == "--handshakes")
      o.handshakes = std::stoi(value());
    else {
      std::cerr << "unknown option " << flag << "\n";
      return 2;
    }
  }
  if (o.ports.empty() || o.server_pids.empty() || (o.protocol != "confab" && o.protocol != "irc")) {
    std::cerr << "usage: confab-bench --port N --pid SERVER_PID [--protocol confab|irc] [--tls] "
                 "[--rooms R] [--clients C] "
                 "[--senders S] [--messages M] [--size BYTES] [--words] [--window W] "
                 "[--window-by seen|ack] [--rate PER_S] [--keepalive SECONDS] [--idle-only]\n"
                 "       confab-bench --port N --pid SERVER_PID [--tls] --handshakes N\n";
    return 2;
  }
  if (!o.window_by_ack && !o.idle_only && o.senders_per_room > 0 && o.clients_per_room < 2) {
    // With nobody to see a message, no window would ever move.
    std::cerr << "a room of one has no receivers: use --window-by ack\n";
    return 2;
  }
  if (o.handshakes > 0) {
    const auto result = run_handshakes(o);
    std::cout << result.dump() << std::endl;
    return result.value("failed", 0) == 0 ? 0 : 1;
  }
  Bench bench(o, o.protocol == "irc" ? confab::bench::make_irc_dialect()
                                     : confab::bench::make_confab_dialect());
  const long rss_before = confab::bench::status_kib(o.server_pids, "VmRSS");
  if (!bench.create_rooms()) {
    return 1;
  }
  const auto connect_start = Clock::now();
  if (!bench.setup()) {
    std::cerr << "clients did not all log in and join in time\n";
    return 1;
  }
  const double connect_s = std::chrono::duration<double>(Clock::now() - connect_start).count();
  if (!bench.settle()) {
    std::cerr << "the server kept sending after everyone had joined\n";
    return 1;
  }
  Json result = o.idle_only ? Json::object() : bench.run();
  const long rss_after = confab::bench::status_kib(o.server_pids, "VmRSS");
  result["protocol"] = o.protocol;
  result["rooms"] = o.rooms;
  result["clients"] = bench.connection_count();
  result["connect_s"] = connect_s;
  result["server_rss_kib"] = rss_after;
  result["server_rss_per_connection_kib"] =
      static_cast<double>(rss_after - rss_before) / static_cast<double>(bench.connection_count());
  std::cout << result.dump() << std::endl;
  return result.value("deliveries_lost", 0) == 0 ? 0 : 1;
}
