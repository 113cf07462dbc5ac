#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <caf/io/connection_handle.hpp>
#include <caf/typed_response_promise.hpp>

#include "actors/contracts/session.hpp"
#include "net/line_framer.hpp"
#include "net/tls_session.hpp"

namespace confab {

// One client connection as the gateway holds it: its session, its input
// (line framing, and how much the session has yet to process), its output
// path (CAF's write buffer, the direct send while CAF holds none of its
// bytes, the bytes still unsent, and who waits for them to drain) and, on a
// TLS port, its TLS session between the socket and both. The gateway decides
// from what these report when to stop or resume reading, to schedule a
// flush, or to drop a client; the socket calls stay in the broker.
class GatewayConnection {
 public:
  // Input flow control: a session may have this many unprocessed lines, or
  // bytes, before its socket is no longer read, so a flooding client (or a
  // large upload) fills its own kernel buffer instead of the server's memory.
  static constexpr std::size_t kMaxLinesInFlight = 256;
  static constexpr std::size_t kMaxBytesInFlight = 1024 * 1024;
  // Reads start small, because an idle connection should cost little memory
  // (CAF keeps a buffer of this size per connection; a login's first lines
  // fit in 128 bytes), and double whenever one fills the buffer, so uploads
  // and floods still arrive in large reads.
  static constexpr std::uint32_t kFirstReadChunk = 128;
  static constexpr std::uint32_t kMaxReadChunk = 64 * 1024;

  GatewayConnection(ConnectionId conn, session_actor session, caf::io::connection_handle handle,
                    net::LineFramer framer, std::string address, bool admin,
                    std::vector<char>* outbound, int socket,
                    std::unique_ptr<net::TlsSession> tls = nullptr);

  ConnectionId id() const { return counters_.conn; }
  const session_actor& session() const { return session_; }
  caf::io::connection_handle handle() const { return handle_; }
  const std::string& address() const { return address_; }
  // On the admin port: not a chat client.
  bool admin() const { return admin_; }

  // --- TLS ---

  bool tls() const { return tls_ != nullptr; }
  struct Decrypted {
    net::TlsSession::Status status = net::TlsSession::Status::ok;
    // These bytes finished the handshake.
    bool secured = false;
  };
  // Ciphertext from the socket: its plaintext is appended to `plaintext`
  // for read(); what TLS answers (handshake flights, tickets, alerts) is
  // queued for the socket, and queued_bytes() grows by it.
  Decrypted decrypt(std::string_view ciphertext, std::string& plaintext);
  // Encrypts what was appended since the last flush, as few records as it
  // fits in: a record costs far more alone than in a burst. queued_bytes()
  // changes from plaintext to ciphertext size.
  void seal();
  // Seals what is pending and ends the TLS session with a close_notify.
  void close_tls();
  // "TLSv1.3"; why the session failed.
  std::string tls_protocol() const { return tls_ ? tls_->protocol() : std::string{}; }
  std::string tls_error() const { return tls_ ? tls_->error() : std::string{}; }

  // --- input ---

  // The first bytes the client ever sent, once; empty afterwards.
  bool first_bytes() { return !std::exchange(spoke_, true); }
  // How much to read next; grows when a read filled the last chunk.
  // Returns the new size when it changed, 0 otherwise.
  std::uint32_t grow_read_chunk(std::size_t read);
  // Feeds bytes from the socket, calling `line` for each complete line and
  // `overlong` for each line skipped as too long (when the framer skips).
  template <class OnLine, class OnOverlong>
  net::LineFramer::Status read(std::string_view bytes, std::uint64_t tick, OnLine&& line,
                               OnOverlong&& overlong) {
    counters_.bytes_in += bytes.size();
    last_input_tick_ = tick;
    return framer_.feed(
        bytes,
        [&](std::string&& text) {
          ++counters_.frames_in;
          ++lines_in_flight_;
          bytes_in_flight_ += text.size();
          line(std::move(text));
        },
        overlong);
  }
  // After a read: true when the session is too far behind and reading must
  // stop now (once; it is then halted until resumed).
  bool should_halt_reading();
  // Reading stops for good (a line too long, a closing connection).
  void halt_reading() { reading_halted_ = true; }
  // The session processed this much: true when reading may resume.
  bool consumed(std::uint32_t lines, std::uint64_t bytes);
  std::uint64_t last_input_tick() const { return last_input_tick_; }
  void set_last_input_tick(std::uint64_t tick) { last_input_tick_ = tick; }

