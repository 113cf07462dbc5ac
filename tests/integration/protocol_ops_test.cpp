#include <set>

#include "tests/integration/server_fixture.hpp"

using namespace confab::test;

namespace {

Json op(const std::string& name, Json fields = Json::object()) {
  fields["op"] = name;
  return fields;
}

}  // namespace

TEST_CASE("hello joins main and guards its nick") {
  ServerFixture f;
  auto alice = f.connect();
  auto hello = alice->request(op("hello", {{"nick", "alice"}}));
  CHECK(is_ok(hello));
  CHECK(hello["nick"] == "alice");
  CHECK(hello["rooms"] == Json::array({"main"}));
  CHECK(hello["op"] == "hello");
  CHECK(hello.contains("server"));

  CHECK(code_of(alice->request(op("hello", {{"nick", "alice2"}}))) == "already_hello");
  auto other = f.connect();
  CHECK(code_of(other->request(op("hello", {{"nick", "ALICE"}}))) == "nick_taken");
  CHECK(code_of(other->request(op("hello", {{"nick", "bad nick"}}))) == "invalid_nick");
  CHECK(code_of(other->request(op("hello", {{"nick", std::string(33, 'x')}}))) == "invalid_nick");
  CHECK(code_of(other->request(op("hello", {{"nick", 5}}))) == "bad_request");
  CHECK(is_ok(other->request(op("hello", {{"nick", "bob"}}))));
}

TEST_CASE("only hello and ping are allowed before hello") {
  ServerFixture f;
  auto client = f.connect();
  CHECK(is_ok(client->request(op("ping"))));
  for (const char* name : {"create", "join", "leave", "rooms", "users", "say", "pm", "history"}) {
    CAPTURE(name);
    CHECK(code_of(client->request(op(name, {{"room", "main"}}))) == "hello_required");
  }
}

TEST_CASE("rooms are created, joined, listed and left") {
  ServerFixture f;
  auto alice = f.login("alice");
  auto bob = f.login("bob");

  auto created = alice->request(op("create", {{"room", "dev"}, {"topic", "all things code"}}));
  CHECK(is_ok(created));
  CHECK(created["room"] == "dev");
  CHECK(code_of(alice->request(op("create", {{"room", "DEV"}}))) == "room_exists");
  CHECK(code_of(alice->request(op("create", {{"room", "no spaces"}}))) == "invalid_room");
  CHECK(code_of(alice->request(op("create", {{"room", "main"}}))) == "room_exists");

  auto joined = bob->request(op("join", {{"room", "Dev"}}));
  REQUIRE(is_ok(joined));
  CHECK(joined["room"] == "dev");
  CHECK(joined["topic"] == "all things code");
  CHECK(joined["members"] == Json::array({"alice", "bob"}));
  CHECK(joined["history"] == Json::array());
  CHECK(code_of(bob->request(op("join", {{"room", "dev"}}))) == "already_member");
  CHECK(code_of(bob->request(op("join", {{"room", "nowhere"}}))) == "no_such_room");

  auto presence = alice->wait_for(
      [](const Json& e) { return e.value("type", "") == "presence" && e["room"] == "dev"; });
  REQUIRE(presence);
  CHECK(*presence ==
        Json{{"type", "presence"}, {"room", "dev"}, {"nick", "bob"}, {"event", "join"}});

  auto rooms = alice->request(op("rooms"));
  REQUIRE(is_ok(rooms));
  CHECK(rooms["rooms"].size() == 2);
  for (const auto& room : rooms["rooms"]) {
    if (room["name"] == "dev") {
      CHECK(room["members"] == 2);
      CHECK(room["topic"] == "all things code");
    }
  }

  CHECK(bob->request(op("users", {{"room", "dev"}}))["users"] == Json::array({"alice", "bob"}));
  CHECK(bob->request(op("users"))["users"] == Json::array({"alice", "bob"}));
  CHECK(code_of(bob->request(op("users", {{"room", "nowhere"}}))) == "no_such_room");

  CHECK(is_ok(bob->request(op("leave", {{"room", "dev"}}))));
  CHECK(code_of(bob->request(op("leave", {{"room", "dev"}}))) == "not_member");
  auto left = alice->wait_for([](const Json& f) { return f.value("event", "") == "leave"; });
  REQUIRE(left);
  CHECK((*left)["nick"] == "bob");
}

TEST_CASE("a room message reaches every member except its sender") {
  ServerFixture f;
  auto alice = f.login("alice");
  auto bob = f.login("bob");
  auto carol = f.login("carol");

  auto said = alice->request(op("say", {{"room", "main"}, {"text", "hello everyone"}}));
  REQUIRE(is_ok(said));
  CHECK(said["msg_id"].is_number_integer());
  CHECK(said["ts"].get<std::string>().size() == 24);

  for (auto* receiver : {bob.get(), carol.get()}) {
    auto message = receiver->wait_for_type("message");
    REQUIRE(message);
    CHECK((*message)["room"] == "main");
    CHECK((*message)["from"] == "alice");
    CHECK((*message)["text"] == "hello everyone");
    CHECK((*message)["msg_id"] == said["msg_id"]);
    CHECK((*message)["ts"] == said["ts"]);
  }
  // The sender gets its ok, not a copy: a ping sent after the say answers
  // before any echo could arrive.
  CHECK(is_ok(alice->request(op("ping"))));
  CHECK_FALSE(alice->wait_for_type("message", std::chrono::milliseconds(200)));
}

