#pragma once

#include <cstdint>
#include <string>

namespace confab::storage {

// A file of zeros kept beside the database (`<db>.reserve`). SQLite cannot
// open a WAL database on a disk with no free byte (it must size the shared-
// memory file), so a server stopped on a full disk could not start again.
// The reserve is what it deletes to start; it is made again once there is
// room.
inline constexpr std::uint64_t kDiskReserveBytes = 4 * 1024 * 1024;

std::string disk_reserve_path(const std::string& db_path);

// Makes the reserve if it is missing; false when the disk has no room for it.
bool ensure_disk_reserve(const std::string& db_path);

// Deletes the reserve; false when there was none.
bool release_disk_reserve(const std::string& db_path);

}  // namespace confab::storage
