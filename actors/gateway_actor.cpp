#include "actors/gateway_actor.hpp"
#include "common/thread_name.hpp"

#include <algorithm>
#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <unordered_map>

#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

#include <caf/actor_cast.hpp>
#include <caf/io/middleman.hpp>
#include <caf/io/typed_broker.hpp>
#include <caf/stateful_actor.hpp>

#include "actors/actor_context.hpp"
#include "actors/admission_control.hpp"
#include "actors/gateway_connection.hpp"
#include "actors/session_actor.hpp"
#include "common/memory_release.hpp"
#include "net/dialect.hpp"
#include "net/irc_message.hpp"
#include "net/timestamp.hpp"

namespace confab {
namespace {

constexpr auto kStopGrace = std::chrono::seconds(3);
constexpr auto kCountersInterval = std::chrono::seconds(1);
// After a backlog this large has drained or been dropped, the allocator is
// asked to give the memory back.
constexpr std::uint64_t kReleaseAfterPeak = 32 * 1024 * 1024;
// Over the total outbound budget, the largest backlogs are dropped until
// the total is this fraction of the budget.
constexpr double kShedTo = 0.9;
// A connection being closed (quit, kick, idle) gets this many counters ticks
// to take its last frames; a peer that does not read them loses them rather
// than keep its slot and buffers.
constexpr std::uint64_t kClosingTicks = 5;
// How often the admission control forgets ended windows.
constexpr std::uint64_t kExpireTicks = 60;

using Connection = GatewayConnection;

struct GatewayState {
  // Also what every session is born with.
  SharedContext context;
  // Connections by their ConnectionId, which is never reused. CAF's handle
  // is the socket, which the kernel hands to the next client as soon as it
  // is closed: a fan-out or a commit's answers still addressed to a closed
  // connection must find nothing rather than its successor.
  std::unordered_map<ConnectionId, Connection> connections;
  std::unordered_map<std::int64_t, ConnectionId> conn_by_handle;
  ConnectionId next_conn = 1;
  std::map<caf::actor_addr, ConnectionId> conn_by_session;
  std::optional<AdmissionControl> admission;
  // Accepting is paused while the process has no file descriptor to spare.
  bool accepting_paused = false;
  std::vector<std::pair<caf::io::accept_handle, ListenerKind>> listeners;
  // What new connections on a TLS listener are secured with.
  std::shared_ptr<const net::TlsContext> tls;
  // Plaintext of the read being handled, kept to spare an allocation a read.
  std::string plaintext;
  std::optional<caf::typed_response_promise<bool>> stop_promise;
  // Connections written to since the last flush message, which queues
  // behind the fan-outs already in the mailbox.
  std::vector<ConnectionId> to_flush;
  // Counters ticks so far: the clock for idle timeouts, read without a
  // system call on every read.
  std::uint64_t ticks = 0;
  // Bytes queued for every connection together (the sum of queued_bytes),
  // the most since memory was last given back, and whether connections
  // were dropped with their backlogs since then.
  std::uint64_t total_queued = 0;
  std::uint64_t peak_queued = 0;
  bool backlogs_dropped = false;
};

// The gateway as the broker it is: its public interface, the socket events
// CAF's middleman sends it and the messages it sends itself, so the
// compiler checks its behaviour against all of them.
using gateway_broker_actor = gateway_actor::extend<
    caf::reacts_to<caf::io::new_connection_msg>, caf::reacts_to<caf::io::new_data_msg>,
    caf::reacts_to<caf::io::data_transferred_msg>, caf::reacts_to<caf::io::connection_closed_msg>,
    caf::reacts_to<caf::io::acceptor_closed_msg>,
    // Once a second: counters, idle clients, buffers, descriptors.
    caf::reacts_to<atoms::counters>,
    // Write what was appended since the mailbox's last fan-outs.
    caf::reacts_to<atoms::flush>,
    // The shutdown's grace period is over.
    caf::reacts_to<atoms::tick>>;
using gateway_broker = gateway_broker_actor::stateful_broker_pointer<GatewayState>;

using ConnectionIterator = std::unordered_map<ConnectionId, Connection>::iterator;

// The connection CAF's handle stands for; connections.end() once forgotten.
ConnectionIterator find_by_handle(GatewayState& st, caf::io::connection_handle hdl) {
  auto by_handle = st.conn_by_handle.find(hdl.id());
  return by_handle == st.conn_by_handle.end() ? st.connections.end()
                                              : st.connections.find(by_handle->second);
}

std::uint16_t port_of(const sockaddr_storage& address) {
  if (address.ss_family == AF_INET) {
    return ntohs(reinterpret_cast<const sockaddr_in&>(address).sin_port);
  }
  if (address.ss_family == AF_INET6) {
    return ntohs(reinterpret_cast<const sockaddr_in6&>(address).sin6_port);
  }
  return 0;
}

// CAF's default multiplexer names a connection by its socket
// (conn_hdl_from_socket). The peer's port is checked against what CAF reports
// for the handle, so a multiplexer that numbers them otherwise only loses
// the direct write, never sends to the wrong peer.
int socket_of(gateway_broker self, caf::io::connection_handle hdl) {
  const auto candidate = hdl.id();
  if (candidate < 0 || candidate > std::numeric_limits<int>::max()) {
    return -1;
  }
  const int fd = static_cast<int>(candidate);
  sockaddr_storage peer{};
  socklen_t peer_size = sizeof peer;
  if (::getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &peer_size) != 0 ||
      port_of(peer) != self->remote_port(hdl)) {
    return -1;
  }
  return fd;
}

void finish_stop_if_idle(gateway_broker self) {
  auto& st = self->state;
  if (st.stop_promise && st.connections.empty()) {
    st.stop_promise->deliver(true);
    st.stop_promise.reset();
    self->quit();
  }
}

void forget(gateway_broker self, ConnectionId conn, std::string_view reason) {
  auto& st = self->state;
  auto it = st.connections.find(conn);
  if (it == st.connections.end()) {
    return;
  }
  auto& connection = it->second;
  st.context->log->flood(LogLevel::info, "disconnect", "disconnect ", connection.address(),
                         " (conn ", conn, "): ", reason);
  if (!connection.admin()) {
    self->send(st.context->admin_hub, atoms::client_close::value, conn);
  }
  connection.fail_drain_waiters();
  st.total_queued -= std::min(connection.queued_bytes(), st.total_queued);
  st.admission->release(connection.address());
  st.conn_by_session.erase(connection.session().address());
  st.conn_by_handle.erase(connection.handle().id());
  st.connections.erase(it);
  finish_stop_if_idle(self);
}

// Closes at once and tells the session; used when the gateway itself ends a
// connection (peer gone, too slow).
void drop(gateway_broker self, ConnectionId conn, std::string_view reason) {
  auto it = self->state.connections.find(conn);
  if (it == self->state.connections.end()) {
    return;
  }
  self->send(it->second.session(), atoms::closed::value);
  self->close(it->second.handle());
  forget(self, conn, reason);
}

// CAF closes a connection gracefully: it keeps the socket until its unsent
// bytes are written, which a peer that never reads postpones forever, and
// the middleman's thread, which ~actor_system joins, with it. Shutting the
// socket down first makes that pending write fail, so CAF lets go at once.
void force_close(gateway_broker self, ConnectionId conn, std::string_view reason) {
  auto it = self->state.connections.find(conn);
  if (it == self->state.connections.end()) {
    return;
  }
  if (it->second.socket_known()) {
    ::shutdown(it->second.socket(), SHUT_RDWR);
  }
  self->state.backlogs_dropped |= it->second.queued_bytes() > 0;
  drop(self, conn, reason);
}

// With no file descriptor left, CAF's acceptor fails every accept and epoll
// reports the listener readable again at once: the I/O thread would spin and
// new clients time out. Accepting waits, once a second, until a descriptor
// can be had. (confabd caps --max-connections below the descriptor limit, so
// this is for descriptors the system as a whole ran out of.)
void pause_accepting_without_descriptors(gateway_broker self) {
  auto& st = self->state;
  const int probe = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  const bool exhausted = probe < 0 && (errno == EMFILE || errno == ENFILE);
  if (probe >= 0) {
    ::close(probe);
  }
  if (exhausted == st.accepting_paused) {
    return;
  }
  st.accepting_paused = exhausted;
  for (const auto& [acceptor, kind] : st.listeners) {
    if (exhausted) {
      self->halt(acceptor);
    } else {
      self->trigger(acceptor);
    }
  }
  if (exhausted) {
    st.context->log->error("out of file descriptors: not accepting connections for now");
  } else {
    st.context->log->info("file descriptors available again: accepting connections");
  }
}

// The connection's unsent bytes changed outside append() (TLS sealed or
// answered something): the total follows.
void requeued(GatewayState& st, std::uint64_t before, std::uint64_t after) {
  st.total_queued = st.total_queued - std::min(before, st.total_queued) + after;
  st.peak_queued = std::max(st.peak_queued, st.total_queued);
}

// Flushing now would hand CAF this one frame and queue the rest of the
// burst behind a second write; flushing after the mailbox's current
// fan-outs sends them in one.
void schedule_flush(gateway_broker self, ConnectionId conn, Connection& connection) {
  auto& st = self->state;
  connection.flush_scheduled();
  if (st.to_flush.empty()) {
    self->send(self, atoms::flush::value);
  }
  st.to_flush.push_back(conn);
}

void close_when_drained(gateway_broker self, Connection& connection, ConnectionId conn) {
  if (connection.queued_bytes() == 0) {
    self->close(connection.handle());
    forget(self, conn, "closed by server");
  }
}

// `bytes` of the connection's output reached the socket, through CAF or the
// direct send.
void written(gateway_broker self, ConnectionId conn, Connection& connection, std::uint64_t bytes) {
  auto& st = self->state;
  st.total_queued -= std::min(connection.taken(bytes), st.total_queued);
  connection.after_write();
  if (connection.closing()) {
    close_when_drained(self, connection, conn);
  }
}

// Hands a connection's burst to the kernel. While CAF holds none of the
// connection's bytes, one send() without waiting usually takes the whole
// burst; CAF's own path would first register write interest with epoll, wait
// for the event and unregister again: three more system calls per burst.
// Whatever the socket does not take, and every error, is left to CAF.
void flush_connection(gateway_broker self, ConnectionId conn, Connection& connection) {
  if (connection.tls()) {
    const auto before = connection.queued_bytes();
    connection.seal();
    requeued(self->state, before, connection.queued_bytes());
  }
  if (const auto sent = connection.send_directly(); sent > 0) {
    if (connection.buffer_empty()) {
      written(self, conn, connection, sent);
      return;
    }
    auto& st = self->state;
    st.total_queued -= std::min(connection.taken(sent), st.total_queued);
  }
  self->flush(connection.handle());
}

// All connections together hold more unsent bytes than the server may:
// the largest backlogs go first, each one a client far behind its peers,
// until `incoming` more fits below kShedTo of the budget.
void shed_backlogs(gateway_broker self, std::uint64_t incoming) {
  auto& st = self->state;
  const auto target = static_cast<std::uint64_t>(
      static_cast<double>(st.context->limits.max_outbound_total) * kShedTo);
  std::vector<std::pair<std::uint64_t, ConnectionId>> backlogs;
  for (const auto& [conn, connection] : st.connections) {
    if (connection.queued_bytes() > 0) {
      backlogs.emplace_back(connection.queued_bytes(), conn);
    }
  }
  std::sort(backlogs.begin(), backlogs.end(), std::greater<>());
  for (const auto& [bytes, conn] : backlogs) {
    if (st.total_queued + incoming <= target) {
      break;
    }
    st.context->log->flood(LogLevel::warn, "outbound budget", "dropping the largest backlog (conn ",
                           conn, ", ", bytes,
                           " bytes unsent): the server's outbound budget is spent");
    force_close(self, conn, "outbound budget");
  }
}

void write_to(gateway_broker self, ConnectionId conn, std::string_view bytes) {
  auto& st = self->state;
  auto it = st.connections.find(conn);
  if (it == st.connections.end() || it->second.closing()) {
    return;
  }
  const auto size = bytes.size();
  if (it->second.queued_bytes() + size > st.context->limits.max_outbound_bytes) {
    st.context->log->flood(LogLevel::warn, "slow consumer", "dropping slow consumer ",
                           it->second.address(), " (conn ", conn, "): ", it->second.queued_bytes(),
                           " bytes unsent");
    force_close(self, conn, "slow consumer");
    return;
  }
  if (st.total_queued + size > st.context->limits.max_outbound_total) {
    shed_backlogs(self, size);
    it = st.connections.find(conn);
    if (it == st.connections.end()) {
      return;
    }
  }
  auto& connection = it->second;
  if (connection.append(bytes)) {
    schedule_flush(self, conn, connection);
  }
  st.total_queued += size;
  st.peak_queued = std::max(st.peak_queued, st.total_queued);
}

void accept(gateway_broker self, caf::io::connection_handle hdl, ListenerKind kind) {
  auto& st = self->state;
  const auto address = self->remote_addr(hdl);
  auto decision = st.stop_promise ? AdmissionControl::Decision{false, "the server is stopping", 0}
                                  : st.admission->admit(address);
  std::unique_ptr<net::TlsSession> tls;
  if (decision.admitted && kind.tls) {
    try {
      tls = std::make_unique<net::TlsSession>(st.tls);
    } catch (const net::TlsError& e) {
      decision = AdmissionControl::Decision{false, e.what(), 0};
      st.admission->release(address);
    }
  }
  if (!decision.admitted) {
    st.context->log->flood(LogLevel::warn, "refused connection", "refusing connection from ",
                           address, ": ", decision.reason);
    // A refusal on a TLS port would cost a handshake to say; the client
    // sees the connection closed.
    if (!kind.tls) {
      const auto refusal = net::dialect(net::undecided_dialect())
                               .error(net::ReplyTo{}, net::ErrorCode::too_many_connections,
                                      decision.reason, decision.retry_after_ms);
      self->write(hdl, refusal.size(), refusal.data());
      self->flush(hdl);
    }
    self->close(hdl);
    return;
  }
  const ConnectionId conn = st.next_conn++;
  const bool admin = kind.admin;
  auto session = admin ? spawn_admin_session(self->system(), st.context, conn, address)
                       : spawn_session(self->system(), st.context, conn, address,
                                       kind.tls ? Transport::tls : Transport::plain,
                                       kind.irc ? std::optional<net::DialectId>(net::DialectId::irc)
                                                : std::nullopt);
  // IRC's limit is its own, 512 bytes a message and 8191 of tags, and a
  // longer line is answered (417) rather than the end of the connection.
  auto framer = kind.irc ? net::LineFramer(net::kIrcMaxMessageBytes + net::kIrcMaxTagBytes,
                                           net::LineFramer::Overlong::skip)
                         : net::LineFramer(st.context->limits.max_frame);
  self->monitor(session);
  st.conn_by_session[session.address()] = conn;
  auto& connection =
      st.connections
          .emplace(std::piecewise_construct, std::forward_as_tuple(conn),
                   std::forward_as_tuple(conn, session, hdl, std::move(framer), address, admin,
                                         &self->wr_buf(hdl), socket_of(self, hdl), std::move(tls)))
          .first->second;
  st.conn_by_handle[hdl.id()] = conn;
  connection.set_last_input_tick(st.ticks);
  if (!admin) {
    self->send(st.context->admin_hub, atoms::client_open::value, conn,
               address + ":" + std::to_string(self->remote_port(hdl)),
               std::chrono::system_clock::now());
  }
  self->configure_read(hdl, caf::io::receive_policy::at_most(Connection::kFirstReadChunk));
  self->ack_writes(hdl, true);
  st.context->log->flood(LogLevel::info, "connect", "connect ", address, ":",
                         self->remote_port(hdl), " (conn ", conn, kind.tls ? ", TLS" : "", ")");
}

// Turns the ciphertext in `bytes` into its plaintext (in the gateway's
// scratch buffer) and queues what TLS answers. False when the connection
// ended: the peer closed its session, or broke it (a malformed record, a
// failed handshake, a renegotiation) — only this connection is closed.
bool decrypt(gateway_broker self, ConnectionId conn, Connection& connection,
             std::string_view& bytes) {
  auto& st = self->state;
  st.plaintext.clear();
  const auto before = connection.queued_bytes();
  const auto result = connection.decrypt(bytes, st.plaintext);
  requeued(st, before, connection.queued_bytes());
  if (result.status == net::TlsSession::Status::ok) {
    if (connection.queued_bytes() > before && !connection.flush_pending()) {
      schedule_flush(self, conn, connection);
    }
    if (result.secured) {
      self->send(connection.session(), atoms::secured::value, connection.tls_protocol());
    }
    bytes = st.plaintext;
    return true;
  }
  if (result.status == net::TlsSession::Status::failed) {
    st.context->log->flood(LogLevel::warn, "TLS failed", "TLS with ", connection.address(),
                           " (conn ", conn, ") failed: ", connection.tls_error());
  }
  // The alert, if any, goes out before the close.
  flush_connection(self, conn, connection);
  drop(self, conn,
       result.status == net::TlsSession::Status::closed ? "closed by peer" : "TLS failed");
  return false;
}

void receive(gateway_broker self, caf::io::new_data_msg& msg) {
  auto& st = self->state;
  auto it = find_by_handle(st, msg.handle);
  if (it == st.connections.end() || it->second.closing()) {
    return;
  }
  auto& connection = it->second;
  std::string_view bytes(msg.buf.data(), msg.buf.size());
  if (const auto chunk = connection.grow_read_chunk(bytes.size()); chunk != 0) {
    self->configure_read(msg.handle, caf::io::receive_policy::at_most(chunk));
  }
  if (connection.tls() && !decrypt(self, it->first, connection, bytes)) {
    return;
  }
  if (!bytes.empty() && connection.first_bytes()) {
    self->send(connection.session(), atoms::first_byte::value,
               static_cast<std::uint8_t>(bytes.front()));
  }
  const auto status = connection.read(
      bytes, st.ticks,
      [&](std::string&& line) {
        self->send(connection.session(), atoms::frame::value, std::move(line));
      },
      [&] { self->send(connection.session(), atoms::oversize::value); });
  if (status == net::LineFramer::Status::too_large) {
    self->halt(msg.handle);
    connection.halt_reading();
    self->send(connection.session(), atoms::oversize::value);
    return;
  }
  if (connection.should_halt_reading()) {
    self->halt(msg.handle);
  }
}

gateway_broker_actor::behavior_type gateway_behavior(gateway_broker self, SharedContext context) {
  self->state.context = std::move(context);
  const auto& limits = self->state.context->limits;
  self->state.admission.emplace(AdmissionControl::Policy{
      limits.max_connections, limits.max_connections_per_ip, limits.new_connections_per_ip,
      limits.new_connections_window, limits.limit_loopback});
  self->delayed_send(self, kCountersInterval, atoms::counters::value);
  self->set_down_handler([self](const caf::down_msg& down) {
    auto& st = self->state;
    auto it = st.conn_by_session.find(down.source);
    if (it == st.conn_by_session.end()) {
      return;
    }
    const auto conn = it->second;
    if (down.reason) {
      st.context->log->error("session for conn ", conn, " failed: ", to_string(down.reason));
    }
    auto connection = st.connections.find(conn);
    if (connection != st.connections.end() && !connection->second.closing()) {
      self->close(connection->second.handle());
      forget(self, conn, "session ended");
    }
  });
  return {
      [self](atoms::listen, const std::string& host, std::uint16_t port,
             ListenerKind kind) -> caf::result<std::uint16_t> {
        // Brokers run on the middleman's I/O thread, which CAF names like
        // its workers.
        name_this_thread("confab.io");
        auto& st = self->state;
        if (kind.tls && !st.tls) {
          return caf::make_error(caf::sec::invalid_argument, "no TLS certificate loaded");
        }
        auto bound = self->add_tcp_doorman(port, host.c_str(), true);
        if (!bound) {
          return std::move(bound.error());
        }
        st.listeners.emplace_back(bound->first, kind);
        return bound->second;
      },
      [self](atoms::tls_context, const TlsContextHandle& handle) {
        if (handle.context) {
          self->state.tls = handle.context;
        }
      },
      [self](const caf::io::new_connection_msg& msg) {
        const auto& listeners = self->state.listeners;
        auto listener = std::find_if(listeners.begin(), listeners.end(),
                                     [&](const auto& entry) { return entry.first == msg.source; });
        if (listener != listeners.end()) {
          accept(self, msg.handle, listener->second);
        }
      },
      [self](atoms::counters) {
        // Once a second: traffic to the admin hub in one batch (never per
        // frame), write buffers of quiet connections, idle clients.
        auto& st = self->state;
        const auto now = ++st.ticks;
        const auto idle_ticks =
            static_cast<std::uint64_t>(st.context->limits.idle_timeout / kCountersInterval);
        std::vector<ConnectionCounters> batch;
        std::vector<ConnectionId> unread_goodbyes;
        for (auto& [conn, connection] : st.connections) {
          if (connection.closing() && now - connection.closing_tick() > kClosingTicks) {
            unread_goodbyes.push_back(conn);
          }
          // Input during tick k may have come just before tick k+1, so only
          // more than idle_ticks ticks later is it surely idle_timeout old.
          if (idle_ticks > 0 && !connection.admin() && !connection.closing() &&
              now - connection.last_input_tick() > idle_ticks) {
            connection.set_last_input_tick(now);
            self->send(connection.session(), atoms::idle::value);
          }
          if (ConnectionCounters counters; connection.take_counters(counters)) {
            batch.push_back(counters);
          }
        }
        if (!batch.empty()) {
          self->send(self->state.context->admin_hub, atoms::counters::value, std::move(batch));
        }
        for (const auto conn : unread_goodbyes) {
          force_close(self, conn, "did not read its last frames");
        }
        st.context->log->flush_suppressed();
        if (now % kExpireTicks == 0) {
          st.admission->expire();
        }
        pause_accepting_without_descriptors(self);
        // Backlogs dropped, or a large one drained: without this the
        // allocator keeps the peak's pages, and a burst's memory never
        // returns to the system.
        if (st.backlogs_dropped ||
            (st.peak_queued >= kReleaseAfterPeak && st.total_queued < st.peak_queued / 4)) {
          release_free_memory();
          st.backlogs_dropped = false;
          st.peak_queued = st.total_queued;
        }
        self->delayed_send(self, kCountersInterval, atoms::counters::value);
      },
      [self](caf::io::new_data_msg& msg) { receive(self, msg); },
      [self](atoms::flush) {
        auto& st = self->state;
        for (const auto conn : st.to_flush) {
          auto it = st.connections.find(conn);
          if (it != st.connections.end() && it->second.take_flush()) {
            flush_connection(self, conn, it->second);
          }
        }
        st.to_flush.clear();
      },
      [self](const caf::io::data_transferred_msg& msg) {
        // `remaining` is measured when the write completes but read later,
        // after we may have queued more; `written` is exact, so count down.
        auto& st = self->state;
        auto it = find_by_handle(st, msg.handle);
        if (it != st.connections.end()) {
          written(self, it->first, it->second, msg.written);
        }
      },
      [self](const caf::io::connection_closed_msg& msg) {
        auto& st = self->state;
        auto it = find_by_handle(st, msg.handle);
        if (it != st.connections.end()) {
          drop(self, it->first, "closed by peer");
        }
      },
      [](const caf::io::acceptor_closed_msg&) {},
      [self](atoms::send, ConnectionId conn, const SharedFrame& frame) {
        if (frame.bytes) {
          write_to(self, conn, *frame.bytes);
        }
      },
      [self](atoms::send, const std::vector<AddressedFrame>& frames) {
        for (const auto& frame : frames) {
          write_to(self, frame.conn, frame.bytes);
        }
      },
      [self](atoms::fanout, const Recipients& recipients, ConnectionId except,
             const SharedFrame& frame) {
        if (!frame.bytes) {
          return;
        }
        for (const auto conn : *recipients.conns) {
          if (conn != except) {
            write_to(self, conn, *frame.bytes);
          }
        }
      },
      [self](atoms::close, ConnectionId conn) {
        auto it = self->state.connections.find(conn);
        if (it == self->state.connections.end()) {
          return;
        }
        auto& connection = it->second;
        connection.start_closing(self->state.ticks);
        self->halt(connection.handle());
        if (connection.tls()) {
          const auto before = connection.queued_bytes();
          connection.close_tls();
          requeued(self->state, before, connection.queued_bytes());
          if (connection.queued_bytes() > 0 && !connection.flush_pending()) {
            schedule_flush(self, conn, connection);
          }
        }
        close_when_drained(self, connection, conn);
      },
      [self](atoms::consumed, ConnectionId conn, std::uint32_t lines, std::uint64_t bytes) {
        auto it = self->state.connections.find(conn);
        if (it == self->state.connections.end()) {
          return;
        }
        if (it->second.consumed(lines, bytes)) {
          self->trigger(it->second.handle());
        }
      },
      [self](atoms::drained, ConnectionId conn, std::uint64_t level) -> caf::result<bool> {
        auto it = self->state.connections.find(conn);
        if (it == self->state.connections.end()) {
          return false;
        }
        if (it->second.queued_bytes() <= level) {
          return true;
        }
        auto promise = self->make_response_promise<bool>();
        it->second.wait_for_drain(level, promise);
        return promise;
      },
      [self](atoms::stop, const std::string& reason) -> caf::result<bool> {
        auto& st = self->state;
        for (const auto& [acceptor, kind] : st.listeners) {
          self->close(acceptor);
        }
        st.listeners.clear();
        auto promise = self->make_response_promise<bool>();
        st.stop_promise = promise;
        for (auto& [conn, connection] : st.connections) {
          self->send(connection.session(), atoms::shutdown::value, reason);
        }
        // Clients that never drain their socket must not hold the server up.
        self->delayed_send(self, kStopGrace, atoms::tick::value);
        finish_stop_if_idle(self);
        return promise;
      },
      [self](atoms::tick) {
        auto& st = self->state;
        std::vector<ConnectionId> remaining;
        for (const auto& [conn, connection] : st.connections) {
          remaining.push_back(conn);
        }
        for (const auto conn : remaining) {
          force_close(self, conn, "shutdown grace period over");
        }
        finish_stop_if_idle(self);
      },
  };
}

}  // namespace

gateway_actor spawn_gateway(caf::actor_system& system, SharedContext context) {
  return system.middleman().spawn_broker<caf::lazy_init>(gateway_behavior, std::move(context));
}

}  // namespace confab