  // --- output ---

  // Appends a frame (plaintext, sealed at the flush on TLS); true when these
  // are the first bytes since the socket took the last, so a flush must be
  // scheduled. (Whether the client reads
  // fast enough to be sent more is the gateway's call: queued_bytes().)
  bool append(std::string_view bytes);
  // Hands the burst to the socket directly while CAF holds none of this
  // connection's bytes; returns how much the socket took (0 if it was not
  // tried). Whatever is left is CAF's to write.
  std::uint64_t send_directly();
  // Whether nothing appended is still in the write buffer.
  bool buffer_empty() const { return outbound_->empty(); }
  // The socket took `bytes`; returns how many of them were still counted
  // as unsent (what the gateway's total drops by).
  std::uint64_t taken(std::uint64_t bytes);
  // After bytes were taken: answers the downloads waiting for the unsent
  // bytes to drain to their level, and gives back a buffer not worth keeping.
  void after_write();
  // Unsent bytes: in the buffer, handed to CAF, or not yet sealed.
  std::uint64_t queued_bytes() const { return queued_bytes_ + unsealed_.size(); }
  // A flush is scheduled (set) or done (cleared).
  bool take_flush() { return std::exchange(flush_scheduled_, false); }
  bool flush_pending() const { return flush_scheduled_; }
  void flush_scheduled() { flush_scheduled_ = true; }

  // A session waits until at most `level` bytes are unsent.
  void wait_for_drain(std::uint64_t level, caf::typed_response_promise<bool> promise);
  // The connection is gone: every waiter hears false.
  void fail_drain_waiters();

  // --- housekeeping ---

  // Once a counters interval: a connection that wrote nothing in it gives
  // its write buffer back. Returns the traffic to report and restarts it,
  // or nothing when there was none.
  bool take_counters(ConnectionCounters& out);
  // Closing: the gateway sends nothing more and closes once drained.
  void start_closing(std::uint64_t tick);
  bool closing() const { return closing_; }
  std::uint64_t closing_tick() const { return closing_tick_; }
  bool reading_halted() const { return reading_halted_; }
  bool socket_known() const { return socket_ >= 0; }
  int socket() const { return socket_; }

 private:
  void release_buffer();

  session_actor session_;
  caf::io::connection_handle handle_;
  net::LineFramer framer_;
  std::string address_;
  bool admin_ = false;
  // CAF's buffer for bytes not yet handed to the socket; it lives as long as
  // the connection, so frames are appended without a handle lookup each.
  std::vector<char>* outbound_ = nullptr;
  // The connection's socket, written to directly while CAF has nothing of
  // it in flight; -1 leaves every write to CAF.
  int socket_ = -1;
  // Bytes appended and not yet taken by the socket, whether still in the
  // buffer or handed to CAF (ciphertext on TLS). While queued_bytes() is
  // above zero CAF is writing, or a flush is scheduled, and appended bytes
  // go with it.
  std::uint64_t queued_bytes_ = 0;
  std::unique_ptr<net::TlsSession> tls_;
  // TLS: plaintext appended since the last flush.
  std::string unsealed_;
  bool flush_scheduled_ = false;
  bool written_this_interval_ = false;
  std::uint64_t last_input_tick_ = 0;
  std::uint32_t lines_in_flight_ = 0;
  std::uint64_t bytes_in_flight_ = 0;
  std::uint32_t read_chunk_ = kFirstReadChunk;
  bool reading_halted_ = false;
  bool closing_ = false;
  std::uint64_t closing_tick_ = 0;
  bool spoke_ = false;
  ConnectionCounters counters_;
  std::vector<std::pair<std::uint64_t, caf::typed_response_promise<bool>>> drain_waiters_;
};

}  // namespace confab
