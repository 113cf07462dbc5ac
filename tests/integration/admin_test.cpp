#include <sys/stat.h>

#include <fstream>
#include <map>
#include <regex>
#include <set>

#include "net/timestamp.hpp"
#include "tests/integration/server_fixture.hpp"
#include "tests/support/irc_client.hpp"

using namespace confab::test;

namespace {

constexpr const char* kToken = "test-admin-token";

struct AdminFixture : ServerFixture {
  AdminFixture() : ServerFixture({"--admin-token", kToken, "--rate-limit", "0"}) {}

  std::unique_ptr<TestClient> admin() {
    auto client = std::make_unique<TestClient>(server.admin_port());
    auto hello = client->request({{"op", "hello"}, {"token", kToken}});
    REQUIRE(is_ok(hello));
    return client;
  }
};

// The console's picture of the server, built from the snapshot and the live
// events exactly as a console would.
struct AdminView {
  std::map<std::int64_t, Json> clients;  // by conn
  std::map<std::string, Json> rooms;     // by name

  explicit AdminView(const Json& snapshot) {
    for (const auto& client : snapshot["clients"]) {
      clients[client["conn"]] = client;
    }
    for (const auto& room : snapshot["rooms"]) {
      rooms[room["name"]] = room;
    }
  }

  void apply(const Json& event) {
    if (event["type"] == "client") {
      if (event["event"] == "disconnect") {
        clients.erase(event["conn"].get<std::int64_t>());
      } else {
        clients[event["conn"]] = event;
      }
    } else if (event["type"] == "room") {
      rooms[event["name"]] = event;
    }
  }

  // Applies queued events until `done` holds or the deadline passes.
  bool follow(TestClient& admin, const std::function<bool()>& done,
              std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!done()) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) {
        return false;
      }
      auto event = admin.wait_for(
          [](const Json& f) {
            return f.value("type", "") == "client" || f.value("type", "") == "room";
          },
          left);
      if (event) {
        apply(*event);
      }
    }
    return true;
  }

  const Json* client(const std::string& nick) const {
    for (const auto& [conn, client] : clients) {
      if (client.value("nick", "") == nick) {
        return &client;
      }
    }
    return nullptr;
  }
};

}  // namespace

TEST_CASE_FIXTURE(AdminFixture, "a wrong or missing token is refused and logged") {
  TestClient wrong(server.admin_port());
  CHECK(code_of(wrong.request({{"op", "hello"}, {"token", "guess"}})) == "auth_failed");
  CHECK(wrong.wait_closed());
  TestClient missing(server.admin_port());
  CHECK(code_of(missing.request({{"op", "hello"}})) == "auth_failed");
  CHECK(server.wait_for_log("admin login refused"));
  TestClient early(server.admin_port());
  CHECK(code_of(early.request({{"op", "subscribe"}})) == "hello_required");
}

TEST_CASE_FIXTURE(AdminFixture, "admin operations are refused on the chat port") {
  auto user = login("mallory");
  for (const char* op : {"subscribe", "kick", "announce", "stats"}) {
    CAPTURE(op);
    CHECK(code_of(user->request({{"op", op}, {"nick", "x"}, {"text", "x"}})) == "forbidden");
  }
}

