#include "cluster/file_stream.hpp"

namespace confab::cluster {

std::string chunk_subject(std::string_view node, std::int64_t file_id, std::int64_t seq) {
  std::string subject = "confab.file.";
  subject += node;
  subject += '.';
  subject += std::to_string(file_id);
  subject += '.';
  subject += std::to_string(seq);
  return subject;
}

}  // namespace confab::cluster
