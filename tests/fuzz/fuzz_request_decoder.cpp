// libFuzzer target: the JSON request decoder. It never throws; what it
// accepts is a JSON object without repeated keys; the flat reader's fast
// path builds exactly what nlohmann builds; and a reply to an accepted
// request, its id echoed as written, is itself valid JSON.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "net/flat_object_reader.hpp"
#include "net/json_scan.hpp"
#include "net/protocol_codec.hpp"
#include "net/utf8.hpp"

using namespace confab::net;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view line(reinterpret_cast<const char*>(data), size);
  const auto decoded = decode_request(line);
  if (const auto* request = std::get_if<Request>(&decoded)) {
    if (scan_object(line).error != ScannedObject::Error::none) {
      std::abort();
    }
    const auto reply = encode_ok(request->op, request->id, Json{{"echo", request->body}});
    if (scan_object(std::string_view(reply).substr(0, reply.size() - 1)).error !=
        ScannedObject::Error::none) {
      std::abort();
    }
  }
  if (is_valid_utf8(line)) {
    if (const auto flat = read_flat_object(line)) {
      const auto full = Json::parse(line, nullptr, /*allow_exceptions=*/false);
      if (full.is_discarded() || full != *flat) {
        std::abort();
      }
    }
  }
  return 0;
}