TEST_CASE("say and pm refuse what they must") {
  ServerFixture f({"--rate-limit", "0"});
  auto alice = f.login("alice");
  CHECK(code_of(alice->request(op("say", {{"room", "dev"}, {"text", "x"}}))) == "not_member");
  CHECK(code_of(alice->request(op("say", {{"room", "main"}}))) == "bad_request");
  CHECK(code_of(alice->request(op("say", {{"room", "main"}, {"text", 3}}))) == "bad_request");
  const std::string longest(4000, 'x');
  CHECK(is_ok(alice->request(op("say", {{"room", "main"}, {"text", longest}}))));
  CHECK(code_of(alice->request(op("say", {{"room", "main"}, {"text", longest + "y"}}))) ==
        "too_long");
  // 4000 characters, not bytes: a 2-byte character each still fits.
  std::string accented;
  for (int i = 0; i < 4000; ++i) {
    accented += "\xc3\xa9";
  }
  CHECK(is_ok(alice->request(op("say", {{"room", "main"}, {"text", accented}}))));
  CHECK(code_of(alice->request(op("pm", {{"to", "nobody"}, {"text", "hi"}}))) == "no_such_user");
  CHECK(code_of(alice->request(op("pm", {{"to", "alice"}, {"text", longest + "y"}}))) ==
        "too_long");
}

TEST_CASE("private messages reach the recipient only") {
  ServerFixture f;
  auto alice = f.login("alice");
  auto bob = f.login("bob");
  auto carol = f.login("carol");
  auto sent = alice->request(op("pm", {{"to", "BOB"}, {"text", "just for you"}}));
  REQUIRE(is_ok(sent));
  CHECK(sent["delivered"] == true);
  auto pm = bob->wait_for_type("pm");
  REQUIRE(pm);
  CHECK((*pm)["from"] == "alice");
  CHECK((*pm)["to"] == "bob");
  CHECK((*pm)["text"] == "just for you");
  CHECK((*pm)["msg_id"] == sent["msg_id"]);
  CHECK(is_ok(carol->request(op("ping"))));
  CHECK_FALSE(carol->wait_for_type("pm", std::chrono::milliseconds(200)));
}

TEST_CASE("history pages backwards and forwards") {
  ServerFixture f({"--rate-limit", "0"});
  auto alice = f.login("alice");
  std::vector<std::int64_t> ids;
  for (int i = 1; i <= 120; ++i) {
    auto said = alice->request(op("say", {{"room", "main"}, {"text", "m" + std::to_string(i)}}));
    REQUIRE(is_ok(said));
    ids.push_back(said["msg_id"]);
  }
  auto newest = alice->request(op("history", {{"room", "main"}}));
  REQUIRE(newest["messages"].size() == 50);
  CHECK(newest["messages"].back()["text"] == "m120");
  CHECK(newest["messages"].front()["text"] == "m71");

  auto before =
      alice->request(op("history", {{"room", "main"}, {"before", ids[70]}, {"limit", 10}}));
  REQUIRE(before["messages"].size() == 10);
  CHECK(before["messages"].front()["text"] == "m61");
  CHECK(before["messages"].back()["text"] == "m70");

  auto after = alice->request(op("history", {{"room", "main"}, {"after", ids[9]}, {"limit", 5}}));
  REQUIRE(after["messages"].size() == 5);
  CHECK(after["messages"].front()["text"] == "m11");

  auto capped = alice->request(op("history", {{"room", "main"}, {"limit", 1000}}));
  CHECK(capped["messages"].size() == 120);

  auto bob = f.login("bob");
  auto joined = bob->request(op("join", {{"room", "main"}}));
  CHECK(code_of(joined) == "already_member");
  CHECK(code_of(bob->request(op("history", {{"room", "dev"}}))) == "not_member");
  CHECK(code_of(bob->request(op("history", {{"with", "alice"}}))) == "auth_required");
  CHECK(code_of(bob->request(op("history", {{"room", "main"}, {"limit", "x"}}))) == "bad_request");
}

TEST_CASE("malformed frames get errors and the connection keeps working") {
  ServerFixture f;
  auto client = f.connect();
  client->send_raw("{this is not json}\n");
  auto bad = client->wait_for_type("error");
  REQUIRE(bad);
  CHECK(code_of(*bad) == "bad_frame");
  client->send_raw("[1,2]\n");
  CHECK(code_of(*client->wait_for_type("error")) == "bad_frame");
  client->send_raw("{\"op\":\"ping\",\"x\":\"\xff\xfe\"}\n");
  CHECK(code_of(*client->wait_for_type("error")) == "bad_frame");
  CHECK(code_of(client->request(op("teleport"))) == "unknown_op");
  client->send_raw("{\"op\":\"ping\",\"id\":\"crlf\"}\r\n");
  auto pong = client->wait_for([](const Json& f) { return f.value("id", Json()) == "crlf"; });
  REQUIRE(pong);
  CHECK(is_ok(*pong));
  client->hello("survivor");
}

