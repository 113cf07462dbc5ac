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
  // file message, so a file and its message appear together.
  void mark_complete(std::int64_t file_id);
  void discard(std::int64_t file_id);
  // Uploads a crash left unfinished; returns how many were removed.
  int discard_incomplete();

  std::optional<FileRecord> find(std::int64_t file_id);
  std::optional<std::string> chunk(std::int64_t file_id, std::int64_t seq);

  std::vector<FileRecord> room_files(std::int64_t room_id);
  std::vector<FileRecord> private_files(const std::string& nick, const std::string& other);

  // Bytes of every stored or in-progress file: what the quota is checked against.
  std::int64_t used_bytes();

 private:
  std::vector<FileRecord> read_files(SQLite::Statement& query);

  SQLite::Database& db_;
  SQLite::Statement insert_chunk_;
  SQLite::Statement select_chunk_;
};

}  // namespace confab::storage
