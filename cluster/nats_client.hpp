#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace confab::cluster {

class NatsError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class KeyValue;

// One connection to a NATS cluster: the servers are tried in turn, and a
// lost connection is re-established for as long as the client lives
// (publishing meanwhile is buffered by the library up to its limit).
// Thread-safe; handlers run on the library's threads.
class NatsClient {
 public:
  struct Events {
    std::function<void()> disconnected;
    std::function<void()> reconnected;
    // An append() the stream did not store: its data, and why.
    std::function<void(std::string_view data, const std::string& reason)> append_failed;
  };
  // A message, and the subject its sender waits for an answer on (empty
  // when it waits for none).
  using Handler = std::function<void(std::string_view subject, std::string_view data,
                                     std::string_view reply_to)>;
  // A stream's message with its position in the stream (from 1).
  using SequencedHandler =
      std::function<void(std::uint64_t sequence, std::string_view subject, std::string_view data)>;

  // Throws NatsError when no server answers. With an `append_window`, at
  // most that many append()s wait for the stream's acknowledgement at a
  // time: the next waits for room (bounding what the library buffers).
  NatsClient(const std::vector<std::string>& servers, const std::string& name, Events events,
             int append_window = 0);
  ~NatsClient();
  NatsClient(const NatsClient&) = delete;
  NatsClient& operator=(const NatsClient&) = delete;

  // Not kept anywhere: only current subscribers hear it. With `reply_to`,
  // the receiver may answer on that subject.
  void publish(const std::string& subject, std::string_view data, const std::string& reply_to = {});
  // Every message on `subject` (wildcards allowed) reaches `handler`, one
  // at a time, until the client is destroyed.
  void subscribe(const std::string& subject, Handler handler);
  // A JetStream stream `name`, on disk, that keeps every message published
  // on `subjects`; created when it does not exist yet.
  void ensure_stream(const std::string& name, const std::vector<std::string>& subjects);
  // Publishes into a stream without waiting for it to store the message;
  // Events::append_failed hears of any it could not.
  void append(const std::string& subject, std::string_view data);
  // Waits until the stream has acknowledged (or refused, through
  // Events::append_failed) every append() so far; throws NatsError when
  // that takes longer than `limit`.
  void wait_appended(std::chrono::milliseconds limit);
  // The stream's latest message on `subject` (no wildcards); nullopt when
  // the stream holds none, NatsError when it cannot be asked.
  std::optional<std::string> stored(const std::string& stream, const std::string& subject);
  // Every message of the stream on `subject` (wildcards allowed) from
  // position `from` on, in the stream's order, each once, through NATS
  // restarts, until the client is destroyed.
  void follow(const std::string& subject, std::uint64_t from, SequencedHandler handler);
  // A JetStream key-value bucket, created when it does not exist yet. Its
  // entries expire `ttl` after their last write (zero: never).
  std::unique_ptr<KeyValue> key_value(const std::string& bucket, std::chrono::milliseconds ttl);
  // The server in use, for the log.
  std::string connected_url() const;

 private:
  friend class KeyValue;
  // The cnats handles, kept out of every includer.
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// A bucket of the NATS key-value store. Keys: letters, digits and -_=/.
class KeyValue {
 public:
  // A key's value, or nullopt when it was deleted.
  using Watcher = std::function<void(const std::string& key, std::optional<std::string> value)>;

  ~KeyValue();
  KeyValue(const KeyValue&) = delete;
  KeyValue& operator=(const KeyValue&) = delete;

  // Returns the entry's revision.
  std::uint64_t put(const std::string& key, std::string_view value);
  // Only when the key holds no value (never set, deleted or expired):
  // false when it does.
  bool create(const std::string& key, std::string_view value);
  // Only when the key's latest revision is still `revision`: false when
  // someone wrote it since.
  bool update(const std::string& key, std::string_view value, std::uint64_t revision);
  void erase(const std::string& key);
  struct Entry {
    std::string value;
    std::uint64_t revision = 0;
  };
  std::optional<Entry> get(const std::string& key);
  std::vector<std::string> keys();
  // Every later write and deletion, as it happens (not the current
  // values: read those with keys() and get()).
  void watch(Watcher watcher);

 private:
  friend class NatsClient;
  struct Impl;
  explicit KeyValue(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace confab::cluster
