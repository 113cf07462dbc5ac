#pragma once

#include <memory>
#include <string>
#include <vector>

#include "actors/contracts/file_stream.hpp"
#include "actors/contracts/storage.hpp"
#include "common/log.hpp"

namespace caf {
class actor_system;
}

namespace confab {

// On a thread of its own: talking to NATS blocks. Connects to `servers`
// when first needed, as node `node`, and reads and writes chunks through
// `storage`.
file_stream_actor spawn_file_stream(caf::actor_system& system, std::shared_ptr<Log> log,
                                    std::vector<std::string> servers, std::string node,
                                    storage_actor storage);

}  // namespace confab