TEST_CASE_FIXTURE(AdminFixture, "the snapshot lists clients, rooms and the log") {
  auto alice = login("alice");
  auto bob = login("bob");
  REQUIRE(is_ok(bob->request({{"op", "create"}, {"room", "dev"}})));
  REQUIRE(is_ok(alice->request({{"op", "say"}, {"room", "main"}, {"text", "hi"}})));
  auto console = admin();
  auto snapshot = console->request({{"op", "subscribe"}});
  REQUIRE(is_ok(snapshot));
  AdminView view(snapshot);
  // Nicks and room lists reach the hub within its one-second update period.
  REQUIRE(view.follow(*console, [&] {
    const auto* b = view.client("bob");
    return view.client("alice") != nullptr && b != nullptr && (*b)["rooms"].size() == 2;
  }));
  const auto& alice_row = *view.client("alice");
  CHECK(alice_row["addr"].get<std::string>().rfind("127.0.0.1:", 0) == 0);
  CHECK(alice_row["rooms"] == Json::array({"main"}));
  // When it connected, in the protocol's timestamp format.
  CHECK(std::regex_match(alice_row.value("since", ""),
                         std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)")));
  CHECK(alice_row.value("since", "") <= confab::net::now_timestamp());
  CHECK(alice_row.contains("msgs_in"));
  CHECK(alice_row.contains("msgs_out"));
  REQUIRE(view.rooms.count("dev") == 1);
  CHECK(view.rooms["dev"]["members"] == 1);
  CHECK(view.rooms["main"]["members"] == 2);
  CHECK(snapshot["log"].size() > 0);
  bool saw_connect = false;
  for (const auto& line : snapshot["log"]) {
    saw_connect =
        saw_connect || line["text"].get<std::string>().find("hello alice") != std::string::npos;
  }
  CHECK(saw_connect);
}

TEST_CASE_FIXTURE(AdminFixture, "a console that subscribes late finds the traffic no one watched") {
  auto alice = login("alice");
  for (int i = 0; i < 3; ++i) {
    REQUIRE(is_ok(alice->request({{"op", "say"}, {"room", "main"}, {"text", "unwatched"}})));
  }
  // Traffic reaches the hub within a second whether or not a console
  // watches; each look is a new console, gone before the next look.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  for (;;) {
    auto console = admin();
    AdminView view(console->request({{"op", "subscribe"}}));
    const auto* row = view.client("alice");
    if (row != nullptr && (*row)["msgs_in"].get<int>() >= 4 &&  // hello, three says
        view.rooms["main"]["messages"] == 3) {
      break;
    }
    REQUIRE(std::chrono::steady_clock::now() < deadline);
    console.reset();
    alice->wait_for([](const Json&) { return false; }, std::chrono::milliseconds(200));
  }
}

TEST_CASE_FIXTURE(AdminFixture, "each client's row says whether it speaks JSON, text or IRC") {
  auto jane = login("jane");
  TestClient tom(server.port());
  tom.send_raw("tom\r\n");
  REQUIRE(tom.wait_for_text("welcome tom"));
  IrcClient ian(server.irc_port());
  ian.register_as("ian");
  ian.send("JOIN #dev");
  REQUIRE(ian.wait_for("366"));
  auto console = admin();
  auto snapshot = console->request({{"op", "subscribe"}});
  REQUIRE(is_ok(snapshot));
  AdminView view(snapshot);
  REQUIRE(view.follow(*console, [&] {
    const auto* irc_row = view.client("ian");
    return view.client("jane") != nullptr && view.client("tom") != nullptr && irc_row != nullptr &&
           (*irc_row)["rooms"].size() == 1;
  }));
  CHECK((*view.client("jane"))["dialect"] == "json");
  CHECK((*view.client("tom"))["dialect"] == "text");
  CHECK((*view.client("ian"))["dialect"] == "irc");
  CHECK((*view.client("ian"))["rooms"] == Json::array({"dev"}));
}

TEST_CASE_FIXTURE(AdminFixture, "live events follow connects, joins, new rooms and disconnects") {
  auto console = admin();
  AdminView view(console->request({{"op", "subscribe"}}));
  auto carol = login("carol");
  auto connected = console->wait_for(
      [](const Json& e) { return e.value("type", "") == "client" && e["event"] == "connect"; });
  REQUIRE(connected);
  view.apply(*connected);
  REQUIRE(view.follow(*console, [&] { return view.client("carol") != nullptr; }));

  REQUIRE(is_ok(carol->request({{"op", "create"}, {"room", "ops"}})));
  auto created = console->wait_for(
      [](const Json& e) { return e.value("type", "") == "room" && e["event"] == "create"; });
  REQUIRE(created);
  CHECK((*created)["name"] == "ops");
  REQUIRE(view.follow(*console, [&] {
    return (*view.client("carol"))["rooms"].size() == 2 && view.rooms["ops"]["members"] == 1;
  }));
  auto log_line = console->wait_for([](const Json& e) {
    return e.value("type", "") == "log" &&
           e["text"].get<std::string>().find("room ops created by carol") != std::string::npos;
  });
  CHECK(log_line);

  carol.reset();
  auto gone = console->wait_for(
      [](const Json& e) { return e.value("type", "") == "client" && e["event"] == "disconnect"; });
  REQUIRE(gone);
  view.apply(*gone);
  CHECK(view.client("carol") == nullptr);
}

