#include "actors/gateway_connection.hpp"

#include <sys/socket.h>

#include <algorithm>

namespace confab {
namespace {

// CAF keeps two write buffers per connection and swaps them, each keeping
// the capacity of the largest burst it ever held. Growing a buffer anew for
// every burst cost the I/O thread page faults and copies, so a buffer that
// has held real bursts stays until its connection is quiet for a whole
// counters interval. A small one is given back as soon as it drains, as is
// one a download or a backlog grew past kMaxKeptBuffer: idle connections
// then hold no write buffer. The one within reach is released; the next
// swap brings CAF's other one there. (Figures in docs/benchmarks.md.)
constexpr std::size_t kMinKeptBuffer = 2 * 1024;
constexpr std::size_t kMaxKeptBuffer = 64 * 1024;

}  // namespace

GatewayConnection::GatewayConnection(ConnectionId conn, session_actor session,
                                     caf::io::connection_handle handle, net::LineFramer framer,
                                     std::string address, bool admin, std::vector<char>* outbound,
                                     int socket, std::unique_ptr<net::TlsSession> tls)
    : session_(std::move(session)),
      handle_(handle),
      framer_(std::move(framer)),
      address_(std::move(address)),
      admin_(admin),
      outbound_(outbound),
      socket_(socket),
      tls_(std::move(tls)) {
  counters_.conn = conn;
}

GatewayConnection::Decrypted GatewayConnection::decrypt(std::string_view ciphertext,
                                                        std::string& plaintext) {
  const bool was_established = tls_->established();
  const auto before = outbound_->size();
  Decrypted result;
  result.status = tls_->receive(ciphertext, plaintext, *outbound_);
  queued_bytes_ += outbound_->size() - before;
  result.secured = !was_established && tls_->established();
  return result;
}

void GatewayConnection::seal() {
  if (!tls_ || unsealed_.empty()) {
    return;
  }
  const auto before = outbound_->size();
  // A failed session queues nothing; its connection is being dropped.
  (void)tls_->send(unsealed_, *outbound_);
  queued_bytes_ += outbound_->size() - before;
  unsealed_.clear();
}

void GatewayConnection::close_tls() {
  if (!tls_) {
    return;
  }
  seal();
  const auto before = outbound_->size();
  tls_->close(*outbound_);
  queued_bytes_ += outbound_->size() - before;
}

std::uint32_t GatewayConnection::grow_read_chunk(std::size_t read) {
  if (read < read_chunk_ || read_chunk_ >= kMaxReadChunk) {
    return 0;
  }
  read_chunk_ *= 2;
  return read_chunk_;
}

bool GatewayConnection::should_halt_reading() {
  if (reading_halted_ ||
      (lines_in_flight_ < kMaxLinesInFlight && bytes_in_flight_ < kMaxBytesInFlight)) {
    return false;
  }
  reading_halted_ = true;
  return true;
}

bool GatewayConnection::consumed(std::uint32_t lines, std::uint64_t bytes) {
  lines_in_flight_ -= std::min(lines, lines_in_flight_);
  bytes_in_flight_ -= std::min(bytes, bytes_in_flight_);
  // Resumed only well below the limits, so a busy session is not woken for
  // every line; never after an overlong line or once closing.
  if (!reading_halted_ || closing_ || lines_in_flight_ >= kMaxLinesInFlight / 4 ||
      bytes_in_flight_ >= kMaxBytesInFlight / 4 || framer_.overflowed()) {
    return false;
  }
  reading_halted_ = false;
  return true;
}

bool GatewayConnection::append(std::string_view bytes) {
  const auto size = bytes.size();
  // On TLS the flush also seals, so every burst needs one, even while CAF
  // is still writing the last.
  const bool first = !flush_scheduled_ && (tls_ ? unsealed_.empty() : queued_bytes_ == 0);
  if (tls_) {
    unsealed_.append(bytes);
  } else {
    outbound_->insert(outbound_->end(), bytes.begin(), bytes.end());
    queued_bytes_ += size;
  }
  ++counters_.frames_out;
  counters_.bytes_out += size;
  written_this_interval_ = true;
  return first;
}

std::uint64_t GatewayConnection::send_directly() {
  auto& outbound = *outbound_;
  const bool caf_idle = queued_bytes_ == outbound.size();
  if (socket_ < 0 || !caf_idle || outbound.empty()) {
    return 0;
  }
  const auto sent = ::send(socket_, outbound.data(), outbound.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
  if (sent <= 0) {
    return 0;
  }
  outbound.erase(outbound.begin(), outbound.begin() + sent);
  return static_cast<std::uint64_t>(sent);
}

std::uint64_t GatewayConnection::taken(std::uint64_t bytes) {
  const auto counted = std::min(bytes, queued_bytes_);
  queued_bytes_ -= counted;
  return counted;
}

void GatewayConnection::after_write() {
  const auto capacity = outbound_->capacity();
  if (capacity <= kMinKeptBuffer || capacity > kMaxKeptBuffer) {
    release_buffer();
  }
  for (auto waiter = drain_waiters_.begin(); waiter != drain_waiters_.end();) {
    if (queued_bytes() <= waiter->first) {
      waiter->second.deliver(true);
      waiter = drain_waiters_.erase(waiter);
    } else {
      ++waiter;
    }
  }
}

void GatewayConnection::wait_for_drain(std::uint64_t level,
                                       caf::typed_response_promise<bool> promise) {
  drain_waiters_.emplace_back(level, std::move(promise));
}

void GatewayConnection::fail_drain_waiters() {
  for (auto& [level, promise] : drain_waiters_) {
    promise.deliver(false);
  }
  drain_waiters_.clear();
}

bool GatewayConnection::take_counters(ConnectionCounters& out) {
  if (!written_this_interval_) {
    release_buffer();
  }
  written_this_interval_ = false;
  if (admin_ || (counters_.bytes_in == 0 && counters_.bytes_out == 0)) {
    return false;
  }
  out = counters_;
  counters_ = ConnectionCounters{counters_.conn, 0, 0, 0, 0};
  return true;
}

void GatewayConnection::start_closing(std::uint64_t tick) {
  closing_ = true;
  closing_tick_ = tick;
  reading_halted_ = true;
}

void GatewayConnection::release_buffer() {
  if (queued_bytes_ == 0 && outbound_->empty() && outbound_->capacity() > 0) {
    std::vector<char>().swap(*outbound_);
  }
  if (unsealed_.empty() && unsealed_.capacity() > 0) {
    std::string().swap(unsealed_);
  }
}

}  // namespace confab
