#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace confab::cluster {

// Cluster mode's file bytes: a JetStream stream of their own, apart from
// the shared log, so that a large upload never sits in the log's order
// and a node reading the log never has to skip megabytes. The node a file
// was uploaded to stores each chunk there before the file's entry goes
// into the log; every other node copies the chunks into its own database
// when that entry arrives, and reads from the stream meanwhile.
//
// A chunk's subject names the uploading node, the file's id there and the
// chunk's number: `confab.file.NODE.FILE.SEQ`, one message per subject.
inline constexpr const char* kFileStream = "confab_files";
inline constexpr const char* kFileSubjects = "confab.file.>";

std::string chunk_subject(std::string_view node, std::int64_t file_id, std::int64_t seq);

}  // namespace confab::cluster