TEST_CASE_FIXTURE(AdminFixture, "kick disconnects the user, announce reaches everyone") {
  auto alice = login("alice");
  auto bob = login("bob");
  auto nc = connect();
  nc->send_raw("tina\n");
  REQUIRE(nc->wait_for_text("welcome tina"));
  auto console = admin();

  auto announced = console->request({{"op", "announce"}, {"text", "maintenance at 18:00"}});
  REQUIRE(is_ok(announced));
  CHECK(announced["delivered"] == 3);
  for (auto* user : {alice.get(), bob.get()}) {
    auto notice = user->wait_for_type("notice");
    REQUIRE(notice);
    CHECK((*notice)["text"] == "maintenance at 18:00");
  }
  CHECK(nc->wait_for_text("* notice: maintenance at 18:00"));

  CHECK(is_ok(console->request({{"op", "kick"}, {"nick", "BOB"}, {"reason", "spamming"}})));
  auto kicked = bob->wait_for_type("kicked");
  REQUIRE(kicked);
  CHECK((*kicked)["reason"] == "spamming");
  CHECK(bob->wait_closed());
  CHECK(code_of(console->request({{"op", "kick"}, {"nick", "nobody"}})) == "no_such_user");
  CHECK(is_ok(alice->request({{"op", "ping"}})));
}

TEST_CASE_FIXTURE(AdminFixture,
                  "an administrator sets any room's topic, and members and consoles see it") {
  auto alice = login("alice");
  auto bob = login("bob");
  REQUIRE(is_ok(alice->request({{"op", "create"}, {"room", "dev"}, {"topic", "old news"}})));
  REQUIRE(is_ok(bob->request({{"op", "join"}, {"room", "dev"}})));
  auto console = admin();
  auto snapshot = console->request({{"op", "subscribe"}});
  AdminView view(snapshot);
  REQUIRE(view.rooms.count("dev") == 1);
  CHECK(view.rooms["dev"]["topic"] == "old news");

  // Not a member, not an operator: the admin port's word is enough.
  auto set = console->request({{"op", "topic"}, {"room", "DEV"}, {"topic", "release on Friday"}});
  REQUIRE(is_ok(set));
  CHECK(set["room"] == "dev");
  CHECK(set["topic"] == "release on Friday");
  for (auto* member : {alice.get(), bob.get()}) {
    auto event = member->wait_for_type("topic");
    REQUIRE(event);
    CHECK((*event)["room"] == "dev");
    CHECK((*event)["topic"] == "release on Friday");
    CHECK((*event)["by"] == "admin");
  }
  CHECK(view.follow(*console, [&] { return view.rooms["dev"]["topic"] == "release on Friday"; }));
  auto read = bob->request({{"op", "topic"}, {"room", "dev"}});
  CHECK(read["topic"] == "release on Friday");

  // An operator's change reaches the console too.
  REQUIRE(is_ok(alice->request({{"op", "topic"}, {"room", "dev"}, {"topic", "shipped"}})));
  CHECK(view.follow(*console, [&] { return view.rooms["dev"]["topic"] == "shipped"; }));

  CHECK(code_of(console->request({{"op", "topic"}, {"room", "nowhere"}, {"topic", "x"}})) ==
        "no_such_room");
  CHECK(code_of(console->request({{"op", "topic"}, {"room", "dev"}})) == "bad_request");
  CHECK(code_of(console->request({{"op", "topic"}, {"room", "dev"}, {"topic", "two\nlines"}})) ==
        "bad_request");
  CHECK(code_of(console->request(
            {{"op", "topic"}, {"room", "dev"}, {"topic", std::string(4001, 'x')}})) ==
        "bad_request");
  // An empty topic clears it.
  CHECK(is_ok(console->request({{"op", "topic"}, {"room", "dev"}, {"topic", ""}})));
  CHECK(bob->request({{"op", "topic"}, {"room", "dev"}})["topic"] == "");
}

