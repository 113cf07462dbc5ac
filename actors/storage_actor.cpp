#include "actors/storage_actor.hpp"
#include "common/thread_name.hpp"

#include <sqlite3.h>
#include <sys/statvfs.h>

#include <chrono>
#include <functional>
#include <optional>
#include <unordered_map>
#include <variant>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>
#include <caf/actor_system.hpp>
#include <caf/send.hpp>
#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

#include "actors/ack_route.hpp"
#include "actors/chat_error.hpp"
#include "actors/message_id_sequence.hpp"
#include "common/log.hpp"
#include "net/timestamp.hpp"
#include "storage/retention_purge.hpp"
#include "storage/search_indexer.hpp"
#include "storage/unlink_watch.hpp"

namespace confab {
namespace {

using Clock = std::chrono::steady_clock;

// A batch this large is committed without waiting for the mailbox to drain,
// so a flood cannot hold replies back indefinitely.
constexpr std::size_t kMaxBatch = 4096;
// A database that refuses writes (another process holds its lock, the disk
// is full) is retried, first soon, then up to once a second. Writes wait at
// most --storage-retry, holding at most this much memory, before they fail
// and what members already saw of them is retracted.
constexpr std::size_t kMaxWaitingBytes = 64 * 1024 * 1024;
constexpr auto kFirstRetry = std::chrono::milliseconds(50);
constexpr auto kMaxRetryDelay = std::chrono::seconds(1);
// How long one attempt waits for another connection's lock; the actor keeps
// taking new writes in between attempts.
constexpr int kBusyTimeoutMs = 200;
// What a write costs in memory besides its strings.
constexpr std::size_t kWriteOverhead = 256;
// Housekeeping (indexing messages for search) takes turns with chat: one
// transaction of about this long, then whatever waits in the mailbox.
constexpr auto kHousekeepingSlice = std::chrono::milliseconds(10);
constexpr std::int64_t kIndexRows = 500;
// New messages wait this long to be indexed, so that one batch takes many
// commits' worth (a search indexes what waits first).
constexpr auto kIndexDelay = std::chrono::milliseconds(250);
// A search waits for at most this much indexing; older backlog is indexed
// in the background.
constexpr auto kIndexBeforeSearch = std::chrono::milliseconds(50);
// The backlog found at start-up is reported in the log from this size on.
constexpr std::int64_t kReportedBacklog = 1000;
// Retention: messages deleted per statement, how often a pass looks for
// newly expired ones, and the pages given back to the file system per
// slice once a pass has deleted some.
constexpr std::int64_t kPurgeRows = 200;
constexpr auto kPurgeInterval = std::chrono::seconds(60);
constexpr int kVacuumPages = 512;
// The admin console's message counts: one report for every room, not a
// timer per room.
constexpr auto kRoomReportInterval = std::chrono::seconds(1);

struct StorageState;

// A room message whose sender is answered through the gateway.
struct RoutedMessage {
  net::MessageRecord message;
  std::int64_t room_id = 0;
  AckRoute route;
};

// Any other write: `apply` runs inside the batch's transaction (again, if the
// batch is retried); `settle` answers once the batch committed (nullptr) or
// finally failed.
struct GenericWrite {
  std::function<void(StorageState&)> apply;
  std::function<void(const caf::error*)> settle;
};

struct PendingWrite {
  std::variant<RoutedMessage, GenericWrite> what;
  // This write alone failed (a constraint, not the database): the rest of
  // the batch commits without it.
  std::optional<caf::error> failed;
};

struct StorageState {
  std::shared_ptr<SQLite::Database> db;
  std::unique_ptr<storage::ChatStore> store;
  std::unique_ptr<storage::FileStore> files;
  std::unique_ptr<storage::UnlinkWatch> unlink_watch;
  std::unique_ptr<storage::SearchIndexer> indexer;
  bool indexing_scheduled = false;
  // The backlog of messages to index found at start-up (older history
  // after an upgrade), and how much of it is done, for the log.
  std::int64_t backlog_total = 0;
  std::int64_t backlog_done = 0;
  std::unique_ptr<storage::RetentionPurge> purge;
  bool purge_scheduled = false;
  std::uint64_t purge_generation = 0;
  // What the current retention pass deleted so far; a pass that deleted
  // anything ends by giving the space back.
  storage::PurgeResult purged;
  // Writes not yet committed, in arrival order: nothing is written to the
  // database until the batch commits, so a batch that fails can be retried
  // whole.
  std::vector<PendingWrite> pending;
  std::size_t pending_bytes = 0;
  // When the oldest pending write first failed to commit; unset while the
  // database takes writes.
  std::optional<Clock::time_point> failing_since;
  std::chrono::milliseconds retry_delay = kFirstRetry;
  StorageOptions options;
  bool flush_scheduled = false;
  bool retry_scheduled = false;
  // The database file was deleted under us: nothing can be saved any more.
  bool database_gone = false;
  // Frames for the gateway, sent in one message per commit.
  std::vector<AddressedFrame> outgoing;
  // Room messages written in the open transaction, and those committed
  // since the last report to the admin hub (by room_id).
  std::unordered_map<std::int64_t, std::int64_t> uncommitted_by_room;
  std::unordered_map<std::int64_t, std::int64_t> stored_by_room;
  bool room_report_scheduled = false;
  // Storage runs on a thread of its own from the moment it is spawned (CAF
  // starts detached actors at once, lazy or not), before the context is
  // whole: it reads another actor's handle only when a message asks it to
  // answer through one, never while starting.
  SharedContext context;
  std::shared_ptr<Log> log;
};

using storage_pointer = storage_actor::stateful_pointer<StorageState>;

caf::error not_saved() {
  return make_chat_error(ChatError::internal, "the server could not save this; retry");
}

caf::error database_deleted() {
  return make_chat_error(ChatError::internal,
                         "the server's database was deleted; nothing can be saved until an "
                         "administrator restarts it");
}

bool is_transient(const SQLite::Exception& e) {
  switch (e.getErrorCode()) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_FULL:
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
    case SQLITE_PROTOCOL:
      return true;
    default:
      return false;
  }
}

// Hands the gateway every frame collected so far, in one message.
void send_outgoing(StorageState& st) {
  if (st.outgoing.empty()) {
    return;
  }
  caf::anon_send(st.context->gateway, atoms::send::value, std::move(st.outgoing));
  st.outgoing.clear();
}

void settle(StorageState& st, PendingWrite& write, const caf::error* batch_failure) {
  const caf::error* failure = batch_failure  ? batch_failure
                              : write.failed ? &*write.failed
                                             : nullptr;
  if (auto* routed = std::get_if<RoutedMessage>(&write.what)) {
    auto frame = failure ? ack_error_frame(routed->route, *failure)
                         : ack_ok_frame(routed->route, routed->message);
    if (!frame.empty()) {
      st.outgoing.push_back(AddressedFrame{routed->route.conn, std::move(frame)});
    }
    // Members saw it when it was said; history will not have it.
    if (failure) {
      // Of the directory's interface, only retraction is storage's business.
      caf::anon_send(retraction_sink{st.context->directory}, atoms::retract::value,
                     routed->message.room, routed->message.msg_id);
    }
    return;
  }
  std::get<GenericWrite>(write.what).settle(failure);
}

// Answers every pending write, then forgets them. Routed answers reach the
// gateway before any held reply is delivered: whoever waits on a reply (a
// `quit` behind its `say`s) then finds them already in the gateway's mailbox.
void settle_all(StorageState& st, const caf::error* failure) {
  auto settled = std::move(st.pending);
  st.pending.clear();
  st.pending_bytes = 0;
  for (auto& write : settled) {
    if (std::holds_alternative<RoutedMessage>(write.what)) {
      settle(st, write, failure);
    }
  }
  send_outgoing(st);
  for (auto& write : settled) {
    if (!std::holds_alternative<RoutedMessage>(write.what)) {
      settle(st, write, failure);
    }
  }
}

// Every message goes through here: search learns of it in the same
// transaction.
void insert_message(StorageState& st, const net::MessageRecord& message, std::int64_t room_id,
                    bool delivered) {
  st.store->insert_message(message, room_id, delivered);
  st.indexer->message_inserted(message.msg_id);
  if (room_id != 0) {
    ++st.uncommitted_by_room[room_id];
  }
}

void apply(StorageState& st, PendingWrite& write) {
  write.failed.reset();
  try {
    if (auto* routed = std::get_if<RoutedMessage>(&write.what)) {
      insert_message(st, routed->message, routed->room_id, true);
    } else {
      std::get<GenericWrite>(write.what).apply(st);
    }
  } catch (const SQLite::Exception& e) {
    if (is_transient(e)) {
      throw;  // the database refused the batch: it is retried whole
    }
    st.log->error("storage: a write failed: ", e.what());
    write.failed = not_saved();
  } catch (const std::exception& e) {
    st.log->error("storage: a write failed: ", e.what());
    write.failed = not_saved();
  }
}

void rollback(StorageState& st) {
  try {
    st.db->exec("ROLLBACK");
  } catch (const std::exception&) {
    // No transaction was open (BEGIN itself failed).
  }
  st.store->reset_statements();
  st.files->reset_statements();
  st.indexer->forget_uncommitted();
  st.uncommitted_by_room.clear();
}

// One attempt at writing and committing everything pending. Returns false
// when the database refused the batch; it stays pending.
bool try_commit(StorageState& st) {
  try {
    // IMMEDIATE takes the write lock first, so a lock held elsewhere shows
    // before any work is done.
    st.db->exec("BEGIN IMMEDIATE");
    for (auto& write : st.pending) {
      apply(st, write);
    }
    if (st.unlink_watch->unlinked()) {
      rollback(st);
      st.database_gone = true;
      st.log->error("storage: the database file ", st.db->getFilename(),
                    " was deleted while the server ran; refusing every write from now on");
      return true;  // settled below as a failure, never retried
    }
    st.db->exec("COMMIT");
    for (const auto& [room_id, messages] : st.uncommitted_by_room) {
      st.stored_by_room[room_id] += messages;
    }
    st.uncommitted_by_room.clear();
    return true;
  } catch (const SQLite::Exception& e) {
    rollback(st);
    st.log->warn("storage: the database refused ", st.pending.size(),
                 " writes (will retry): ", e.what());
  }
  return false;
}

void schedule_housekeeping(storage_pointer self, Clock::duration delay);

void commit_pending(storage_pointer self) {
  auto& st = self->state;
  if (st.pending.empty()) {
    send_outgoing(st);
    return;
  }
  // Once the database file is gone, every write fails without touching it.
  if (st.database_gone || try_commit(st)) {
    st.failing_since.reset();
    st.retry_delay = kFirstRetry;
    const auto gone = database_deleted();
    settle_all(st, st.database_gone ? &gone : nullptr);
    if (!st.database_gone) {
      schedule_housekeeping(self, kIndexDelay);
    }
    if (!st.stored_by_room.empty() && !st.room_report_scheduled) {
      st.room_report_scheduled = true;
      self->delayed_send(self, kRoomReportInterval, atoms::room_stored::value);
    }
    return;
  }
  const auto now = Clock::now();
  if (!st.failing_since) {
    st.failing_since = now;
  }
  if (now - *st.failing_since >= st.options.retry_for || st.pending_bytes > kMaxWaitingBytes) {
    st.log->error("storage: giving up on ", st.pending.size(), " writes after ",
                  std::chrono::duration_cast<std::chrono::seconds>(now - *st.failing_since).count(),
                  " s; what was shown of them is retracted");
    const auto failure = not_saved();
    settle_all(st, &failure);
    st.failing_since.reset();
    st.retry_delay = kFirstRetry;
    return;
  }
  if (!st.retry_scheduled) {
    st.retry_scheduled = true;
    self->delayed_send(self, st.retry_delay, atoms::retry::value);
    st.retry_delay = std::min(st.retry_delay * 2, std::chrono::milliseconds(kMaxRetryDelay));
  }
}

bool retrying(const StorageState& st) {
  return st.failing_since.has_value();
}

void enqueue(storage_pointer self, PendingWrite write, std::size_t bytes) {
  auto& st = self->state;
  st.pending.push_back(std::move(write));
  st.pending_bytes += bytes + kWriteOverhead;
  if (retrying(st)) {
    // The retry timer commits them, or gives up on them, with the rest.
    if (st.pending_bytes > kMaxWaitingBytes) {
      commit_pending(self);
    }
    return;
  }
  if (st.pending.size() >= kMaxBatch) {
    commit_pending(self);
    return;
  }
  if (!st.flush_scheduled) {
    st.flush_scheduled = true;
    // Queued behind every message already in the mailbox: all of them join
    // this batch before it commits.
    self->send(self, atoms::flush::value);
  }
}

// Queues `write`, which returns caf::expected<T>, and answers once its batch
// commits. `write` owns what it needs: it may run more than once.
template <class T, class Write>
caf::result<T> batched_write(storage_pointer self, std::size_t bytes, Write write) {
  auto promise = self->template make_response_promise<T>();
  auto result = std::make_shared<caf::expected<T>>(caf::error{});
  enqueue(self,
          PendingWrite{GenericWrite{[result, write = std::move(write)](StorageState& st) mutable {
                                      *result = write(st);
                                    },
                                    [promise, result](const caf::error* failure) mutable {
                                      if (failure) {
                                        promise.deliver(*failure);
                                      } else if (*result) {
                                        promise.deliver(std::move(**result));
                                      } else {
                                        promise.deliver(result->error());
                                      }
                                    }},
                       {}},
          bytes);
  return promise;
}

// A write nobody waits for.
template <class Write>
void background_write(storage_pointer self, const char* what, Write write) {
  enqueue(
      self,
      PendingWrite{GenericWrite{[write = std::move(write)](StorageState& st) mutable { write(st); },
                                [log = self->state.log, what](const caf::error* failure) {
                                  if (failure) {
                                    log->error("storage: ", what, " was not saved");
                                  }
                                }},
                   {}},
      0);
}

// Reads see every write that reached the mailbox before them, unless the
// database is refusing writes: then they see what is committed.
template <class T, class Read>
caf::result<T> committed_read(storage_pointer self, Read&& read) {
  auto& st = self->state;
  if (!retrying(st)) {
    commit_pending(self);
  }
  try {
    return caf::result<T>(read(*st.store));
  } catch (const std::exception& e) {
    st.log->error("storage: read failed: ", e.what());
    return make_chat_error(ChatError::internal, "the server could not read this; retry");
  }
}

// Files are what fills a disk; chat must keep room to be saved, and the
// server room to start again. The error when taking `bytes` more would leave
// less than --min-free-disk free.
std::optional<caf::error> low_on_disk(const StorageState& st, std::uint64_t bytes) {
  if (st.options.min_free_disk == 0) {
    return std::nullopt;
  }
  struct statvfs disk {};
  if (::statvfs(st.db->getFilename().c_str(), &disk) != 0) {
    return std::nullopt;
  }
  const auto free = static_cast<std::uint64_t>(disk.f_bavail) * disk.f_frsize;
  if (free >= st.options.min_free_disk + bytes) {
    return std::nullopt;
  }
  st.log->warn("storage: refusing file data: ", free, " bytes free on the database's disk");
  return make_chat_error(ChatError::quota_exceeded,
                         "the server is low on disk space; files cannot be stored now");
}

enum class IndexOutcome { done, more, refused };

// Indexes messages for search for about `slice`, in a transaction of its
// own.
IndexOutcome index_for_search(StorageState& st, Clock::duration slice) {
  std::int64_t indexed = 0;
  bool more = true;
  try {
    st.db->exec("BEGIN IMMEDIATE");
    const auto until = Clock::now() + slice;
    do {
      const auto batch = st.indexer->index_batch(kIndexRows).total();
      indexed += batch;
      more = batch == kIndexRows;
    } while (more && Clock::now() < until);
    st.db->exec("COMMIT");
  } catch (const SQLite::Exception& e) {
    rollback(st);
    st.log->flood(LogLevel::warn, "search indexing",
                  "storage: indexing for search paused: ", e.what());
    return IndexOutcome::refused;
  }
  if (st.backlog_done < st.backlog_total) {
    const auto tenth_before = st.backlog_done * 10 / st.backlog_total;
    st.backlog_done = std::min(st.backlog_total, st.backlog_done + indexed);
    if (!more || st.backlog_done >= st.backlog_total) {
      st.log->info("search: all ", st.backlog_total, " older messages are indexed");
      st.backlog_done = st.backlog_total;
    } else if (st.backlog_done * 10 / st.backlog_total != tenth_before) {
      st.log->info("search: indexed ", st.backlog_done, " of ", st.backlog_total,
                   " older messages (newest first)");
    }
  }
  return more ? IndexOutcome::more : IndexOutcome::done;
}

// Sends `message` to the actor itself `delay` from now, or (zero) behind
// everything already in the mailbox: background work waits its turn.
template <class... Ts>
void send_to_self(storage_pointer self, Clock::duration delay, Ts... message) {
  if (delay == Clock::duration::zero()) {
    self->send(self, message...);
  } else {
    self->delayed_send(self, delay, message...);
  }
}

// Indexing: at most one request on its way.
void schedule_housekeeping(storage_pointer self, Clock::duration delay) {
  auto& st = self->state;
  if (!st.indexing_scheduled) {
    st.indexing_scheduled = true;
    send_to_self(self, delay, atoms::housekeep::value);
  }
}

// Retention: at most one pass request counts; `replace` supersedes the one
// on its way (a minute's wait, say) with this one, and the older is ignored
// when it arrives.
void schedule_purge(storage_pointer self, Clock::duration delay, bool replace = false) {
  auto& st = self->state;
  if (st.purge_scheduled && !replace) {
    return;
  }
  st.purge_scheduled = true;
  send_to_self(self, delay, atoms::purge::value, ++st.purge_generation);
}

std::int64_t pragma_number(StorageState& st, const char* pragma) {
  SQLite::Statement query(*st.db, std::string("PRAGMA ") + pragma);
  query.executeStep();
  return query.getColumn(0).getInt64();
}

enum class PurgeOutcome { more, vacuuming, done, refused };

// One slice of retention: deleting expired messages in a transaction of its
// own, or, once a pass has deleted all it found, giving free pages back.
PurgeOutcome purge_expired(StorageState& st) {
  try {
    if (!st.purged.more && (st.purged.messages > 0 || st.purged.files > 0)) {
      st.db->exec("PRAGMA incremental_vacuum(" + std::to_string(kVacuumPages) + ")");
      if (pragma_number(st, "freelist_count") > 0) {
        return PurgeOutcome::vacuuming;
      }
      st.log->info("retention: deleted ", st.purged.messages, " messages and ", st.purged.files,
                   " files past their retention");
      st.purged = {};
      return PurgeOutcome::done;
    }
    st.db->exec("BEGIN IMMEDIATE");
    const auto until = Clock::now() + kHousekeepingSlice;
    const auto now = std::chrono::system_clock::now();
    storage::PurgeResult batch;
    do {
      batch = st.purge->purge_batch(static_cast<int>(st.options.retention_days), now, kPurgeRows);
      st.purged.messages += batch.messages;
      st.purged.files += batch.files;
    } while (batch.more && Clock::now() < until);
    st.db->exec("COMMIT");
    st.purged.more = batch.more;
    if (batch.more) {
      return PurgeOutcome::more;
    }
    return st.purged.messages > 0 || st.purged.files > 0 ? PurgeOutcome::vacuuming
                                                         : PurgeOutcome::done;
  } catch (const SQLite::Exception& e) {
    rollback(st);
    st.log->flood(LogLevel::warn, "retention", "storage: retention paused: ", e.what());
    return PurgeOutcome::refused;
  }
}

// A chunk written by `write` (an upload's, or one copied from another
// node), refused when the disk is low; replies after commit.
caf::result<bool> write_chunk(storage_pointer self,
                              void (storage::FileStore::*write)(std::int64_t, std::int64_t,
                                                                std::string_view),
                              std::int64_t file_id, std::int64_t seq, std::string data) {
  const auto bytes = data.size();
  return batched_write<bool>(
      self, bytes,
      [write, file_id, seq, data = std::move(data)](StorageState& st) -> caf::expected<bool> {
        if (auto low = low_on_disk(st, data.size())) {
          return std::move(*low);
        }
        ((*st.files).*write)(file_id, seq, data);
        return true;
      });
}

// Cluster mode: account ids are this database's own; the nicks are shared.
void resolve_accounts(StorageState& st, net::MessageRecord& message) {
  if (message.from_account != 0) {
    const auto sender = st.store->account(message.from);
    message.from_account = sender ? sender->account_id : 0;
  }
  if (message.is_private()) {
    const auto recipient = st.store->account(message.to);
    message.to_account = recipient ? recipient->account_id : 0;
  }
}

// The record of a file another node's user shared, as its message says.
storage::FileRecord copied_file(const net::MessageRecord& message, std::int64_t room_id) {
  storage::FileRecord file;
  file.file_id = message.file_id;
  file.name = message.text;
  file.size = message.file_size;
  file.sha256 = message.file_sha256;
  file.uploader = message.from;
  file.uploader_account = message.from_account;
  file.room_id = room_id;
  file.recipient = message.to;
  file.created_at = message.ts;
  return file;
}

// A message that is answered by reply, not through the gateway.
caf::result<MessageAck> persist_with_reply(storage_pointer self, net::MessageRecord message,
                                           std::int64_t room_id) {
  const auto bytes = message.text.size();
  return batched_write<MessageAck>(
      self, bytes,
      [message = std::move(message), room_id](StorageState& st) -> caf::expected<MessageAck> {
        if (message.is_file()) {
          st.files->mark_complete(message.file_id, message.to_account);
        }
        insert_message(st, message, room_id, true);
        return MessageAck{message.msg_id, message.ts, true, {}};
      });
}

storage_actor::behavior_type storage_behavior(storage_pointer self, SharedContext context,
                                              std::shared_ptr<SQLite::Database> db,
                                              StorageOptions options) {
  // Detached: this runs on the actor's own thread.
  name_this_thread("confab.storage");
  auto& st = self->state;
  st.options = options;
  st.db = std::move(db);
  st.db->setBusyTimeout(kBusyTimeoutMs);
  st.store = std::make_unique<storage::ChatStore>(*st.db);
  st.files = std::make_unique<storage::FileStore>(*st.db);
  st.unlink_watch = std::make_unique<storage::UnlinkWatch>(st.db->getFilename());
  st.indexer = std::make_unique<storage::SearchIndexer>(*st.db);
  st.purge = std::make_unique<storage::RetentionPurge>(*st.db);
  st.context = std::move(context);
  st.log = st.context->log;
  // What expired while the server was down goes first.
  schedule_purge(self, Clock::duration::zero());
  if (const auto unindexed = st.indexer->unindexed(); unindexed > 0) {
    if (unindexed >= kReportedBacklog) {
      st.backlog_total = unindexed;
      st.log->info("search: indexing ", unindexed, " messages not yet searchable, newest first");
    }
    schedule_housekeeping(self, Clock::duration::zero());
  }
  // Told to stop: what is pending is committed (and answered) first. Not an
  // attached functor: CAF runs those after it has destroyed the state.
  self->set_exit_handler([self](caf::exit_msg& exit) {
    commit_pending(self);
    self->quit(std::move(exit.reason));
  });
  return {
      [self](atoms::persist, net::MessageRecord& message,
             std::int64_t room_id) -> caf::result<MessageAck> {
        return persist_with_reply(self, std::move(message), room_id);
      },
      [self](atoms::persist, net::MessageRecord& message, std::int64_t room_id, AckRoute& route) {
        const auto bytes = message.text.size();
        enqueue(self,
                PendingWrite{RoutedMessage{std::move(message), room_id, std::move(route)}, {}},
                bytes);
      },
      [self](atoms::offline, net::MessageRecord& message) -> caf::result<MessageAck> {
        // Numbered now, in the order messages arrive, however often the
        // batch is retried.
        self->state.context->msg_ids->stamp(message);
        const auto bytes = message.text.size();
        return batched_write<MessageAck>(
            self, bytes,
            [message = std::move(message)](StorageState& st) mutable -> caf::expected<MessageAck> {
              const auto recipient = st.store->account(message.to);
              if (!recipient) {
                return make_chat_error(ChatError::no_such_user,
                                       "no user " + message.to + " is online");
              }
              message.to_account = recipient->account_id;
              if (message.is_file()) {
                st.files->mark_complete(message.file_id, message.to_account);
              }
              insert_message(st, message, 0, false);
              return MessageAck{message.msg_id, message.ts, false, {}};
            });
      },
      [self](atoms::logged_pm, net::MessageRecord& message,
             bool delivered) -> caf::result<MessageAck> {
        const auto bytes = message.text.size();
        return batched_write<MessageAck>(
            self, bytes,
            [message = std::move(message),
             delivered](StorageState& st) mutable -> caf::expected<MessageAck> {
              resolve_accounts(st, message);
              insert_message(st, message, 0, delivered);
              return MessageAck{message.msg_id, message.ts, delivered, {}};
            });
      },
      [self](atoms::logged_file, net::MessageRecord& message, std::int64_t room_id,
             storage::FileOrigin& origin, bool delivered) -> caf::result<MessageAck> {
        const auto bytes = message.text.size();
        return batched_write<MessageAck>(
            self, bytes,
            [message = std::move(message), room_id, origin = std::move(origin),
             delivered](StorageState& st) mutable -> caf::expected<MessageAck> {
              resolve_accounts(st, message);
              st.files->add_copy(copied_file(message, room_id), origin, message.file_chunks);
              st.files->mark_complete(message.file_id, message.to_account);
              insert_message(st, message, room_id, delivered);
              return MessageAck{message.msg_id, message.ts, delivered, {}};
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
              if (request.around)
                page.around = *request.around;
              page.limit = request.limit;
              if (request.room_id != 0) {
                storage::RoomRecord room;
                room.room_id = request.room_id;
                room.name = request.room;
                return store.room_history(room, page);
              }
              return store.private_history(request.account, request.nick, request.with, page);
            });
      },
      [self](atoms::msg_at, const std::string& ts) -> caf::result<TimestampBounds> {
        return committed_read<TimestampBounds>(self, [&](storage::ChatStore& store) {
          return TimestampBounds{store.first_message_at(ts, false),
                                 store.first_message_at(ts, true)};
        });
      },
      [self](atoms::create, std::string& name, std::string& topic, std::string& creator,
             std::int64_t creator_account) -> caf::result<storage::RoomRecord> {
        const auto bytes = name.size() + topic.size();
        return batched_write<storage::RoomRecord>(
            self, bytes,
            [name = std::move(name), topic = std::move(topic), creator = std::move(creator),
             creator_account,
             ts = net::now_timestamp()](StorageState& st) -> caf::expected<storage::RoomRecord> {
              auto room = st.store->insert_room(name, topic, creator, creator_account, ts);
              if (!room) {
                return make_chat_error(ChatError::room_exists, "room " + name + " exists");
              }
              return std::move(*room);
            });
      },
      [self](atoms::topic, std::int64_t room_id, std::string& topic) -> caf::result<bool> {
        const auto bytes = topic.size();
        return batched_write<bool>(
            self, bytes,
            [room_id, topic = std::move(topic)](StorageState& st) -> caf::expected<bool> {
              st.store->set_topic(room_id, topic);
              return true;
            });
      },
      [self](atoms::account, const std::string& nick) -> caf::result<storage::Account> {
        return committed_read<storage::Account>(self, [&](storage::ChatStore& store) {
          if (auto account = store.account(nick)) {
            return std::move(*account);
          }
          storage::Account none;
          none.look_alike = store.look_alike_account(nick).value_or(std::string{});
          return none;
        });
      },
      [self](atoms::enroll, std::string& nick, std::string& hash) -> caf::result<std::int64_t> {
        return batched_write<std::int64_t>(
            self, nick.size() + hash.size(),
            [nick = std::move(nick), hash = std::move(hash),
             ts = net::now_timestamp()](StorageState& st) -> caf::expected<std::int64_t> {
              return st.store->insert_account(nick, hash, ts).value_or(0);
            });
      },
      [self](atoms::pending, std::int64_t account,
             std::string& nick) -> caf::result<std::vector<net::MessageRecord>> {
        // Marking them delivered is a write, so it joins the batch like any other.
        return batched_write<std::vector<net::MessageRecord>>(
            self, nick.size(),
            [account, nick = std::move(nick)](
                StorageState& st) -> caf::expected<std::vector<net::MessageRecord>> {
              return st.store->take_undelivered(account, nick);
            });
      },
      [self](atoms::seen, std::string& nick, std::int64_t up_to) {
        background_write(self, "marking private messages delivered",
                         [nick = std::move(nick), up_to](StorageState& st) {
                           st.store->mark_delivered(nick, up_to);
                         });
      },
      [self](atoms::forget, std::string& nick) {
        background_write(self, "forgetting a guest's conversations",
                         [nick = std::move(nick)](StorageState& st) {
                           st.store->forget_guest_conversations(nick);
                           st.files->forget_guest_files(nick);
                         });
      },
      [self](atoms::upload_begin, storage::FileRecord& file,
             const UploadQuota& quota) -> caf::result<std::int64_t> {
        return batched_write<std::int64_t>(
            self, file.name.size(),
            [file = std::move(file), quota](StorageState& st) -> caf::expected<std::int64_t> {
              auto& files = *st.files;
              if (auto low = low_on_disk(st, static_cast<std::uint64_t>(file.size))) {
                return std::move(*low);
              }
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
             std::string& data) -> caf::result<bool> {
        return write_chunk(self, &storage::FileStore::store_chunk, file_id, seq, std::move(data));
      },
      [self](atoms::chunk_keep, std::int64_t file_id, std::int64_t seq,
             std::string& data) -> caf::result<bool> {
        return write_chunk(self, &storage::FileStore::keep_chunk, file_id, seq, std::move(data));
      },
      [self](atoms::copied, std::int64_t file_id) -> caf::result<bool> {
        return batched_write<bool>(self, 0, [file_id](StorageState& st) -> caf::expected<bool> {
          return st.files->finish_copy(file_id, st.context->node);
        });
      },
      [self](atoms::copying) -> caf::result<std::vector<storage::FileRecord>> {
        return committed_read<std::vector<storage::FileRecord>>(
            self, [&](storage::ChatStore&) { return self->state.files->copies_in_progress(); });
      },
      [self](atoms::delete_room, std::int64_t room_id) -> caf::result<bool> {
        return batched_write<bool>(self, 0, [room_id](StorageState& st) -> caf::expected<bool> {
          st.files->delete_room_files(room_id);
          st.store->delete_room(room_id);
          return true;
        });
      },
      [self](atoms::upload_drop, std::int64_t file_id) {
        background_write(self, "removing an unfinished upload",
                         [file_id](StorageState& st) { st.files->discard(file_id); });
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
        if (!retrying(self->state)) {
          commit_pending(self);
        }
      },
      [self](atoms::retry) {
        self->state.retry_scheduled = false;
        commit_pending(self);
      },
      [self](atoms::room_stored) {
        auto& st = self->state;
        st.room_report_scheduled = false;
        std::vector<RoomStored> report;
        report.reserve(st.stored_by_room.size());
        for (const auto& [room_id, messages] : st.stored_by_room) {
          report.push_back(RoomStored{room_id, messages});
        }
        st.stored_by_room.clear();
        self->send(st.context->admin_hub, atoms::room_stored::value, std::move(report));
      },
      [self](atoms::housekeep) {
        auto& st = self->state;
        st.indexing_scheduled = false;
        if (st.database_gone) {
          return;
        }
        // While the database refuses writes, chat's own retries come first.
        if (retrying(st)) {
          schedule_housekeeping(self, kMaxRetryDelay);
          return;
        }
        switch (index_for_search(st, kHousekeepingSlice)) {
          case IndexOutcome::more:
            schedule_housekeeping(self, Clock::duration::zero());
            break;
          case IndexOutcome::refused:
            schedule_housekeeping(self, kMaxRetryDelay);
            break;
          case IndexOutcome::done:
            break;
        }
      },
      [self](atoms::purge, std::uint64_t generation) {
        auto& st = self->state;
        if (generation != st.purge_generation) {
          return;  // superseded
        }
        st.purge_scheduled = false;
        if (st.database_gone) {
          return;
        }
        if (retrying(st)) {
          schedule_purge(self, kMaxRetryDelay);
          return;
        }
        switch (purge_expired(st)) {
          case PurgeOutcome::more:
          case PurgeOutcome::vacuuming:
            schedule_purge(self, Clock::duration::zero());
            break;
          case PurgeOutcome::refused:
            schedule_purge(self, kMaxRetryDelay);
            break;
          case PurgeOutcome::done:
            schedule_purge(self, kPurgeInterval);
            break;
        }
      },
      [self](atoms::retention, std::string& room, std::uint32_t days) -> caf::result<std::string> {
        auto result = batched_write<std::string>(
            self, room.size(),
            [room = std::move(room), days](StorageState& st) -> caf::expected<std::string> {
              auto name = st.store->set_retention(room, days);
              if (!name) {
                return make_chat_error(ChatError::no_such_room, "no such room: " + room);
              }
              return std::move(*name);
            });
        // Behind the commit that stores it: the next pass uses it.
        schedule_purge(self, Clock::duration::zero(), true);
        return result;
      },
      [self](atoms::stats) -> caf::result<StorageStats> {
        return committed_read<StorageStats>(self, [self](storage::ChatStore& store) {
          auto& st = self->state;
          StorageStats stats;
          const auto page_size = pragma_number(st, "page_size");
          stats.database_bytes = pragma_number(st, "page_count") * page_size;
          stats.free_bytes = pragma_number(st, "freelist_count") * page_size;
          stats.file_bytes = st.files->used_bytes();
          stats.oldest_message = store.oldest_message_ts();
          return stats;
        });
      },
      [self](atoms::index) -> bool {
        // Everything acknowledged before the search was asked for is
        // committed; what of it waits to be indexed is indexed now.
        auto& st = self->state;
        if (!st.database_gone && !retrying(st) &&
            index_for_search(st, kIndexBeforeSearch) == IndexOutcome::more) {
          schedule_housekeeping(self, Clock::duration::zero());
        }
        return true;
      },
      [self](atoms::sync) -> caf::result<bool> {
        // Answered once everything before it is settled, committed or not:
        // its answers are then in the gateway's mailbox. With nothing
        // pending that is now, without touching the database (a quit while
        // another process holds the lock need not wait for it).
        if (self->state.pending.empty()) {
          send_outgoing(self->state);
          return true;
        }
        auto promise = self->make_response_promise<bool>();
        enqueue(self,
                PendingWrite{
                    GenericWrite{[](StorageState&) {},
                                 [promise](const caf::error*) mutable { promise.deliver(true); }},
                    {}},
                0);
        if (!retrying(self->state)) {
          commit_pending(self);
        }
        return promise;
      },
  };
}

}  // namespace

storage_actor spawn_storage(caf::actor_system& system, SharedContext context,
                            std::unique_ptr<SQLite::Database> db, StorageOptions options) {
  // The database moves into the actor's own thread; a shared_ptr carries it
  // there because spawn arguments must be copyable.
  std::shared_ptr<SQLite::Database> handoff(std::move(db));
  return system.spawn<caf::detached>(storage_behavior, std::move(context), std::move(handoff),
                                     options);
}

}  // namespace confab
