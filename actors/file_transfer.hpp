#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "common/sha256.hpp"

namespace confab {

// An upload in progress on one session: what the client declared, and what
// has arrived so far. The bytes themselves go straight to storage.
struct UploadInProgress {
  std::int64_t file_id = 0;
  std::string name;
  std::int64_t size = 0;
  std::string sha256;
  std::string room;  // set for a room file
  std::string to;    // set for a private file
  std::int64_t next_seq = 0;
  std::int64_t received = 0;
  Sha256 hash;
  // Counts chunks; a stall check that finds it unchanged cancels the upload.
  std::uint64_t activity = 0;
};

// The raw bytes per chunk that keep a base64 `chunk` frame under the frame
// limit, with room for the JSON around it.
std::size_t upload_chunk_size(std::size_t max_frame);

// An unguessable upload token.
std::string new_upload_token();

// Downloads keep at most this much queued in the gateway for the client.
inline constexpr std::uint64_t kDownloadWindowBytes = 512 * 1024;

}  // namespace confab
