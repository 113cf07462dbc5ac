#include "actors/file_stream_actor.hpp"

#include <atomic>
#include <chrono>
#include <deque>
#include <set>

#include <caf/actor_system.hpp>
#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

#include "actors/chat_error.hpp"
#include "cluster/file_stream.hpp"
#include "cluster/nats_client.hpp"
#include "common/thread_name.hpp"

namespace confab {
namespace {

constexpr auto kStorageTimeout = std::chrono::seconds(30);
// Chunks stored in the stream without waiting for each acknowledgement,
// at most this many unacknowledged (~1.4 MiB at the default chunk size):
// one acknowledgement at a time took 4 times as long (docs/benchmarks.md).
constexpr int kChunkWindow = 32;
// How long an upload's last chunks may take to be acknowledged.
constexpr auto kStoreWait = std::chrono::seconds(30);
// A copy that cannot go on (NATS away, the disk low) is tried again after
// this long.
constexpr auto kCopyRetry = std::chrono::seconds(5);

struct FileStreamState {
  std::shared_ptr<Log> log;
  std::vector<std::string> servers;
  std::string node;
  storage_actor storage;
  std::unique_ptr<cluster::NatsClient> nats;
  // Chunks the stream refused, counted on NATS's thread: an upload is
  // stored only if none was refused while it was being stored.
  std::shared_ptr<std::atomic<std::uint64_t>> refused =
      std::make_shared<std::atomic<std::uint64_t>>(0);
  // Other nodes' files whose chunks are still to be copied, and the next
  // chunk of the first.
  std::deque<storage::FileRecord> copies;
  std::set<std::int64_t> queued;
  std::int64_t next_seq = 0;
  // A copy_next is on its way: the queue is being worked through.
  bool copying = false;
};

using file_stream_pointer = file_stream_actor::stateful_pointer<FileStreamState>;

// The connection, made on first use (and again after a failed attempt);
// once made, cnats keeps reconnecting it by itself.
cluster::NatsClient& connected(FileStreamState& st) {
  if (!st.nats) {
    cluster::NatsClient::Events events;
    events.append_failed = [refused = st.refused, log = st.log](std::string_view,
                                                                const std::string& reason) {
      ++*refused;
      log->warn("cluster: the file stream refused a chunk: ", reason);
    };
    auto nats = std::make_unique<cluster::NatsClient>(st.servers, "confabd " + st.node + " files",
                                                      std::move(events), kChunkWindow);
    nats->ensure_stream(cluster::kFileStream, {cluster::kFileSubjects});
    st.nats = std::move(nats);
  }
  return *st.nats;
}

caf::error unreachable(const cluster::NatsError& e) {
  return make_chat_error(ChatError::internal,
                         std::string("the cluster's file stream cannot be reached (") + e.what() +
                             "); try again later");
}

caf::expected<std::string> fetch_chunk(FileStreamState& st, const storage::FileOrigin& origin,
                                       std::int64_t seq) {
  try {
    auto data = connected(st).stored(cluster::kFileStream,
                                     cluster::chunk_subject(origin.node, origin.file_id, seq));
    if (!data) {
      return make_chat_error(ChatError::no_such_file,
                             "the file's bytes are no longer in the cluster");
    }
    return std::move(*data);
  } catch (const cluster::NatsError& e) {
    return unreachable(e);
  }
}

// Stores chunk `seq` on, then waits for the stream to acknowledge them all;
// `refused_before` is the refusal count when the upload began.
void publish_from(file_stream_pointer self, caf::typed_response_promise<bool> promise,
                  std::int64_t file_id, std::int64_t seq, std::int64_t chunks,
                  std::uint64_t refused_before) {
  auto& st = self->state;
  if (seq == chunks) {
    try {
      connected(st).wait_appended(kStoreWait);
    } catch (const cluster::NatsError& e) {
      promise.deliver(unreachable(e));
      return;
    }
    // A refusal of any upload's chunk in the meantime fails this one too:
    // cnats does not say whose it was, and a file claimed stored must be.
    if (*st.refused != refused_before) {
      promise.deliver(make_chat_error(
          ChatError::internal, "the cluster's file stream did not take the file; upload it again"));
      return;
    }
    st.log->info("cluster: file ", file_id, " stored in the file stream (", chunks, " chunks)");
    promise.deliver(true);
    return;
  }
  self->request(st.storage, kStorageTimeout, atoms::chunk_get::value, file_id, seq)
      .then(
          [self, promise, file_id, seq, chunks, refused_before](std::string& data) mutable {
            auto& st = self->state;
            try {
              connected(st).append(cluster::chunk_subject(st.node, file_id, seq), data);
            } catch (const cluster::NatsError& e) {
              st.log->warn("cluster: file ", file_id, " not stored in the file stream: ", e.what());
              promise.deliver(unreachable(e));
              return;
            }
            publish_from(self, promise, file_id, seq + 1, chunks, refused_before);
          },
          [promise](caf::error& error) mutable { promise.deliver(std::move(error)); });
}

void copy_later(file_stream_pointer self) {
  self->delayed_send(self, kCopyRetry, atoms::copy_next::value);
}

// Chunk `seq` of `origin`: this node's own upload is read here while it is
// here, any other file (or an upload a restart discarded) from the stream.
template <class Then>
void read_origin(file_stream_pointer self, const storage::FileOrigin& origin, std::int64_t seq,
                 Then then) {
  auto& st = self->state;
  if (origin.node != st.node) {
    then(fetch_chunk(st, origin, seq));
    return;
  }
  self->request(st.storage, kStorageTimeout, atoms::chunk_get::value, origin.file_id, seq)
      .then(
          [then](std::string& data) mutable { then(caf::expected<std::string>(std::move(data))); },
          [self, origin, seq, then](caf::error&) mutable {
            then(fetch_chunk(self->state, origin, seq));
          });
}

void next_file(file_stream_pointer self) {
  auto& st = self->state;
  st.copies.pop_front();
  st.next_seq = 0;
  self->send(self, atoms::copy_next::value);
}

// One chunk of the first queued file, then the next; a file whose chunks
// are all here loses its origin.
void copy_next(file_stream_pointer self) {
  auto& st = self->state;
  if (st.copies.empty()) {
    st.copying = false;
    return;
  }
  const auto& file = st.copies.front();
  const auto file_id = file.file_id;
  const auto seq = st.next_seq;
  if (seq >= file.chunk_count) {
    self->request(st.storage, kStorageTimeout, atoms::copied::value, file_id)
        .then(
            [self, file_id](bool whole) {
              auto& log = *self->state.log;
              if (whole) {
                log.info("cluster: file ", file_id, " copied here");
              } else {
                log.warn("cluster: file ", file_id, " copied, but chunks are missing");
              }
              next_file(self);
            },
            [self](caf::error&) { copy_later(self); });
    return;
  }
  read_origin(self, storage::FileOrigin{file.origin_node, file.origin_file_id}, seq,
              [self, file_id, seq](caf::expected<std::string> data) {
                auto& st = self->state;
                if (!data) {
                  if (error_code(data.error()) != ChatError::no_such_file) {
                    copy_later(self);
                    return;
                  }
                  // Nothing will bring it back: downloads here say so, and the
                  // next start tries again.
                  st.log->error("cluster: file ", file_id, " cannot be copied: chunk ", seq,
                                " is not in the file stream");
                  next_file(self);
                  return;
                }
                self->request(st.storage, kStorageTimeout, atoms::chunk_keep::value, file_id, seq,
                              std::move(*data))
                    .then(
                        [self](bool) {
                          ++self->state.next_seq;
                          self->send(self, atoms::copy_next::value);
                        },
                        [self](caf::error&) { copy_later(self); });
              });
}

file_stream_actor::behavior_type file_stream_behavior(file_stream_pointer self,
                                                      std::shared_ptr<Log> log,
                                                      std::vector<std::string> servers,
                                                      std::string node, storage_actor storage) {
  name_this_thread("confab.files");
  auto& st = self->state;
  st.log = std::move(log);
  st.servers = std::move(servers);
  st.node = std::move(node);
  st.storage = std::move(storage);
  // Copies a previous run left unfinished.
  self->send(self, atoms::copying::value);
  return {
      [self](atoms::publish, std::int64_t file_id, std::int64_t chunks) -> caf::result<bool> {
        auto promise = self->make_response_promise<bool>();
        publish_from(self, promise, file_id, 0, chunks, *self->state.refused);
        return promise;
      },
      [self](atoms::chunk_get, std::int64_t file_id, storage::FileOrigin& origin,
             std::int64_t seq) -> caf::result<std::string> {
        auto promise = self->make_response_promise<std::string>();
        self->request(self->state.storage, kStorageTimeout, atoms::chunk_get::value, file_id, seq)
            .then([promise](std::string& data) mutable { promise.deliver(std::move(data)); },
                  [self, promise, file_id, origin, seq](caf::error&) mutable {
                    read_origin(
                        self, origin, seq,
                        [self, promise, file_id, seq](caf::expected<std::string> data) mutable {
                          if (!data) {
                            promise.deliver(std::move(data.error()));
                            return;
                          }
                          self->request(self->state.storage, kStorageTimeout,
                                        atoms::chunk_keep::value, file_id, seq, *data)
                              .then([](bool) {}, [](caf::error&) {});
                          promise.deliver(std::move(*data));
                        });
                  });
        return promise;
      },
      [self](atoms::copying) {
        self->request(self->state.storage, kStorageTimeout, atoms::copying::value)
            .then(
                [self](std::vector<storage::FileRecord>& files) {
                  auto& st = self->state;
                  for (auto& file : files) {
                    if (st.queued.insert(file.file_id).second) {
                      st.copies.push_back(std::move(file));
                    }
                  }
                  if (!st.copying && !st.copies.empty()) {
                    st.copying = true;
                    self->send(self, atoms::copy_next::value);
                  }
                },
                [self](caf::error& error) {
                  self->state.log->warn("cluster: files to copy not listed: ",
                                        self->system().render(error));
                });
      },
      [self](atoms::copy_next) { copy_next(self); },
  };
}

}  // namespace

file_stream_actor spawn_file_stream(caf::actor_system& system, std::shared_ptr<Log> log,
                                    std::vector<std::string> servers, std::string node,
                                    storage_actor storage) {
  return system.spawn<caf::detached>(file_stream_behavior, std::move(log), std::move(servers),
                                     std::move(node), std::move(storage));
}

}  // namespace confab
