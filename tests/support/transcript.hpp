#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace confab::test {

// A wire transcript: what clients send and, byte for byte, what each of them
// must receive, one step per line of a golden file:
//
//   connect NAME          a chat-port client called NAME
//   admin NAME            a client of the admin port
//   send NAME BYTES       BYTES (escapes below) from NAME
//   recv NAME BYTES       the next bytes NAME receives are exactly BYTES
//   closed NAME           the server closes NAME's connection
//   terminate             SIGTERM to the server (a step's `recv`s follow)
//   # ...                 a comment; blank lines are skipped
//
// BYTES is the rest of the line with \n \r \t \\ and \xNN escapes. Times
// (2026-12-04T09:20:20.123Z) and retry_after_ms figures are compared as
// shapes, not values. Every wait has a deadline; a mismatch names the step
// and shows both sides escaped.
struct TranscriptStep {
  int line = 0;
  std::string verb;
  std::string client;
  std::string bytes;
};

std::vector<TranscriptStep> read_transcript(const std::string& path);

// What differs between two runs of the same conversation, made equal:
// timestamps become 0000-00-00T00:00:00.000Z, retry_after_ms becomes 0.
std::string normalise_volatile(std::string_view bytes);

// Printable form of bytes, in the transcript's own escapes.
std::string escape_bytes(std::string_view bytes);

}  // namespace confab::test
