#include <random>
#include <string>

#include <doctest/doctest.h>

#include "tests/unit/messages.hpp"

#include "net/protocol_codec.hpp"

using namespace confab::net;

namespace {

DecodeError decode_error(std::string_view line) {
  auto decoded = decode_request(line);
  REQUIRE(std::holds_alternative<DecodeError>(decoded));
  return std::get<DecodeError>(decoded);
}

}  // namespace

TEST_CASE("a request decodes with op, id and body") {
  auto decoded = decode_request(R"({"op":"say","id":7,"room":"main","text":"hi"})");
  REQUIRE(std::holds_alternative<Request>(decoded));
  const auto& request = std::get<Request>(decoded);
  CHECK(request.op == "say");
  CHECK(request.id == "7");
  CHECK(*string_field(request.body, "room") == "main");
  CHECK(string_field(request.body, "missing") == nullptr);
  CHECK(!integer_field(request.body, "text"));
}

TEST_CASE("string ids are kept as strings") {
  auto decoded = decode_request(R"({"op":"ping","id":"abc"})");
  REQUIRE(std::holds_alternative<Request>(decoded));
  CHECK(std::get<Request>(decoded).id == "\"abc\"");
}

TEST_CASE("bad frames are classified as the protocol says") {
  CHECK(decode_error("not json").code == ErrorCode::bad_frame);
  CHECK(decode_error("[1,2,3]").code == ErrorCode::bad_frame);
  CHECK(decode_error("\"just a string\"").code == ErrorCode::bad_frame);
  CHECK(decode_error("{\"op\":\"say\",\"text\":\"\xff\xfe\"}").code == ErrorCode::bad_frame);
  CHECK(decode_error(R"({"id":1})").code == ErrorCode::bad_request);
  CHECK(decode_error(R"({"op":5,"id":2})").code == ErrorCode::bad_request);
  CHECK(decode_error(R"({"op":5,"id":2})").id == "2");
  CHECK(decode_error(R"({"op":"ping","id":{"x":1}})").code == ErrorCode::bad_request);
}

TEST_CASE("decoding never throws, whatever the bytes") {
  std::mt19937 random(12345);
  std::uniform_int_distribution<int> byte(0, 255);
  const std::string seeds[] = {R"({"op":"say","room":"main","text":"hé"})", "{", "}", "\"", "\\u"};
  for (int round = 0; round < 20000; ++round) {
    std::string input = seeds[round % 5];
    const int mutations = 1 + round % 8;
    for (int m = 0; m < mutations && !input.empty(); ++m) {
      input[static_cast<std::size_t>(byte(random)) % input.size()] =
          static_cast<char>(byte(random));
    }
    CHECK_NOTHROW(decode_request(input));
  }
}

TEST_CASE("replies carry type, id and op, requests without id have none") {
  auto ok = Json::parse(encode_ok("say", "3", Json{{"msg_id", 10}, {"ts", "t"}}));
  CHECK(ok == Json{{"type", "ok"}, {"id", 3}, {"op", "say"}, {"msg_id", 10}, {"ts", "t"}});
  auto error = Json::parse(encode_error("join", {}, "no_such_room", "no such room: x"));
  CHECK(error == Json{{"type", "error"},
                      {"op", "join"},
                      {"code", "no_such_room"},
                      {"message", "no such room: x"}});
  CHECK(encode_ok("ping", "1").back() == '\n');
}

TEST_CASE("a request id comes back exactly as it was written") {
  const std::string huge(5000, '7');
  for (const std::string& id :
       {std::string("-9223372036854775809"), std::string("1e2"), std::string("-0"),
        std::string("0.50"), huge, std::string(R"("tab\t\u00e9")")}) {
    CAPTURE(id);
    auto decoded = decode_request(R"({"op":"ping","id":)" + id + "}");
    REQUIRE(std::holds_alternative<Request>(decoded));
    const auto& request = std::get<Request>(decoded);
    CHECK(request.id == id);
    const auto reply = encode_ok(request.op, request.id);
    CHECK(reply.find("\"id\":" + id + ",") != std::string::npos);
  }
}

TEST_CASE("replies with an id are written as nlohmann writes the same object") {
  const Json result{{"msg_id", 12}, {"rooms", {"a", "b"}}, {"ts", "t"}, {"delivered", true}};
  for (const Json& id : {Json(7), Json("req-\"1\""), Json(-3)}) {
    Json whole = result;
    whole["type"] = "ok";
    whole["op"] = "say";
    whole["id"] = id;
    CHECK(encode_ok("say", id.dump(), result) == encode_frame(whole));
  }
}

TEST_CASE("a key given twice is refused, whatever parser would have won") {
  CHECK(decode_error(R"({"op":"say","op":"ping"})").code == ErrorCode::bad_frame);
  CHECK(decode_error(R"({"op":"say","o\u0070":"ping"})").message.find("\"op\"") !=
        std::string::npos);
  // Nested objects may repeat their parents' keys.
  auto nested = decode_request(R"({"op":"ping","x":{"op":1}})");
  CHECK(std::holds_alternative<Request>(nested));
}

TEST_CASE("nesting deeper than 64 levels is refused before any parser recurses") {
  const std::string deep =
      R"({"op":"ping","x":)" + std::string(10000, '[') + std::string(10000, ']') + "}";
  CHECK(decode_error(deep).code == ErrorCode::bad_frame);
}

TEST_CASE("message events round-trip through the codec") {
  MessageRecord room_message = confab::test::text_message(42, "2026-11-22T10:00:00.123Z", "main",
                                                          "alice", "", "héllo \"x\"\n");
  auto event = Json::parse(encode_frame(message_event(room_message)));
  CHECK(event["type"] == "message");
  CHECK(event["room"] == "main");
  CHECK(event["from"] == "alice");
  CHECK(event["text"] == room_message.text);
  CHECK(event["msg_id"] == 42);
  CHECK(event["ts"] == room_message.ts);
  CHECK(!event.contains("to"));

  MessageRecord private_message =
      confab::test::text_message(43, "2026-11-22T10:00:01.000Z", "", "alice", "bob", "psst");
  auto pm = Json::parse(encode_frame(message_event(private_message)));
  CHECK(pm["type"] == "pm");
  CHECK(pm["to"] == "bob");
  CHECK(!pm.contains("room"));
}

TEST_CASE("encoding never emits invalid UTF-8") {
  auto frame = encode_frame(Json{{"text", std::string("bad \xff byte")}});
  CHECK(frame.find('\xff') == std::string::npos);
}
