#pragma once

namespace confab::net {

// confab's version, from CMake's project(VERSION) (net/CMakeLists.txt): what
// `confabd --version` prints, what hello answers, what the GUIs show.
inline constexpr const char* kVersion = CONFAB_VERSION;
inline constexpr const char* kServerName = "confabd " CONFAB_VERSION;

}  // namespace confab::net
