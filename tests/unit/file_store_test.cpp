#include <SQLiteCpp/Database.h>
#include <doctest/doctest.h>

#include "storage/chat_store.hpp"
#include "storage/database.hpp"
#include "storage/file_store.hpp"
#include "tests/support/temp_dir.hpp"

using namespace confab;

namespace {

constexpr std::int64_t kClusterId = (std::int64_t{1} << 40) + 5;

struct FileStoreFixture {
  test::TempDir dir;
  SQLite::Database db{storage::open_database(dir.file("files.db"))};
  storage::ChatStore chat{db};
  storage::FileStore files{db};
  std::int64_t main_id = chat.rooms().at(0).room_id;

  storage::FileRecord record(std::int64_t file_id = 0) {
    storage::FileRecord file;
    file.file_id = file_id;
    file.name = "a.bin";
    file.size = 6;
    file.sha256 = std::string(64, '0');
    file.uploader = "alice";
    file.room_id = main_id;
    file.created_at = "2026-12-05T10:00:00.000Z";
    file.uploader_address = "127.0.0.1";
    return file;
  }
};

}  // namespace

TEST_CASE_FIXTURE(FileStoreFixture, "an upload shared through the log goes once it is copied") {
  const auto upload = files.begin_upload(record());
  files.store_chunk(upload, 0, "abc");
  files.store_chunk(upload, 1, "def");
  files.add_copy(record(kClusterId), storage::FileOrigin{"a", upload}, 2);
  files.mark_complete(kClusterId, 0);
  for (std::int64_t seq = 0; seq < 2; ++seq) {
    files.keep_chunk(kClusterId, seq, *files.chunk(upload, seq));
  }
  CHECK(files.finish_copy(kClusterId, "a"));
  CHECK_FALSE(files.find(upload));
  CHECK_FALSE(files.chunk(upload, 0));
  const auto copied = files.find(kClusterId);
  REQUIRE(copied);
  CHECK(copied->complete);
  CHECK(copied->chunk_count == 2);
  CHECK(copied->origin_node.empty());
  CHECK(files.chunk(kClusterId, 1) == "def");
  CHECK_FALSE(files.finish_copy(kClusterId, "a"));  // once
}

TEST_CASE_FIXTURE(FileStoreFixture, "another node's file is whole only once every chunk is here") {
  files.add_copy(record(kClusterId), storage::FileOrigin{"b", 17}, 2);
  files.mark_complete(kClusterId, 0);
  auto copying = files.copies_in_progress();
  REQUIRE(copying.size() == 1);
  CHECK(copying[0].file_id == kClusterId);
  CHECK(copying[0].origin_node == "b");
  CHECK(copying[0].origin_file_id == 17);
  CHECK(copying[0].chunk_count == 2);  // as the log said, not as many as are here

  files.keep_chunk(kClusterId, 1, "def");
  CHECK_FALSE(files.finish_copy(kClusterId, "a"));
  files.keep_chunk(kClusterId, 0, "abc");
  files.keep_chunk(kClusterId, 0, "xyz");  // read from the stream twice: the first stays
  CHECK(files.finish_copy(kClusterId, "a"));
  CHECK(files.copies_in_progress().empty());
  const auto whole = files.find(kClusterId);
  REQUIRE(whole);
  CHECK(whole->origin_node.empty());
  CHECK(files.chunk(kClusterId, 0) == "abc");
  // A copied file's bytes count against the quota as any file's.
  CHECK(files.used_bytes() == 6);
}
