#include "storage/file_store.hpp"

#include "net/names.hpp"

namespace confab::storage {
namespace {

const std::string kFileSelect =
    "SELECT f.file_id, f.name, f.size, f.sha256, f.uploader, COALESCE(f.room_id, 0), "
    "COALESCE(r.name, ''), COALESCE(f.recipient, ''), f.created_at, f.complete, "
    "COALESCE(f.chunks, (SELECT COUNT(*) FROM file_chunks AS c WHERE c.file_id = f.file_id)), "
    "COALESCE(f.uploader_account, 0), COALESCE(f.recipient_account, 0), "
    "COALESCE(f.origin_node, ''), COALESCE(f.origin_file_id, 0) "
    "FROM files AS f LEFT JOIN rooms AS r ON r.room_id = f.room_id ";

}  // namespace

FileStore::FileStore(SQLite::Database& db)
    : db_(db),
      insert_chunk_(db, "INSERT INTO file_chunks (file_id, seq, data) VALUES (?, ?, ?)"),
      select_chunk_(db, "SELECT data FROM file_chunks WHERE file_id = ? AND seq = ?") {}

std::int64_t FileStore::begin_upload(const FileRecord& file) {
  SQLite::Statement insert(db_,
                           "INSERT INTO files (name, size, sha256, uploader, room_id, recipient, "
                           "created_at, uploader_account, uploader_address, complete) "
                           "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0)");
  insert.bind(1, file.name);
  insert.bind(2, file.size);
  insert.bind(3, file.sha256);
  insert.bind(4, file.uploader);
  if (file.room_id != 0) {
    insert.bind(5, file.room_id);
    insert.bind(6);
  } else {
    insert.bind(5);
    insert.bind(6, file.recipient);
  }
  insert.bind(7, file.created_at);
  if (file.uploader_account != 0) {
    insert.bind(8, file.uploader_account);
    insert.bind(9);
  } else {
    insert.bind(8);
    insert.bind(9, file.uploader_address);
  }
  insert.exec();
  return db_.getLastInsertRowid();
}

void FileStore::store_chunk(std::int64_t file_id, std::int64_t seq, std::string_view data) {
  insert_chunk_.reset();
  insert_chunk_.bind(1, file_id);
  insert_chunk_.bind(2, seq);
  insert_chunk_.bindNoCopy(3, data.data(), static_cast<int>(data.size()));
  insert_chunk_.exec();
}

void FileStore::mark_complete(std::int64_t file_id, std::int64_t recipient_account) {
  SQLite::Statement update(
      db_, "UPDATE files SET complete = 1, recipient_account = ? WHERE file_id = ?");
  if (recipient_account != 0) {
    update.bind(1, recipient_account);
  } else {
    update.bind(1);
  }
  update.bind(2, file_id);
  update.exec();
}

void FileStore::discard(std::int64_t file_id) {
  SQLite::Statement chunks(db_, "DELETE FROM file_chunks WHERE file_id = ?");
  chunks.bind(1, file_id);
  chunks.exec();
  SQLite::Statement file(db_, "DELETE FROM files WHERE file_id = ? AND complete = 0");
  file.bind(1, file_id);
  file.exec();
}

void FileStore::delete_room_files(std::int64_t room_id) {
  SQLite::Statement chunks(
      db_,
      "DELETE FROM file_chunks WHERE file_id IN (SELECT file_id FROM files WHERE room_id = ?)");
  chunks.bind(1, room_id);
  chunks.exec();
  SQLite::Statement files(db_, "DELETE FROM files WHERE room_id = ?");
  files.bind(1, room_id);
  files.exec();
}

int FileStore::discard_incomplete() {
  db_.exec(
      "DELETE FROM file_chunks WHERE file_id IN (SELECT file_id FROM files WHERE complete = 0)");
  return db_.exec("DELETE FROM files WHERE complete = 0");
}

void FileStore::add_copy(const FileRecord& file, const FileOrigin& origin, std::int64_t chunks) {
  SQLite::Statement insert(
      db_,
      "INSERT INTO files (file_id, name, size, sha256, uploader, room_id, recipient, created_at, "
      "uploader_account, complete, origin_node, origin_file_id, chunks) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)");
  insert.bind(1, file.file_id);
  insert.bind(2, file.name);
  insert.bind(3, file.size);
  insert.bind(4, file.sha256);
  insert.bind(5, file.uploader);
  if (file.room_id != 0) {
    insert.bind(6, file.room_id);
    insert.bind(7);
  } else {
    insert.bind(6);
    insert.bind(7, file.recipient);
  }
  insert.bind(8, file.created_at);
  if (file.uploader_account != 0) {
    insert.bind(9, file.uploader_account);
  } else {
    insert.bind(9);
  }
  insert.bind(10, origin.node);
  insert.bind(11, origin.file_id);
  insert.bind(12, chunks);
  insert.exec();
}

void FileStore::keep_chunk(std::int64_t file_id, std::int64_t seq, std::string_view data) {
  SQLite::Statement insert(
      db_, "INSERT OR IGNORE INTO file_chunks (file_id, seq, data) VALUES (?, ?, ?)");
  insert.bind(1, file_id);
  insert.bind(2, seq);
  insert.bindNoCopy(3, data.data(), static_cast<int>(data.size()));
  insert.exec();
}

bool FileStore::finish_copy(std::int64_t file_id, const std::string& this_node) {
  const auto file = find(file_id);
  if (!file || file->origin_node.empty()) {
    return false;
  }
  SQLite::Statement update(
      db_,
      "UPDATE files SET origin_node = NULL, origin_file_id = NULL WHERE file_id = :id AND "
      "chunks = (SELECT COUNT(*) FROM file_chunks WHERE file_id = :id)");
  update.bind(":id", file_id);
  if (update.exec() == 0) {
    return false;
  }
  if (file->origin_node == this_node) {
    discard(file->origin_file_id);
  }
  return true;
}

std::vector<FileRecord> FileStore::copies_in_progress() {
  SQLite::Statement query(
      db_, kFileSelect + "WHERE f.origin_node IS NOT NULL AND f.complete = 1 ORDER BY f.file_id");
  return read_files(query);
}

std::optional<FileRecord> FileStore::find(std::int64_t file_id) {
  SQLite::Statement query(db_, kFileSelect + "WHERE f.file_id = ?");
  query.bind(1, file_id);
  auto files = read_files(query);
  if (files.empty()) {
    return std::nullopt;
  }
  return std::move(files.front());
}

std::optional<std::string> FileStore::chunk(std::int64_t file_id, std::int64_t seq) {
  select_chunk_.reset();
  select_chunk_.bind(1, file_id);
  select_chunk_.bind(2, seq);
  if (!select_chunk_.executeStep()) {
    return std::nullopt;
  }
  const auto column = select_chunk_.getColumn(0);
  std::string data(static_cast<const char*>(column.getBlob()),
                   static_cast<std::size_t>(column.getBytes()));
  // A statement left on a row keeps its read open, and SQLite refuses to
  // commit while one is ("SQL statements in progress").
  select_chunk_.reset();
  return data;
}

void FileStore::reset_statements() {
  insert_chunk_.reset();
  select_chunk_.reset();
}

std::vector<FileRecord> FileStore::room_files(std::int64_t room_id) {
  SQLite::Statement query(
      db_, kFileSelect + "WHERE f.room_id = ? AND f.complete = 1 ORDER BY f.file_id");
  query.bind(1, room_id);
  return read_files(query);
}

std::vector<FileRecord> FileStore::private_files(std::int64_t account, const std::string& nick,
                                                 const std::string& other) {
  // The holder of `other` now; NULL (matched by IS) while it has no account.
  const std::string holder = "(SELECT account_id FROM accounts WHERE nick_key = :b)";
  SQLite::Statement query(db_, kFileSelect +
                                   "WHERE f.room_id IS NULL AND f.complete = 1 AND "
                                   "((lower(f.uploader) = :a AND lower(f.recipient) = :b AND "
                                   "f.uploader_account = :me AND f.recipient_account IS " +
                                   holder +
                                   ") OR "
                                   "(lower(f.uploader) = :b AND lower(f.recipient) = :a AND "
                                   "f.recipient_account = :me AND f.uploader_account IS " +
                                   holder + ")) ORDER BY f.file_id");
  query.bind(":a", net::name_key(nick));
  query.bind(":b", net::name_key(other));
  query.bind(":me", account);
  return read_files(query);
}

int FileStore::forget_guest_files(const std::string& nick) {
  const std::string between_guests =
      "SELECT file_id FROM files WHERE room_id IS NULL AND complete = 1 AND "
      "uploader_account IS NULL AND recipient_account IS NULL AND "
      "(:nick = '' OR lower(uploader) = :nick OR lower(recipient) = :nick)";
  SQLite::Statement chunks(db_,
                           "DELETE FROM file_chunks WHERE file_id IN (" + between_guests + ")");
  chunks.bind(":nick", net::name_key(nick));
  chunks.exec();
  SQLite::Statement files(db_, "DELETE FROM files WHERE file_id IN (" + between_guests + ")");
  files.bind(":nick", net::name_key(nick));
  return files.exec();
}

std::int64_t FileStore::used_bytes() {
  SQLite::Statement query(db_, "SELECT COALESCE(SUM(size), 0) FROM files");
  query.executeStep();
  return query.getColumn(0).getInt64();
}

std::int64_t FileStore::used_bytes_by(std::int64_t account, const std::string& address) {
  SQLite::Statement query(db_, account != 0
                                   ? "SELECT COALESCE(SUM(size), 0) FROM files "
                                     "WHERE uploader_account = ?"
                                   : "SELECT COALESCE(SUM(size), 0) FROM files "
                                     "WHERE uploader_account IS NULL AND uploader_address = ?");
  if (account != 0) {
    query.bind(1, account);
  } else {
    query.bind(1, address);
  }
  query.executeStep();
  return query.getColumn(0).getInt64();
}

std::vector<FileRecord> FileStore::read_files(SQLite::Statement& query) {
  std::vector<FileRecord> files;
  while (query.executeStep()) {
    FileRecord file;
    file.file_id = query.getColumn(0).getInt64();
    file.name = query.getColumn(1).getString();
    file.size = query.getColumn(2).getInt64();
    file.sha256 = query.getColumn(3).getString();
    file.uploader = query.getColumn(4).getString();
    file.room_id = query.getColumn(5).getInt64();
    file.room = query.getColumn(6).getString();
    file.recipient = query.getColumn(7).getString();
    file.created_at = query.getColumn(8).getString();
    file.complete = query.getColumn(9).getInt() != 0;
    file.chunk_count = query.getColumn(10).getInt64();
    file.uploader_account = query.getColumn(11).getInt64();
    file.recipient_account = query.getColumn(12).getInt64();
    file.origin_node = query.getColumn(13).getString();
    file.origin_file_id = query.getColumn(14).getInt64();
    files.push_back(std::move(file));
  }
  return files;
}

}  // namespace confab::storage
