#pragma once

#include <cstdint>
#include <string>

#include <caf/replies_to.hpp>
#include <caf/typed_actor.hpp>

#include "actors/contracts/atoms.hpp"
#include "actors/contracts/message_types.hpp"

namespace confab {

// Cluster mode: this node's side of the cluster's file stream
// (cluster/file_stream.hpp), on a NATS connection of its own so that file
// bytes never queue in front of chat.
using file_stream_actor = caf::typed_actor<
    // Store an upload of this node (file_id, chunk count) from this node's
    // database in the file stream; replies once the stream holds every
    // chunk, so that any node can serve the file once its message is out.
    caf::replies_to<atoms::publish, std::int64_t, std::int64_t>::with<bool>,
    // A chunk (file_id, seq) of a file still being copied from another
    // node (its origin): from this database when it is here, else from the
    // stream, and kept here.
    caf::replies_to<atoms::chunk_get, std::int64_t, storage::FileOrigin,
                    std::int64_t>::with<std::string>,
    // Copy what other nodes' files still lack: at start, and whenever one
    // arrives through the shared log.
    caf::reacts_to<atoms::copying>,
    // Sent to itself: copy the next chunk.
    caf::reacts_to<atoms::copy_next>>;

}  // namespace confab
