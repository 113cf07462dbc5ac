#include "actors/storage_actor.hpp"

#include <functional>
#include <optional>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Transaction.h>
#include <caf/actor_system.hpp>
#include <caf/send.hpp>
#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

#include "actors/ack_route.hpp"
#include "actors/chat_error.hpp"
#include "actors/message_id_sequence.hpp"
#include "common/log.hpp"
#include "net/timestamp.hpp"

namespace confab {
namespace {

// A batch this large is committed without waiting for the mailbox to drain,
// so a flood cannot hold replies back indefinitely.
constexpr std::size_t kMaxBatch = 4096;

struct StorageState {
  std::shared_ptr<SQLite::Database> db;
  std::unique_ptr<storage::ChatStore> store;
  std::unique_ptr<storage::FileStore> files;
  std::unique_ptr<SQLite::Transaction> batch;
  // Replies held until the batch that holds their writes is durable; called
  // with nullptr after commit or with the error when the commit failed.
  std::vector<std::function<void(const caf::error*)>> waiting;
  // Senders answered through the gateway once the batch is durable, and the
  // message of the batch each one sent.
  struct RoutedAck {
    AckRoute route;
    std::int64_t msg_id = 0;
    std::string ts;
  };
  std::vector<RoutedAck> routed;
  // Frames for the gateway that do not wait for a commit (a failed write).
  std::vector<AddressedFrame> outgoing;
  gateway_actor gateway;
  bool flush_scheduled = false;
  std::shared_ptr<Log> log;
  std::shared_ptr<MessageIdSequence> msg_ids;
};

using storage_pointer = storage_actor::stateful_pointer<StorageState>;

// Hands the gateway every routed answer collected so far, in one message.
void send_outgoing(StorageState& st) {
  if (st.outgoing.empty()) {
    return;
  }
  if (st.gateway) {
    caf::anon_send(st.gateway, atoms::send::value, std::move(st.outgoing));
  } else {
    st.log->error("storage: ", st.outgoing.size(), " answers but no gateway to send them to");
  }
  st.outgoing.clear();
}

// Every write joins the open transaction; the first one of a batch opens it.
void open_batch(StorageState& st) {
  if (!st.batch) {
    st.batch = std::make_unique<SQLite::Transaction>(*st.db);
  }
}

void commit_batch(StorageState& st) {
  if (!st.batch) {
    send_outgoing(st);
    return;
  }
  auto waiting = std::move(st.waiting);
  st.waiting.clear();
  auto routed = std::move(st.routed);
  st.routed.clear();
  std::optional<caf::error> failure;
  try {
    st.batch->commit();
  } catch (const std::exception& e) {
    st.log->error("storage: commit of ", waiting.size() + routed.size(),
                  " writes failed: ", e.what());
    failure = make_chat_error(ChatError::internal, "the server could not save this; retry");
  }
  st.batch.reset();
  for (auto& ack : routed) {
    auto frame = failure ? ack_error_frame(ack.route, *failure)
                         : ack_ok_frame(ack.route, ack.msg_id, ack.ts);
    if (!frame.empty()) {
      st.outgoing.push_back(AddressedFrame{ack.route.conn, std::move(frame)});
    }
  }
  // Before any held reply: whoever waits on a reply (a `quit` behind its
  // `say`s) then finds these answers already in the gateway's mailbox.
  send_outgoing(st);
  for (auto& reply : waiting) {
    reply(failure ? &*failure : nullptr);
  }
}

void schedule_flush(storage_pointer self) {
  auto& st = self->state;
  if (st.waiting.size() + st.routed.size() >= kMaxBatch) {
    commit_batch(st);
    return;
  }
  if (!st.flush_scheduled) {
    st.flush_scheduled = true;
    // Queued behind every message already in the mailbox: all of them join
    // this transaction before it commits.
    self->send(self, atoms::flush::value);
  }
}

// Runs `write` inside the open batch and answers once that batch commits.
// `write` returns caf::expected<T>; an error is answered at once.
template <class T, class Write>
caf::result<T> batched_write(storage_pointer self, Write&& write) {
  auto& st = self->state;
  open_batch(st);
  caf::expected<T> value = caf::error{};
  try {
    value = write(*st.store);
  } catch (const std::exception& e) {
    st.log->error("storage: write failed: ", e.what());
    return make_chat_error(ChatError::internal, "the server could not save this; retry");
  }
  if (!value) {
    return std::move(value.error());
  }
  auto promise = self->template make_response_promise<T>();
  st.waiting.emplace_back([promise, result = std::move(*value)](const caf::error* failure) mutable {
    if (failure) {
      promise.deliver(*failure);
    } else {
      promise.deliver(std::move(result));
    }
  });
  schedule_flush(self);
  return promise;
}

// Reads see every write that reached the mailbox before them.
template <class T, class Read>
caf::result<T> committed_read(storage_pointer self, Read&& read) {
  auto& st = self->state;
  commit_batch(st);
  try {
    return caf::result<T>(read(*st.store));
  } catch (const std::exception& e) {
    st.log->error("storage: read failed: ", e.what());
    return make_chat_error(ChatError::internal, "the server could not read this; retry");
  }
}

storage_actor::behavior_type storage_behavior(storage_pointer self,
                                              std::shared_ptr<SQLite::Database> db,
                                              std::shared_ptr<Log> log,
                                              std::shared_ptr<MessageIdSequence> msg_ids) {
  auto& st = self->state;
  st.db = std::move(db);
  st.store = std::make_unique<storage::ChatStore>(*st.db);
  st.files = std::make_unique<storage::FileStore>(*st.db);
  st.log = std::move(log);
  st.msg_ids = std::move(msg_ids);
  self->attach_functor([self](const caf::error&) { commit_batch(self->state); });
  return {
      [self](atoms::persist, net::MessageRecord& message,
             std::int64_t room_id) -> caf::result<MessageAck> {
        return batched_write<MessageAck>(
            self, [&](storage::ChatStore& store) -> caf::expected<MessageAck> {
              if (message.is_file()) {
                self->state.files->mark_complete(message.file_id, message.to_account);
              }
              store.insert_message(message, room_id, true);
              return MessageAck{message.msg_id, message.ts, true};
            });
      },
      [self](atoms::persist, net::MessageRecord& message, std::int64_t room_id, AckRoute& route) {
        auto& st = self->state;
        try {
          open_batch(st);
          st.store->insert_message(message, room_id, true);
        } catch (const std::exception& e) {
          st.log->error("storage: write failed: ", e.what());
          st.outgoing.push_back(AddressedFrame{
              route.conn,
              ack_error_frame(route, make_chat_error(ChatError::internal,
                                                     "the server could not save this; retry"))});
          schedule_flush(self);
          return;
        }
        st.routed.push_back({std::move(route), message.msg_id, std::move(message.ts)});
        schedule_flush(self);
      },
      [self](atoms::attach, gateway_actor& gateway) { self->state.gateway = std::move(gateway); },
      [self](atoms::offline, net::MessageRecord& message) -> caf::result<MessageAck> {
        return batched_write<MessageAck>(
            self, [&](storage::ChatStore& store) -> caf::expected<MessageAck> {
              const auto recipient = store.account(message.to);
              if (!recipient) {
                return make_chat_error(ChatError::no_such_user,
                                       "no user " + message.to + " is online");
              }
              message.to_account = recipient->account_id;
              message.msg_id = self->state.msg_ids->next();
              message.ts = net::now_timestamp();
              if (message.is_file()) {
                self->state.files->mark_complete(message.file_id, message.to_account);
              }
              store.insert_message(message, 0, false);
              return MessageAck{message.msg_id, message.ts, false};
            });
      },
      [self](atoms::history,
             const HistoryRequest& request) -> caf::result<std::vector<net::MessageRecord>> {
        return committed_read<std::vector<net::MessageRecord>>(
            self, [&](storage::ChatStore& store) {
              storage::HistoryPage page;
              if (request.before)
                page.before = *request.before;
              if (request.after)
                page.after = *request.after;
              page.limit = request.limit;
              if (request.room_id != 0) {
                return store.room_history({request.room_id, request.room, {}}, page);
              }
              return store.private_history(request.account, request.nick, request.with, page);
            });
      },
      [self](atoms::create, const std::string& name, const std::string& topic,
             const std::string& creator) -> caf::result<storage::RoomRecord> {
        return batched_write<storage::RoomRecord>(
            self, [&](storage::ChatStore& store) -> caf::expected<storage::RoomRecord> {
              auto room = store.insert_room(name, topic, creator, net::now_timestamp());
              if (!room) {
                return make_chat_error(ChatError::room_exists, "room " + name + " exists");
              }
              return std::move(*room);
            });
      },
      [self](atoms::account, const std::string& nick) -> caf::result<storage::Account> {
        return committed_read<storage::Account>(self, [&](storage::ChatStore& store) {
          return store.account(nick).value_or(storage::Account{});
        });
      },
      [self](atoms::enroll, const std::string& nick,
             const std::string& hash) -> caf::result<std::int64_t> {
        return batched_write<std::int64_t>(
            self, [&](storage::ChatStore& store) -> caf::expected<std::int64_t> {
              return store.insert_account(nick, hash, net::now_timestamp()).value_or(0);
            });
      },
      [self](atoms::pending, std::int64_t account,
             const std::string& nick) -> caf::result<std::vector<net::MessageRecord>> {
        // Marking them delivered is a write, so it joins the batch like any other.
        return batched_write<std::vector<net::MessageRecord>>(
            self, [&](storage::ChatStore& store) -> caf::expected<std::vector<net::MessageRecord>> {
              return store.take_undelivered(account, nick);
            });
      },
      [self](atoms::forget, const std::string& nick) {
        auto& st = self->state;
        try {
          open_batch(st);
          st.store->forget_guest_conversations(nick);
          st.files->forget_guest_files(nick);
          schedule_flush(self);
        } catch (const std::exception& e) {
          st.log->error("storage: forgetting guest ", nick, "'s conversations failed: ", e.what());
        }
      },
      [self](atoms::upload_begin, const storage::FileRecord& file,
             const UploadQuota& quota) -> caf::result<std::int64_t> {
        return batched_write<std::int64_t>(
            self, [&](storage::ChatStore&) -> caf::expected<std::int64_t> {
              auto& files = *self->state.files;
              // Counting uploads in progress at their declared size means
              // concurrent uploads cannot overshoot a quota together.
              if (quota.total > 0 && files.used_bytes() + file.size > quota.total) {
                return make_chat_error(ChatError::quota_exceeded,
                                       "the server's file storage is full");
              }
              if (quota.uploader > 0 &&
                  files.used_bytes_by(file.uploader_account, file.uploader_address) + file.size >
                      quota.uploader) {
                return make_chat_error(ChatError::quota_exceeded,
                                       "this would take your files over your quota of " +
                                           std::to_string(quota.uploader) + " bytes");
              }
              return files.begin_upload(file);
            });
      },
      [self](atoms::chunk_put, std::int64_t file_id, std::int64_t seq,
             const std::string& data) -> caf::result<bool> {
        return batched_write<bool>(self, [&](storage::ChatStore&) -> caf::expected<bool> {
          self->state.files->store_chunk(file_id, seq, data);
          return true;
        });
      },
      [self](atoms::upload_drop, std::int64_t file_id) {
        auto& st = self->state;
        try {
          open_batch(st);
          st.files->discard(file_id);
          schedule_flush(self);
        } catch (const std::exception& e) {
          st.log->error("storage: discarding upload ", file_id, " failed: ", e.what());
        }
      },
      [self](atoms::file_get, std::int64_t file_id) -> caf::result<storage::FileRecord> {
        return committed_read<storage::FileRecord>(
            self, [&](storage::ChatStore&) -> caf::expected<storage::FileRecord> {
              auto file = self->state.files->find(file_id);
              if (!file || !file->complete) {
                return make_chat_error(ChatError::no_such_file,
                                       "no file " + std::to_string(file_id));
              }
              return std::move(*file);
            });
      },
      [self](atoms::chunk_get, std::int64_t file_id, std::int64_t seq) -> caf::result<std::string> {
        return committed_read<std::string>(
            self, [&](storage::ChatStore&) -> caf::expected<std::string> {
              auto data = self->state.files->chunk(file_id, seq);
              if (!data) {
                return make_chat_error(ChatError::no_such_file, "the file is gone");
              }
              return std::move(*data);
            });
      },
      [self](atoms::file_list,
             const HistoryRequest& request) -> caf::result<std::vector<storage::FileRecord>> {
        return committed_read<std::vector<storage::FileRecord>>(self, [&](storage::ChatStore&) {
          auto& files = *self->state.files;
          return request.room_id != 0
                     ? files.room_files(request.room_id)
                     : files.private_files(request.account, request.nick, request.with);
        });
      },
      [self](atoms::flush) {
        self->state.flush_scheduled = false;
        commit_batch(self->state);
      },
      [self](atoms::sync) -> bool {
        commit_batch(self->state);
        return true;
      },
  };
}

}  // namespace

storage_actor spawn_storage(caf::actor_system& system, std::unique_ptr<SQLite::Database> db,
                            std::shared_ptr<Log> log, std::shared_ptr<MessageIdSequence> msg_ids) {
  // The database moves into the actor's own thread; a shared_ptr carries it
  // there because spawn arguments must be copyable.
  std::shared_ptr<SQLite::Database> handoff(std::move(db));
  return system.spawn<caf::detached>(storage_behavior, std::move(handoff), std::move(log),
                                     std::move(msg_ids));
}

}  // namespace confab