TEST_CASE_FIXTURE(AdminFixture, "stats count connections, messages, bytes and uptime") {
  auto alice = login("alice");
  for (int i = 0; i < 5; ++i) {
    REQUIRE(is_ok(alice->request({{"op", "say"}, {"room", "main"}, {"text", "m"}})));
  }
  auto console = admin();
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  Json stats;
  do {
    stats = console->request({{"op", "stats"}});
    REQUIRE(is_ok(stats));
  } while (stats["bytes_in"] == 0 && std::chrono::steady_clock::now() < deadline);
  CHECK(stats["connections"] == 1);
  CHECK(stats["messages"] == 5);
  CHECK(stats["bytes_in"].get<std::int64_t>() > 0);
  CHECK(stats["bytes_out"].get<std::int64_t>() > 0);
  CHECK(stats.contains("uptime_s"));
  CHECK(stats.contains("messages_per_s"));
}

TEST_CASE_FIXTURE(AdminFixture, "with 50 clients chatting the tables match the server") {
  auto console = admin();
  AdminView view(console->request({{"op", "subscribe"}}));
  std::vector<std::unique_ptr<TestClient>> users;
  auto host = login("host");
  REQUIRE(is_ok(host->request({{"op", "create"}, {"room", "busy"}})));
  for (int i = 0; i < 50; ++i) {
    users.push_back(login("user" + std::to_string(i)));
    if (i % 2 == 0) {
      REQUIRE(is_ok(users.back()->request({{"op", "join"}, {"room", "busy"}})));
    }
  }
  for (int round = 0; round < 4; ++round) {
    for (int i = 0; i < 50; i += 2) {
      REQUIRE(is_ok(users[static_cast<std::size_t>(i)]->request(
          {{"op", "say"}, {"room", "busy"}, {"text", "r" + std::to_string(round)}})));
    }
  }
  users[49].reset();
  const bool matches = view.follow(*console, [&] {
    // Rooms and clients report on their own, so the quit reaches the room
    // row and the client table in either order.
    if (view.clients.size() != 50 || view.rooms["main"]["members"] != 50 ||
        view.rooms["busy"]["members"] != 26 || view.rooms["busy"]["messages"] != 100) {
      return false;
    }
    for (int i = 0; i < 49; ++i) {
      const auto* row = view.client("user" + std::to_string(i));
      if (row == nullptr || (*row)["rooms"].size() != (i % 2 == 0 ? 2u : 1u)) {
        return false;
      }
    }
    // Counters come with the hub's once-a-second updates: hello, join and
    // four says.
    return view.client("user49") == nullptr && (*view.client("user0"))["msgs_in"] >= 6;
  });
  CHECK(matches);
}

TEST_CASE("without --admin-token a token is generated once, private to its owner") {
  TempDir dir;
  const auto db = dir.file("chat.db");
  std::string token;
  {
    ConfabdProcess server(db);
    std::ifstream file(db + ".admin-token");
    REQUIRE(std::getline(file, token));
    CHECK(token.size() >= 32);
    struct stat info {};
    REQUIRE(stat((db + ".admin-token").c_str(), &info) == 0);
    CHECK((info.st_mode & 0777) == 0600);
    CHECK(server.wait_for_log("admin token generated in"));
  }
  ConfabdProcess server(db);
  CHECK(server.wait_for_log("admin token read from"));
  TestClient console(server.admin_port());
  CHECK(is_ok(console.request({{"op", "hello"}, {"token", token}})));
}
