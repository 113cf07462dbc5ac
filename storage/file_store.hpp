#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

namespace confab::storage {

// A file shared in a room (room_id set) or between two users (recipient set).
struct FileRecord {
  std::int64_t file_id = 0;
  std::string name;
  std::int64_t size = 0;
  std::string sha256;
  std::string uploader;
  std::int64_t room_id = 0;
  std::string room;
  std::string recipient;
  std::string created_at;
  bool complete = false;
  std::int64_t chunk_count = 0;
  // The parties' accounts, 0 for a guest.
  std::int64_t uploader_account = 0;
  std::int64_t recipient_account = 0;
  // A guest uploader's address group, what its quota is counted by.
  std::string uploader_address;
  // Cluster mode: a file uploaded to another node whose chunks are not
  // all copied here yet (empty once they are).
  std::string origin_node;
  std::int64_t origin_file_id = 0;
};

// Cluster mode: where a file that came through the shared log was uploaded,
// and its id there; its chunks in the file stream are named by these.
struct FileOrigin {
  std::string node;
  std::int64_t file_id = 0;
};

// File contents in SQLite, chunk by chunk. Like ChatStore: one owner, no
// transactions of its own.
class FileStore {
 public:
  explicit FileStore(SQLite::Database& db);

  // Registers an upload in progress and returns its file_id.
  std::int64_t begin_upload(const FileRecord& file);
  void store_chunk(std::int64_t file_id, std::int64_t seq, std::string_view data);
  // Makes a finished upload visible; done in the transaction that stores its
  // file message, so a file and its message appear together. A private
  // file's recipient is who the message reached (0: a guest).
  void mark_complete(std::int64_t file_id, std::int64_t recipient_account);
  void discard(std::int64_t file_id);
  // Every file shared in a room, with its chunks.
  void delete_room_files(std::int64_t room_id);
  // Uploads a crash left unfinished; returns how many were removed.
  int discard_incomplete();

  // Cluster mode: the upload `upload_id` of this node, finished and shared
  // through the log, takes the id its message got there (`file_id`), so
  // that every node names it alike; false when no such upload is in
  // progress (a restart discarded it), and nothing changes.
  bool adopt_upload(std::int64_t upload_id, std::int64_t file_id);
  // Cluster mode: a file that came through the shared log (`file.file_id`
  // its id there), whose `chunks` chunks are to be copied from `origin`:
  // another node's upload, through the file stream, or this node's own,
  // from the upload's chunks here. Renaming an upload's chunks instead
  // rewrote every byte in one transaction, stalling chat's writes for
  // seconds on a large file; a copy goes a chunk at a time.
  void add_copy(const FileRecord& file, const FileOrigin& origin, std::int64_t chunks);
  // A chunk copied from the file stream; one that is here already stays.
  void keep_chunk(std::int64_t file_id, std::int64_t seq, std::string_view data);
  // Clears the file's origin if every chunk is here now; true then. An
  // upload of `this_node` it was copied from is removed.
  bool finish_copy(std::int64_t file_id, const std::string& this_node);
  // Files whose chunks are still being copied, oldest first.
  std::vector<FileRecord> copies_in_progress();

  std::optional<FileRecord> find(std::int64_t file_id);
  std::optional<std::string> chunk(std::int64_t file_id, std::int64_t seq);

  std::vector<FileRecord> room_files(std::int64_t room_id);
  // Files between `account` (who is `nick`) and whoever holds `other` now,
  // as ChatStore::private_history reads messages.
  std::vector<FileRecord> private_files(std::int64_t account, const std::string& nick,
                                        const std::string& other);
  // Removes the private files between two guests involving `nick` (every
  // nick when empty): no guest may download a private file.
  int forget_guest_files(const std::string& nick);

  // After a failed transaction: no prepared statement may stay mid-step.
  void reset_statements();

  // Bytes of every stored or in-progress file: what the quota is checked against.
  std::int64_t used_bytes();
  // The same for one uploader: an account, or (account 0) the guests of an
  // address group.
  std::int64_t used_bytes_by(std::int64_t account, const std::string& address);

 private:
  std::vector<FileRecord> read_files(SQLite::Statement& query);

  SQLite::Database& db_;
  SQLite::Statement insert_chunk_;
  SQLite::Statement select_chunk_;
};

}  // namespace confab::storage
