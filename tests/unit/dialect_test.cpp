#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "net/dialect.hpp"
#include "net/json_dialect.hpp"
#include "net/text_dialect.hpp"
#include "tests/unit/messages.hpp"

using namespace confab;
using namespace confab::net;

namespace {

const LineContext kLoggedInMain{LineContext::Login::done, "main"};

Request request_of(const ParsedLine& parsed) {
  REQUIRE(std::holds_alternative<Request>(parsed));
  return std::get<Request>(parsed);
}

std::string answer_of(const ParsedLine& parsed) {
  REQUIRE(std::holds_alternative<Answer>(parsed));
  return std::get<Answer>(parsed).bytes;
}

}  // namespace

TEST_CASE("every dialect is registered under its own id") {
  for (const auto id : {DialectId::json, DialectId::text}) {
    CHECK(dialect(id).id() == id);
  }
  CHECK(dialect(DialectId::json).name() == "json");
  CHECK(dialect(DialectId::text).name() == "text");
  CHECK(sniff_dialect('{') == DialectId::json);
  CHECK(sniff_dialect('a') == DialectId::text);
  CHECK(sniff_dialect('/') == DialectId::text);
}

TEST_CASE("text commands are typed requests, with no server round trip for local ones") {
  const auto& text = text_dialect();
  const auto say = request_of(text.parse("hi all", kLoggedInMain));
  CHECK(say.op == "say");
  CHECK(say.body["room"] == "main");
  CHECK(say.body["text"] == "hi all");
  CHECK(say.id.empty());

  const auto pm = request_of(text.parse("/msg bob see you", kLoggedInMain));
  CHECK(pm.op == "pm");
  CHECK(pm.body["to"] == "bob");
  CHECK(pm.body["text"] == "see you");

  const auto everyone = request_of(text.parse("/users *", kLoggedInMain));
  CHECK(everyone.op == "users");
  CHECK(!everyone.body.contains("room"));

  const auto history = request_of(text.parse("/history 5", {LineContext::Login::done, "dev"}));
  CHECK(history.body["limit"] == 5);
  CHECK(history.body["room"] == "dev");

  CHECK(answer_of(text.parse("/frobnicate", kLoggedInMain)) ==
        "! unknown command: /frobnicate (try /help)\r\n");
  CHECK(answer_of(text.parse("/msg bob", kLoggedInMain)) == "! usage: /msg NICK TEXT\r\n");
  CHECK(answer_of(text.parse("hi", {LineContext::Login::done, ""})) ==
        "! you are in no room; /join one first\r\n");
  CHECK(answer_of(text.parse("/current", kLoggedInMain)) == "* current room: main\r\n");
  CHECK(answer_of(text.parse("/help", kLoggedInMain)).find("/msg NICK TEXT") != std::string::npos);
  CHECK(answer_of(text.parse("\xff", kLoggedInMain)) == "! that line is not valid UTF-8\r\n");
  CHECK(std::holds_alternative<std::monostate>(text.parse("   ", kLoggedInMain)));
}

TEST_CASE("a text-mode line before login is the name to log in with") {
  const auto& text = text_dialect();
  const auto hello = request_of(text.parse("  alice \t", LineContext{}));
  CHECK(hello.op == "hello");
  CHECK(hello.body["nick"] == "alice");
  CHECK(std::holds_alternative<std::monostate>(
      text.parse("another line", {LineContext::Login::in_progress, ""})));
  // A refused name is asked for again; other refusals are one line.
  CHECK(text.error({"hello", {}}, ErrorCode::nick_taken, "nick alice is taken") ==
        "! nick alice is taken\r\nEnter your name: \r\n");
  CHECK(text.error({"join", {}}, ErrorCode::no_such_room, "no such room: x") ==
        "! no such room: x\r\n");
  CHECK(text.prompt() == "Enter your name: ");
}

TEST_CASE("JSON lines decode to requests, and bad frames are answered on the spot") {
  const auto& json = json_dialect();
  const auto say = request_of(json.parse(R"({"op":"say","id":7,"room":"main","text":"hi"})", {}));
  CHECK(say.op == "say");
  CHECK(say.id == "7");
  CHECK(answer_of(json.parse("not json", {})) ==
        R"({"code":"bad_frame","message":"frame is not valid JSON","type":"error"})"
        "\n");
  CHECK(std::holds_alternative<std::monostate>(json.parse("  \r", {})));
  CHECK(json.prompt().empty());
}