TEST_CASE("an oversized frame is refused and the connection closed") {
  ServerFixture f({"--max-frame", "1024"});
  auto client = f.login("big");
  client->send_raw("{\"op\":\"say\",\"room\":\"main\",\"text\":\"" + std::string(5000, 'x') +
                   "\"}\n");
  auto error = client->wait_for_type("error");
  REQUIRE(error);
  CHECK(code_of(*error) == "frame_too_large");
  CHECK(client->wait_closed());
  // Others are unaffected.
  auto other = f.login("other");
  CHECK(is_ok(other->request(op("ping"))));
}

TEST_CASE("rate limiting answers rate_limited with a retry hint and keeps the connection") {
  ServerFixture f({"--rate-limit", "5", "--rate-burst", "5"});
  auto alice = f.login("alice");
  int limited = 0;
  Json last_error;
  for (int i = 0; i < 20; ++i) {
    auto reply = alice->request(op("say", {{"room", "main"}, {"text", "spam"}}));
    if (code_of(reply) == "rate_limited") {
      ++limited;
      last_error = reply;
    }
  }
  CHECK(limited >= 10);
  CHECK(last_error["retry_after_ms"].get<int>() > 0);
  CHECK(is_ok(alice->request(op("ping"))));
}

TEST_CASE("quit answers, then the server closes") {
  ServerFixture f;
  auto client = f.login("leaver");
  CHECK(is_ok(client->request(op("quit"))));
  CHECK(client->wait_closed());
}

TEST_CASE("quit is answered after the ok of every say sent before it") {
  ServerFixture f({"--rate-limit", "0"});
  auto client = f.login("chatty");
  CHECK(is_ok(client->request(op("create", {{"room", "left"}}))));
  CHECK(is_ok(client->request(op("create", {{"room", "stay"}}))));
  // Pipelined: nothing is read until the quit, and one room is left while
  // its messages may still be on their way to the database.
  constexpr int kPerRoom = 200;
  for (const char* room : {"main", "left", "stay"}) {
    for (int i = 0; i < kPerRoom; ++i) {
      client->send(
          op("say",
             {{"room", room}, {"text", "n"}, {"id", std::string(room) + "-" + std::to_string(i)}}));
    }
    if (std::string(room) == "left") {
      client->send(op("leave", {{"room", "left"}, {"id", "leave"}}));
    }
  }
  client->send(op("quit", {{"id", "bye"}}));
  REQUIRE(client->wait_closed());

  std::set<std::string> acked;
  bool quit_answered = false;
  for (const auto& frame : client->queued()) {
    if (frame.value("op", "") != "say") {
      quit_answered = quit_answered || frame.value("id", Json()) == "bye";
      continue;
    }
    CAPTURE(frame.dump());
    CHECK_FALSE(quit_answered);
    CHECK(is_ok(frame));
    acked.insert(frame["id"].get<std::string>());
  }
  CHECK(quit_answered);
  CHECK(acked.size() == 3 * kPerRoom);
  CHECK(client->queued().back()["id"] == "bye");
}

TEST_CASE("requests without id are answered only when they fail") {
  ServerFixture f;
  auto client = f.login("quiet");
  client->send(op("say", {{"room", "main"}, {"text", "no id"}}));
  client->send(op("join", {{"room", "nowhere"}}));
  auto error = client->wait_for_type("error");
  REQUIRE(error);
  CHECK(code_of(*error) == "no_such_room");
  CHECK(!error->contains("id"));
  CHECK(is_ok(client->request(op("ping"))));
  CHECK(client->queued().empty());
}

TEST_CASE("ids come back exactly as written, blank lines are skipped, repeated keys refused") {
  ServerFixture f;
  auto client = f.login("alice");
  const std::string huge(5000, '9');
  client->send_raw(
      "\n   \r\n{\"op\":\"ping\",\"id\":-9223372036854775809}\n\n"
      "{\"op\":\"ping\",\"id\":1e2}\n"
      "{\"op\":\"ping\",\"id\":" +
      huge +
      "}\n"
      "{\"op\":\"ping\",\"op\":\"say\",\"id\":\"dup\"}\n"
      "{\"op\":\"ping\",\"id\":\"last\"}\n");
  auto text = client->wait_for_text("\"last\"");
  REQUIRE(text);
  CHECK(text->find("\"id\":-9223372036854775809,") != std::string::npos);
  CHECK(text->find("\"id\":1e2,") != std::string::npos);
  CHECK(text->find("\"id\":" + huge + ",") != std::string::npos);
  CHECK(text->find("appears twice") != std::string::npos);
  // The hello's reply, then one per frame and none for the blank lines.
  // (Counted in the text: no JSON library here holds a 5000-digit number.)
  std::size_t replies = 0;
  for (auto at = text->find("\"type\":"); at != std::string::npos;
       at = text->find("\"type\":", at + 1)) {
    ++replies;
  }
  CHECK(replies == 1 + 5);
}
