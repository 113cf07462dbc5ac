#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace confab::net {

// A frame's top-level JSON object as it appears in its text: each member's
// key (unescaped) and the exact text of its value. Used where the parsed
// tree loses something a client is owed — a request id echoed as it was
// written (5000 digits, 1e2, -0), or a key given twice, which different
// parsers would resolve differently.
struct ScannedMember {
  std::string key;
  std::string_view value;
};

struct ScannedObject {
  enum class Error { none, not_json, not_object, duplicate_key, too_deep };
  Error error = Error::none;
  // The key given twice, for Error::duplicate_key.
  std::string duplicate;
  std::vector<ScannedMember> members;

  // The value text of `key`; empty when absent.
  std::string_view value_of(std::string_view key) const;
};

// Validates `text` as JSON (RFC 8259; nesting deeper than 64 is refused)
// and, when it is an object, lists its members.
ScannedObject scan_object(std::string_view text);

}  // namespace confab::net