TEST_CASE("JSON acknowledges only requests with an id, and refuses with or without one") {
  const auto& json = json_dialect();
  CHECK(json.ok({"ping", ""}, Done{}).empty());
  CHECK(json.ok({"ping", "1"}, Done{}) == "{\"id\":1,\"op\":\"ping\",\"type\":\"ok\"}\n");
  CHECK(json.ok({"say", "\"a\""}, SentResult{5, "2026-01-01T00:00:00.000Z"}) ==
        "{\"id\":\"a\",\"msg_id\":5,\"op\":\"say\",\"ts\":\"2026-01-01T00:00:00.000Z\","
        "\"type\":\"ok\"}\n");
  CHECK(json.error({"say", ""}, ErrorCode::rate_limited, "slow down", 250) ==
        "{\"code\":\"rate_limited\",\"message\":\"slow down\",\"op\":\"say\","
        "\"retry_after_ms\":250,\"type\":\"error\"}\n");
}

TEST_CASE("a result keeps to each dialect's words, and text-only fields stay out of JSON") {
  const LeaveResult leave{"dev", "main"};
  CHECK(json_dialect().ok({"leave", "2"}, leave) ==
        "{\"id\":2,\"op\":\"leave\",\"room\":\"dev\",\"type\":\"ok\"}\n");
  CHECK(text_dialect().ok({"leave", ""}, leave) == "* you left dev; current room: main\r\n");
  const PmResult queued{"bob", 3, "t", false, {}};
  CHECK(nlohmann::json::parse(json_dialect().ok({"pm", "1"}, queued))["delivered"] == false);
  CHECK(text_dialect().ok({"pm", ""}, queued) ==
        "* bob is offline and will get it at next login\r\n");
  CHECK(text_dialect().ok({"pm", ""}, PmResult{"bob", 3, "t", true, {}}).empty());
  CHECK(text_dialect().ok({"quit", ""}, QuitResult{}) == "* bye\r\n");
}

TEST_CASE("one event, rendered by each dialect") {
  auto message = test::text_message(9, "2026-01-01T00:00:00.000Z", "main", "alice", "", "hi");
  const Event event = MessageEvent{message};
  CHECK(dialect(DialectId::json).render(event) ==
        "{\"from\":\"alice\",\"msg_id\":9,\"room\":\"main\",\"text\":\"hi\","
        "\"ts\":\"2026-01-01T00:00:00.000Z\",\"type\":\"message\"}\n");
  CHECK(dialect(DialectId::text).render(event) == "[main] alice: hi\r\n");

  const Event presence = PresenceEvent{"dev", "bob", PresenceChange::leave};
  CHECK(json_dialect().render(presence) ==
        "{\"event\":\"leave\",\"nick\":\"bob\",\"room\":\"dev\",\"type\":\"presence\"}\n");
  CHECK(text_dialect().render(presence) == "* bob left dev\r\n");

  CHECK(text_dialect().render(KickedEvent{"spam"}) == "! kicked: spam\r\n");
  CHECK(json_dialect().render(KickedEvent{"spam"}) ==
        "{\"reason\":\"spam\",\"type\":\"kicked\"}\n");
  // Text mode cannot carry files: download pieces render as nothing.
  CHECK(text_dialect().render(ChunkEvent{1, 0, "abc"}).empty());
  CHECK(!json_dialect().render(ChunkEvent{1, 0, "abc"}).empty());
}

TEST_CASE("line breaks in a server's notice or reason never end an IRC line early") {
  const auto& irc = dialect(DialectId::irc);
  CHECK(irc.render(NoticeEvent{"maintenance at noon\r\nback by one\n"}) ==
        "NOTICE * :maintenance at noon\r\nNOTICE * :back by one\r\n");
  const auto kicked = irc.render(KickedEvent{"spam\r\nPRIVMSG #main :fake"});
  CHECK(kicked == "ERROR :Kicked by an administrator: spam  PRIVMSG #main :fake\r\n");
}
