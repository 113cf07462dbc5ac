#include <signal.h>

#include <algorithm>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include "common/sha256.hpp"
#include "tests/integration/server_fixture.hpp"
#include "tests/support/database_queries.hpp"
#include "tests/support/file_transfer_client.hpp"
#include "tests/support/irc_client.hpp"
#include "tests/support/loopback_socket.hpp"
#include "tests/support/nats_server_process.hpp"

using namespace confab::test;

namespace {

// A node's heartbeat's time to live is 3 s: a killed node is judged gone
// within that plus a heartbeat, well inside this.
constexpr auto kJudged = std::chrono::seconds(10);
constexpr const char* kAdminToken = "cluster-token";

// A real nats-server and confabd nodes on it, each with its own database.
struct Cluster {
  TempDir dir;
  NatsServerProcess nats{dir.path()};
  std::map<std::string, std::unique_ptr<ConfabdProcess>> nodes;

  std::vector<std::string> args(const std::string& name) const {
    return {"--cluster",  nats.url(), "--node",        name,
            "--irc-port", "0",        "--admin-token", kAdminToken};
  }

  // Starts node `name` (again: its previous process is gone by then).
  ConfabdProcess& start(const std::string& name) {
    auto& node = nodes[name];
    node.reset();
    node = std::make_unique<ConfabdProcess>(dir.file(name + ".db"), args(name));
    return *node;
  }

  // Starts the nodes in turn; returns once the first knows them all.
  void start_all(const std::vector<std::string>& names) {
    for (const auto& name : names) {
      start(name);
    }
    auto sorted = names;
    std::sort(sorted.begin(), sorted.end());
    std::string all;
    for (const auto& name : sorted) {
      all += all.empty() ? name : ", " + name;
    }
    REQUIRE((*this)[names.front()].wait_for_log("nodes: " + all, kJudged));
  }

  ConfabdProcess& operator[](const std::string& name) { return *nodes.at(name); }
};

// Asks again while `again` holds of the answer, until the deadline: what
// one node did reaches the others in their own time.
Json ask_while(const std::function<Json()>& ask, const std::function<bool(const Json&)>& again) {
  const auto deadline = std::chrono::steady_clock::now() + kJudged;
  Json answer;
  do {
    answer = ask();
  } while (again(answer) && std::chrono::steady_clock::now() < deadline);
  return answer;
}

bool refused_as(const Json& reply, const char* code) {
  return code_of(reply) == code;
}

// Three nodes, with alice logged in on a, bob on b and carol on c.
struct ThreeNodes {
  Cluster cluster;
  std::unique_ptr<TestClient> alice;
  std::unique_ptr<TestClient> bob;
  std::unique_ptr<TestClient> carol;

  ThreeNodes() {
    cluster.start_all({"a", "b", "c"});
    alice = logged_in("a", "alice");
    bob = logged_in("b", "bob");
    carol = logged_in("c", "carol");
  }

  std::unique_ptr<TestClient> logged_in(const std::string& node, const std::string& nick) {
    auto client = std::make_unique<TestClient>(cluster[node].port());
    client->hello(nick);
    return client;
  }
};

}  // namespace

TEST_CASE("three nodes on one NATS server know one another") {
  Cluster cluster;
  cluster.start("a");
  cluster.start("b");
  cluster.start("c");
  for (const auto* name : {"a", "b", "c"}) {
    CAPTURE(name);
    CHECK(cluster[name].wait_for_log("nodes: a, b, c", kJudged));
  }
  // A node still serves its own clients as a single server does.
  TestClient client(cluster["b"].port());
  CHECK(is_ok(client.hello("bob")));
  CHECK(is_ok(client.request({{"op", "say"}, {"room", "main"}, {"text", "hello"}})));
}

TEST_CASE("a stopped node leaves at once, a killed one is judged gone by its silence") {
  Cluster cluster;
  cluster.start_all({"a", "b", "c"});

  CHECK(cluster["c"].terminate() == 0);
  CHECK(cluster["a"].wait_for_log("node c left; nodes: a, b", kJudged));

  cluster["b"].kill_hard();
  CHECK(cluster["a"].wait_for_log("node b is gone (no heartbeat for 3 s); nodes: a", kJudged));
}

TEST_CASE("a node name a running node has is refused") {
  Cluster cluster;
  cluster.start("a");
  // Another process, another database, the same name.
  CHECK_THROWS_WITH(ConfabdProcess(cluster.dir.file("other.db"), cluster.args("a")),
                    doctest::Contains("node name a is in use by a running node"));
  CHECK(cluster["a"].log().find("left") == std::string::npos);
}

TEST_CASE("a node killed and started again takes its name back") {
  Cluster cluster;
  cluster.start_all({"b", "a"});
  cluster["a"].kill_hard();
  // Its entry in NATS lives on until its time to live is over.
  auto& again = cluster.start("a");
  CHECK(again.log().find("waiting for node a's previous run to expire") != std::string::npos);
  CHECK(again.wait_for_log("nodes: a, b", kJudged));
}

TEST_CASE("without NATS, or without its JetStream, a node does not start and says why") {
  TempDir dir;
  const auto nowhere = "nats://127.0.0.1:" + std::to_string(free_loopback_port());
  CHECK_THROWS_WITH(ConfabdProcess(dir.file("chat.db"), {"--cluster", nowhere, "--node", "a"}),
                    doctest::Contains("cannot join the cluster: cannot reach NATS"));
  // A NATS server started without JetStream has no key-value store.
  NatsServerProcess plain(dir.path(), false);
  CHECK_THROWS_WITH(ConfabdProcess(dir.file("chat.db"), {"--cluster", plain.url(), "--node", "a"}),
                    doctest::Contains("start nats-server with -js"));
}

TEST_CASE("nodes ride out a NATS restart and still notice a node dying after it") {
  Cluster cluster;
  cluster.start_all({"a", "b"});
  cluster.nats.restart();
  CHECK(cluster["a"].wait_for_log("reconnected to NATS", kJudged));
  CHECK(cluster["b"].wait_for_log("reconnected to NATS", kJudged));
  cluster["b"].kill_hard();
  CHECK(cluster["a"].wait_for_log("node b is gone", kJudged));
  CHECK(cluster["a"].log().find("node b is gone") > cluster["a"].log().find("reconnected to NATS"));
}

namespace {

// Logs in as `nick` on `port` until the nick is no longer taken or the
// deadline passes (a release reaches the other nodes asynchronously).
Json hello_once_free(std::uint16_t port, const std::string& nick,
                     std::unique_ptr<TestClient>& client,
                     std::optional<std::string> password = {}) {
  return ask_while(
      [&] {
        client = std::make_unique<TestClient>(port);
        Json hello{{"op", "hello"}, {"nick", nick}};
        if (password) {
          hello["password"] = *password;
        }
        return client->request(hello);
      },
      [](const Json& reply) { return refused_as(reply, "nick_taken"); });
}

}  // namespace

TEST_CASE("a nick online on one node is refused on the others until its user quits") {
  Cluster cluster;
  cluster.start_all({"a", "b"});
  auto alice = std::make_unique<TestClient>(cluster["a"].port());
  REQUIRE(is_ok(alice->hello("alice")));

  TestClient impostor(cluster["b"].port());
  // Nicks compare case-insensitively.
  const auto refused = impostor.request({{"op", "hello"}, {"nick", "ALICE"}});
  CHECK(code_of(refused) == "nick_taken");
  CHECK(refused.value("message", "").find("in use on another node") != std::string::npos);
  TestClient bob(cluster["b"].port());
  CHECK(is_ok(bob.hello("bob")));

  alice.reset();
  std::unique_ptr<TestClient> again;
  CHECK(is_ok(hello_once_free(cluster["b"].port(), "alice", again)));
  TestClient late(cluster["a"].port());
  CHECK(code_of(late.request({{"op", "hello"}, {"nick", "alice"}})) == "nick_taken");
}

TEST_CASE("the nicks of a killed node's users are free once it is judged gone") {
  Cluster cluster;
  cluster.start_all({"b", "a"});
  TestClient alice(cluster["a"].port());
  REQUIRE(is_ok(alice.hello("alice")));
  cluster["a"].kill_hard();
  REQUIRE(cluster["b"].wait_for_log("node a is gone", kJudged));
  TestClient back(cluster["b"].port());
  CHECK(is_ok(back.hello("alice")));
  // The killed node comes back without the claims of its previous run.
  cluster.start("a");
  TestClient carol(cluster["a"].port());
  CHECK(is_ok(carol.hello("carol")));
  TestClient other(cluster["a"].port());
  CHECK(code_of(other.request({{"op", "hello"}, {"nick", "alice"}})) == "nick_taken");
}

TEST_CASE("a restarted NATS server gets the nodes' nick claims back") {
  Cluster cluster;
  cluster.start_all({"a", "b"});
  TestClient alice(cluster["a"].port());
  REQUIRE(is_ok(alice.hello("alice")));
  // NATS keeps the buckets in memory: a restart loses every claim.
  cluster.nats.restart();
  REQUIRE(cluster["a"].wait_for_log("claims written back", kJudged));
  REQUIRE(cluster["b"].wait_for_log("claims written back", kJudged));
  TestClient impostor(cluster["b"].port());
  CHECK(code_of(impostor.request({{"op", "hello"}, {"nick", "alice"}})) == "nick_taken");
}

TEST_CASE("the admin port's stats name the node and the live nodes") {
  Cluster cluster;
  cluster.start_all({"b", "a"});
  TestClient admin(cluster["a"].admin_port());
  REQUIRE(is_ok(admin.request({{"op", "hello"}, {"token", kAdminToken}})));
  const auto stats = admin.request({{"op", "stats"}});
  REQUIRE(is_ok(stats));
  CHECK(stats["node"] == "a");
  CHECK(stats["nodes"] == Json::array({"a", "b"}));
  // A message said on another node is one this node stored too.
  TestClient bob(cluster["b"].port());
  REQUIRE(is_ok(bob.hello("bob")));
  REQUIRE(is_ok(bob.request({{"op", "say"}, {"room", "main"}, {"text", "counted"}})));
  const auto counted = ask_while(
      [&] {
        return admin.request({{"op", "stats"}});
      },
      [](const Json& stats) { return stats.value("messages", 0) == 0; });
  CHECK(counted["messages"] == 1);

  // A single server has no node to name.
  ConfabdProcess single(cluster.dir.file("single.db"), {"--admin-token", kAdminToken});
  TestClient single_admin(single.admin_port());
  REQUIRE(is_ok(single_admin.request({{"op", "hello"}, {"token", kAdminToken}})));
  const auto single_stats = single_admin.request({{"op", "stats"}});
  REQUIRE(is_ok(single_stats));
  CHECK_FALSE(single_stats.contains("node"));
  CHECK_FALSE(single_stats.contains("nodes"));
}

namespace {

// The room messages `client` receives until it has `count` (or the
// deadline passes), in arrival order.
std::vector<Json> messages_seen(TestClient& client, std::size_t count) {
  std::vector<Json> seen;
  while (seen.size() < count) {
    auto message = client.wait_for_type("message", kJudged);
    if (!message) {
      break;
    }
    seen.push_back(*message);
  }
  return seen;
}

// Joins `room` on a node that may not have applied its creation yet.
Json join_when_known(TestClient& client, const std::string& room) {
  return ask_while(
      [&] {
        return client.request({{"op", "join"}, {"room", room}});
      },
      [](const Json& reply) { return refused_as(reply, "no_such_room"); });
}

// Until the answer lists messages (or the deadline passes).
bool none_yet(const Json& reply) {
  return !is_ok(reply) || reply["messages"].empty();
}

}  // namespace

TEST_CASE("a room's members on three nodes see one another's messages in one order, once") {
  ThreeNodes nodes;
  auto& alice = *nodes.alice;
  auto& bob = *nodes.bob;
  auto& carol = *nodes.carol;

  std::map<std::string, std::int64_t> acked;  // text → msg_id
  for (int round = 0; round < 5; ++round) {
    for (auto* speaker : {&alice, &bob, &carol}) {
      const auto text = std::to_string(speaker->fd()) + "/" + std::to_string(round);
      const auto ok = speaker->request({{"op", "say"}, {"room", "main"}, {"text", text}});
      REQUIRE(is_ok(ok));
      acked[text] = ok["msg_id"].get<std::int64_t>();
    }
  }
  std::vector<std::int64_t> in_ack_order;
  for (const auto& [text, id] : acked) {
    in_ack_order.push_back(id);
  }
  for (auto* reader : {&alice, &bob, &carol}) {
    CAPTURE(reader->fd());
    const auto seen = messages_seen(*reader, 10);
    REQUIRE(seen.size() == 10);
    std::int64_t previous = 0;
    for (const auto& message : seen) {
      const auto text = message["text"].get<std::string>();
      // Not its own, each under the id its sender was told, in id order.
      CHECK(text.rfind(std::to_string(reader->fd()) + "/", 0) != 0);
      REQUIRE(acked.count(text) == 1);
      CHECK(message["msg_id"] == acked[text]);
      CHECK(message["msg_id"].get<std::int64_t>() > previous);
      previous = message["msg_id"].get<std::int64_t>();
    }
    CHECK_FALSE(reader->wait_for_type("message", std::chrono::milliseconds(300)));
  }
}

TEST_CASE("a room created on one node is joined, read and searched on the others") {
  Cluster cluster;
  cluster.start_all({"a", "b", "c"});
  TestClient alice(cluster["a"].port());
  TestClient bob(cluster["b"].port());
  REQUIRE(is_ok(alice.hello("alice")));
  REQUIRE(is_ok(bob.hello("bob")));
  REQUIRE(is_ok(alice.request({{"op", "create"}, {"room", "dev"}, {"topic", "releases"}})));
  const auto joined = join_when_known(bob, "dev");
  REQUIRE(is_ok(joined));
  CHECK(joined["topic"] == "releases");
  // One name, one room: the log already has it.
  CHECK(code_of(bob.request({{"op", "create"}, {"room", "DEV"}})) == "room_exists");

  REQUIRE(is_ok(alice.request({{"op", "say"}, {"room", "dev"}, {"text", "deploy at noon"}})));
  const auto heard = bob.wait_for_type("message", kJudged);
  REQUIRE(heard);
  CHECK((*heard)["room"] == "dev");
  CHECK((*heard)["from"] == "alice");

  TestClient carol(cluster["c"].port());
  REQUIRE(is_ok(carol.hello("carol")));
  REQUIRE(is_ok(join_when_known(carol, "dev")));
  const auto history = ask_while(
      [&] {
        return carol.request({{"op", "history"}, {"room", "dev"}});
      },
      none_yet);
  REQUIRE(is_ok(history));
  REQUIRE(history["messages"].size() == 1);
  CHECK(history["messages"][0]["text"] == "deploy at noon");
  CHECK(history["messages"][0]["msg_id"] == (*heard)["msg_id"]);

  const auto found = ask_while(
      [&] {
        return carol.request({{"op", "search"}, {"query", "noon"}});
      },
      none_yet);
  REQUIRE(is_ok(found));
  REQUIRE(found["messages"].size() == 1);
  CHECK(found["messages"][0]["room"] == "dev");
}

TEST_CASE("a node that was down catches up on the messages it missed") {
  Cluster cluster;
  cluster.start_all({"a", "b"});
  cluster["b"].kill_hard();
  TestClient alice(cluster["a"].port());
  REQUIRE(is_ok(alice.hello("alice")));
  std::vector<std::int64_t> acked;
  for (const auto* text : {"one", "two", "three"}) {
    const auto ok = alice.request({{"op", "say"}, {"room", "main"}, {"text", text}});
    REQUIRE(is_ok(ok));
    acked.push_back(ok["msg_id"].get<std::int64_t>());
  }
  cluster.start("b");
  TestClient bob(cluster["b"].port());
  REQUIRE(is_ok(bob.hello("bob")));
  const auto history = ask_while(
      [&] {
        return bob.request({{"op", "history"}, {"room", "main"}});
      },
      [](const Json& reply) { return is_ok(reply) && reply["messages"].size() < 3; });
  REQUIRE(is_ok(history));
  std::vector<std::int64_t> kept;
  for (const auto& message : history["messages"]) {
    kept.push_back(message["msg_id"].get<std::int64_t>());
  }
  CHECK(kept == acked);
}

namespace {

std::optional<Json> presence_of(TestClient& client, const std::string& nick,
                                const std::string& event) {
  return client.wait_for(
      [&](const Json& frame) {
        return frame.value("type", "") == "presence" && frame.value("nick", "") == nick &&
               frame.value("event", "") == event;
      },
      kJudged);
}

// The room's member list as `client` is told, once it equals `expected`
// (the log reaches each node in its own time), or as last told.
Json users_when(TestClient& client, const std::string& room, const Json& expected) {
  return ask_while(
      [&] {
        auto users = client.request({{"op", "users"}, {"room", room}})["users"];
        std::sort(users.begin(), users.end());
        return users;
      },
      [&](const Json& users) { return users != expected; });
}

}  // namespace

TEST_CASE("members on other nodes are listed and come and go, and a killed node's users quit") {
  ThreeNodes nodes;
  auto& cluster = nodes.cluster;
  auto& alice = *nodes.alice;
  auto& bob = *nodes.bob;
  auto& carol = *nodes.carol;
  // `users` without a room: everyone online, on every node.
  const auto everyone = ask_while(
      [&] {
        return bob.request({{"op", "users"}})["users"];
      },
      [](const Json& users) {
        return users != Json::array({"alice", "bob", "carol"});
      });
  CHECK(everyone == Json::array({"alice", "bob", "carol"}));
  REQUIRE(is_ok(alice.request({{"op", "create"}, {"room", "dev"}})));
  REQUIRE(is_ok(join_when_known(bob, "dev")));
  CHECK(presence_of(alice, "bob", "join"));
  REQUIRE(is_ok(join_when_known(carol, "dev")));
  CHECK(presence_of(alice, "carol", "join"));
  CHECK(presence_of(bob, "carol", "join"));
  CHECK(users_when(carol, "dev", Json::array({"alice", "bob", "carol"})) ==
        Json::array({"alice", "bob", "carol"}));

  REQUIRE(is_ok(carol.request({{"op", "leave"}, {"room", "dev"}})));
  CHECK(presence_of(alice, "carol", "leave"));
  CHECK(users_when(bob, "dev", Json::array({"alice", "bob"})) == Json::array({"alice", "bob"}));

  // bob's node dies with him: the others see him quit once it is judged
  // gone, and the room goes on without him.
  cluster["b"].kill_hard();
  CHECK(presence_of(alice, "bob", "quit"));
  CHECK(users_when(alice, "dev", Json::array({"alice"})) == Json::array({"alice"}));
  REQUIRE(is_ok(join_when_known(carol, "dev")));
  REQUIRE(is_ok(carol.request({{"op", "say"}, {"room", "dev"}, {"text", "still here?"}})));
  const auto heard = alice.wait_for_type("message", kJudged);
  REQUIRE(heard);
  CHECK((*heard)["text"] == "still here?");
}

TEST_CASE("a restarted node learns who is already in each room") {
  Cluster cluster;
  cluster.start_all({"a", "b"});
  TestClient alice(cluster["a"].port());
  REQUIRE(is_ok(alice.hello("alice")));
  {
    TestClient bob(cluster["b"].port());
    REQUIRE(is_ok(bob.hello("bob")));
    // Stored on b after alice joined: b follows the log on from here when it
    // comes back, past her join.
    REQUIRE(is_ok(bob.request({{"op", "say"}, {"room", "main"}, {"text", "back soon"}})));
  }
  REQUIRE(cluster["b"].terminate() == 0);
  cluster.start("b");
  TestClient dave(cluster["b"].port());
  REQUIRE(is_ok(dave.hello("dave")));
  CHECK(users_when(dave, "main", Json::array({"alice", "dave"})) == Json::array({"alice", "dave"}));
}

TEST_CASE("an account registered on one node is the same account on every node") {
  Cluster cluster;
  cluster.start_all({"a", "b"});
  {
    TestClient alice(cluster["a"].port());
    REQUIRE(is_ok(alice.hello("alice", std::string("s3cret-pass"))));
  }
  // b learns of it through the log; until then the nick may still be held
  // by her session on a.
  std::unique_ptr<TestClient> client;
  const auto guest = ask_while(
      [&] {
        client = std::make_unique<TestClient>(cluster["b"].port());
        return client->request({{"op", "hello"}, {"nick", "alice"}});
      },
      [](const Json& reply) { return !refused_as(reply, "auth_failed"); });
  CHECK(code_of(guest) == "auth_failed");  // a guest may not take an account's nick
  TestClient wrong(cluster["b"].port());
  CHECK(code_of(wrong.request({{"op", "hello"}, {"nick", "alice"}, {"password", "guess"}})) ==
        "auth_failed");
  TestClient alice_on_b(cluster["b"].port());
  CHECK(is_ok(alice_on_b.hello("alice", std::string("s3cret-pass"))));
}

TEST_CASE("private messages reach users on other nodes, and accounts offline") {
  Cluster cluster;
  cluster.start_all({"a", "b"});
  TestClient alice(cluster["a"].port());
  TestClient bob(cluster["b"].port());
  REQUIRE(is_ok(alice.hello("alice")));
  REQUIRE(is_ok(bob.hello("bob", std::string("bob-password"))));
  const auto sent = alice.request({{"op", "pm"}, {"to", "bob"}, {"text", "psst"}});
  REQUIRE(is_ok(sent));
  const auto got = bob.wait_for_type("pm", kJudged);
  REQUIRE(got);
  CHECK((*got)["from"] == "alice");
  CHECK((*got)["text"] == "psst");
  CHECK((*got)["msg_id"] == sent["msg_id"]);
  REQUIRE(is_ok(bob.request({{"op", "pm"}, {"to", "alice"}, {"text", "what?"}})));
  CHECK(alice.wait_for_type("pm", kJudged));
  CHECK(code_of(alice.request({{"op", "pm"}, {"to", "nobody"}, {"text", "hello?"}})) ==
        "no_such_user");

  // carol's account, made on b, gets on a what was sent while she was away.
  {
    TestClient carol(cluster["b"].port());
    REQUIRE(is_ok(carol.hello("carol", std::string("carol-password"))));
  }
  // Gone from b (a message to a closing connection is lost there as on any
  // single server).
  const auto online = ask_while(
      [&] {
        return bob.request({{"op", "users"}})["users"];
      },
      [](const Json& users) { return users.size() != 2; });
  REQUIRE(online == Json::array({"alice", "bob"}));
  const auto offline = ask_while(
      [&] {
        return alice.request({{"op", "pm"}, {"to", "carol"}, {"text", "call me"}});
      },
      [](const Json& reply) { return refused_as(reply, "no_such_user"); });
  REQUIRE(is_ok(offline));
  std::unique_ptr<TestClient> carol;
  REQUIRE(is_ok(hello_once_free(cluster["a"].port(), "carol", carol, "carol-password")));
  const auto waiting = carol->wait_for_type("pm", kJudged);
  REQUIRE(waiting);
  CHECK((*waiting)["text"] == "call me");

  // bob reads the conversation on his node, though alice wrote from hers.
  const auto history = bob.request({{"op", "history"}, {"with", "alice"}});
  REQUIRE(is_ok(history));
  CHECK(history["messages"].size() == 2);
}

namespace {

// A file's download on `client`'s node, asked again while that node has
// not stored the file's message yet (the log reaches it in its own time).
Downloaded download_when_there(TestClient& client, std::int64_t file_id) {
  Downloaded got;
  const auto deadline = std::chrono::steady_clock::now() + kJudged;
  do {
    got = download(client, file_id);
  } while (refused_as(got.reply, "no_such_file") && std::chrono::steady_clock::now() < deadline);
  return got;
}

// A private upload to `to`, asked again while `to`'s account has not
// reached the uploader's node.
Json upload_when_known(TestClient& client, const std::string& to, const std::string& name,
                       const std::string& bytes) {
  return ask_while(
      [&] {
        return upload(client, {{"to", to}}, name, bytes);
      },
      [](const Json& reply) { return refused_as(reply, "no_such_user"); });
}

void check_intact(const Downloaded& got, const std::string& bytes) {
  REQUIRE(is_ok(got.reply));
  CHECK(got.ended);
  CHECK(got.bytes.size() == bytes.size());
  CHECK(confab::Sha256::of(got.bytes) == confab::Sha256::of(bytes));
}

// Whether `db` holds the whole file in its own chunks, as `sqlite3` sees
// it, once the node has copied them (or by the deadline).
bool copied_whole(const std::string& db, std::int64_t file_id, std::size_t size) {
  const auto id = std::to_string(file_id);
  const auto deadline = std::chrono::steady_clock::now() + kJudged;
  for (;;) {
    const bool whole =
        count_rows(db,
                   "SELECT COUNT(*) FROM files WHERE file_id = ? AND complete = 1 AND "
                   "origin_node IS NULL",
                   {id}) == 1 &&
        count_rows(db, "SELECT SUM(length(data)) FROM file_chunks WHERE file_id = ?", {id}) ==
            static_cast<std::int64_t>(size);
    if (whole || std::chrono::steady_clock::now() >= deadline) {
      return whole;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

}  // namespace

TEST_CASE("a file shared in a room downloads intact on every node, by one id") {
  ThreeNodes three;
  // Several chunks, the last a short one.
  const auto bytes = random_bytes(200 * 1024 + 5, 11);
  const auto done = upload(*three.alice, {{"room", "main"}}, "notes.bin", bytes);
  REQUIRE(is_ok(done));
  const auto file_id = done["file_id"].get<std::int64_t>();
  CHECK(file_id == done["msg_id"].get<std::int64_t>());
  CHECK(file_id > (std::int64_t{1} << 40));

  for (auto* client : {three.bob.get(), three.carol.get()}) {
    const auto event = client->wait_for_type("file", kJudged);
    REQUIRE(event);
    CHECK((*event)["file_id"] == file_id);
    CHECK((*event)["name"] == "notes.bin");
    CHECK((*event)["from"] == "alice");
    CHECK((*event)["size"] == bytes.size());
    check_intact(download_when_there(*client, file_id), bytes);
    const auto files = client->request({{"op", "files"}, {"room", "main"}});
    REQUIRE(files["files"].size() == 1);
    CHECK(files["files"][0]["file_id"] == file_id);
    const auto history = client->request({{"op", "history"}, {"room", "main"}});
    REQUIRE(history["messages"].size() == 1);
    CHECK(history["messages"][0]["type"] == "file");
    CHECK(history["messages"][0]["file_id"] == file_id);
  }
  CHECK_FALSE(three.alice->wait_for_type("file", std::chrono::milliseconds(200)));
  check_intact(download(*three.alice, file_id), bytes);

  // Every node keeps the bytes in its own database, under the same id.
  for (const auto* node : {"a", "b", "c"}) {
    CAPTURE(node);
    CHECK(copied_whole(three.cluster.dir.file(std::string(node) + ".db"), file_id, bytes.size()));
  }
}

TEST_CASE("a private file reaches an account on another node, online or later") {
  Cluster cluster;
  cluster.start_all({"a", "b", "c"});
  // Each logs in as it connects: a connection silent for a second (while
  // another's password is hashed, slow under sanitizers) is text mode.
  TestClient alice(cluster["a"].port());
  REQUIRE(is_ok(alice.hello("alice", std::string("alice-password"))));
  TestClient bob(cluster["b"].port());
  REQUIRE(is_ok(bob.hello("bob", std::string("bob-password"))));
  const auto bytes = random_bytes(100 * 1024, 12);
  const auto done = upload_when_known(alice, "bob", "for-bob.bin", bytes);
  REQUIRE(is_ok(done));
  const auto file_id = done["file_id"].get<std::int64_t>();
  const auto event = bob.wait_for_type("file", kJudged);
  REQUIRE(event);
  CHECK((*event)["file_id"] == file_id);
  CHECK((*event)["to"] == "bob");
  check_intact(download_when_there(bob, file_id), bytes);

  // Only its two parties may read it, on any node.
  TestClient dave(cluster["c"].port());
  REQUIRE(is_ok(dave.hello("dave", std::string("dave-password"))));
  CHECK(refused_as(download_when_there(dave, file_id).reply, "forbidden"));

  // carol's account, made on c, finds on b what was sent while she was away.
  {
    TestClient carol(cluster["c"].port());
    REQUIRE(is_ok(carol.hello("carol", std::string("carol-password"))));
  }
  const auto later = random_bytes(70 * 1024, 13);
  const auto sent = upload_when_known(alice, "carol", "for-carol.bin", later);
  REQUIRE(is_ok(sent));
  std::unique_ptr<TestClient> carol;
  REQUIRE(is_ok(hello_once_free(cluster["b"].port(), "carol", carol, "carol-password")));
  const auto waiting = carol->wait_for_type("file", kJudged);
  REQUIRE(waiting);
  CHECK((*waiting)["file_id"] == sent["file_id"]);
  check_intact(download_when_there(*carol, sent["file_id"].get<std::int64_t>()), later);
}

TEST_CASE("a shared file outlives the node it was uploaded to") {
  Cluster cluster;
  cluster.start_all({"a", "b"});
  TestClient alice(cluster["a"].port());
  TestClient bob(cluster["b"].port());
  REQUIRE(is_ok(alice.hello("alice")));
  REQUIRE(is_ok(bob.hello("bob")));
  const auto bytes = random_bytes(300 * 1024, 14);
  const auto done = upload(alice, {{"room", "main"}}, "keep.bin", bytes);
  REQUIRE(is_ok(done));
  const auto file_id = done["file_id"].get<std::int64_t>();
  // Acknowledged, then the node it was uploaded to dies.
  cluster["a"].kill_hard();
  REQUIRE(bob.wait_for_type("file", kJudged));
  check_intact(download_when_there(bob, file_id), bytes);
  CHECK(copied_whole(cluster.dir.file("b.db"), file_id, bytes.size()));

  // b restarted alone still serves it, from its own database.
  cluster.start("b");
  TestClient again(cluster["b"].port());
  REQUIRE(is_ok(again.hello("bob")));
  check_intact(download(again, file_id), bytes);
}

TEST_CASE("chat between nodes goes on after NATS restarts") {
  Cluster cluster;
  cluster.start_all({"a", "b"});
  TestClient alice(cluster["a"].port());
  TestClient bob(cluster["b"].port());
  REQUIRE(is_ok(alice.hello("alice")));
  REQUIRE(is_ok(bob.hello("bob")));
  REQUIRE(is_ok(alice.request({{"op", "say"}, {"room", "main"}, {"text", "before"}})));
  REQUIRE(bob.wait_for_type("message", kJudged));

  cluster.nats.restart();
  REQUIRE(cluster["a"].wait_for_log("reconnected to NATS", kJudged));
  REQUIRE(cluster["b"].wait_for_log("reconnected to NATS", kJudged));
  // The log is on NATS's disk: it outlives the restart, and each node's
  // consumer picks up where it was.
  REQUIRE(is_ok(alice.request({{"op", "say"}, {"room", "main"}, {"text", "after"}}, kJudged)));
  const auto after = bob.wait_for_type("message", kJudged);
  REQUIRE(after);
  CHECK((*after)["text"] == "after");
  REQUIRE(is_ok(bob.request({{"op", "say"}, {"room", "main"}, {"text", "heard you"}}, kJudged)));
  const auto reply = alice.wait_for_type("message", kJudged);
  REQUIRE(reply);
  CHECK((*reply)["text"] == "heard you");
}

TEST_CASE("a room's topic, operator and kicks hold on every node") {
  Cluster cluster;
  cluster.start_all({"a", "b", "c"});
  auto alice = std::make_unique<TestClient>(cluster["a"].port());
  TestClient bob(cluster["b"].port());
  TestClient carol(cluster["c"].port());
  REQUIRE(is_ok(bob.hello("bob")));
  REQUIRE(is_ok(carol.hello("carol")));
  REQUIRE(is_ok(alice->hello("alice", std::string("alice-password"))));
  REQUIRE(is_ok(alice->request({{"op", "create"}, {"room", "ops"}})));
  REQUIRE(is_ok(join_when_known(bob, "ops")));
  REQUIRE(is_ok(join_when_known(carol, "ops")));
  REQUIRE(presence_of(*alice, "carol", "join"));

  // Every node knows who operates the room: IRC shows her as @alice.
  IrcClient ivan(cluster["c"].irc_port());
  ivan.register_as("ivan");
  ivan.send("JOIN #ops");
  const auto names = ivan.wait_for("353");
  REQUIRE(names);
  CHECK(names->params.back().find("@alice") != std::string::npos);
  CHECK(names->params.back().find("@bob") == std::string::npos);
  ivan.send("PART #ops");
  REQUIRE(ivan.wait_for("PART"));

  CHECK(code_of(bob.request({{"op", "topic"}, {"room", "ops"}, {"topic", "mine now"}})) ==
        "forbidden");
  REQUIRE(is_ok(alice->request({{"op", "topic"}, {"room", "ops"}, {"topic", "release at 5"}})));
  for (auto* member : {&bob, &carol}) {
    const auto told = member->wait_for_type("topic", kJudged);
    REQUIRE(told);
    CHECK((*told)["topic"] == "release at 5");
    CHECK((*told)["by"] == "alice");
  }
  CHECK(carol.request({{"op", "topic"}, {"room", "ops"}})["topic"] == "release at 5");

  // bob is on another node than his operator: his node removes him.
  const auto kick =
      alice->request({{"op", "kick"}, {"room", "ops"}, {"nick", "bob"}, {"reason", "off topic"}});
  REQUIRE(is_ok(kick));
  CHECK(kick["nick"] == "bob");
  const auto removed = bob.wait_for_type("kicked", kJudged);
  REQUIRE(removed);
  CHECK((*removed)["room"] == "ops");
  CHECK((*removed)["by"] == "alice");
  const auto seen = presence_of(carol, "bob", "kick");
  REQUIRE(seen);
  CHECK((*seen)["reason"] == "off topic");
  CHECK(code_of(bob.request({{"op", "say"}, {"room", "ops"}, {"text", "hey"}})) == "not_member");
  CHECK(users_when(carol, "ops", Json::array({"alice", "carol"})) ==
        Json::array({"alice", "carol"}));
  CHECK(is_ok(bob.request({{"op", "ping"}})));

  // The creator's account makes her the operator wherever she logs in.
  alice.reset();
  std::unique_ptr<TestClient> alice_on_c;
  REQUIRE(is_ok(hello_once_free(cluster["c"].port(), "alice", alice_on_c, "alice-password")));
  REQUIRE(is_ok(alice_on_c->request({{"op", "join"}, {"room", "ops"}})));
  REQUIRE(is_ok(alice_on_c->request({{"op", "topic"}, {"room", "ops"}, {"topic", "shipped"}})));
  const auto shipped = carol.wait_for_type("topic", kJudged);
  REQUIRE(shipped);
  CHECK((*shipped)["topic"] == "shipped");
}

TEST_CASE("an administrator's deletion, kick and announcement reach every node") {
  ThreeNodes nodes;
  auto& cluster = nodes.cluster;
  auto& alice = *nodes.alice;
  auto& bob = *nodes.bob;
  auto& carol = *nodes.carol;
  TestClient admin(cluster["a"].admin_port());
  REQUIRE(is_ok(admin.request({{"op", "hello"}, {"token", kAdminToken}})));
  REQUIRE(is_ok(alice.request({{"op", "create"}, {"room", "doomed"}})));
  REQUIRE(is_ok(join_when_known(bob, "doomed")));
  REQUIRE(is_ok(join_when_known(carol, "doomed")));

  REQUIRE(is_ok(admin.request({{"op", "delete_room"}, {"room", "doomed"}})));
  for (auto* member : {&bob, &carol}) {
    const auto removed = member->wait_for_type("kicked", kJudged);
    REQUIRE(removed);
    CHECK((*removed)["room"] == "doomed");
  }
  CHECK(code_of(carol.request({{"op", "join"}, {"room", "doomed"}})) == "no_such_room");
  const auto listed = bob.request({{"op", "rooms"}});
  REQUIRE(is_ok(listed));
  for (const auto& room : listed["rooms"]) {
    CHECK(room["name"] != "doomed");
  }

  const auto announced = admin.request({{"op", "announce"}, {"text", "maintenance at 6"}});
  REQUIRE(is_ok(announced));
  CHECK(announced["delivered"] == 3);
  for (auto* user : {&alice, &bob, &carol}) {
    const auto notice = user->wait_for_type("notice", kJudged);
    REQUIRE(notice);
    CHECK((*notice)["text"] == "maintenance at 6");
  }

  const auto kicked = admin.request({{"op", "kick"}, {"nick", "Carol"}, {"reason", "spamming"}});
  REQUIRE(is_ok(kicked));
  CHECK(kicked["node"] == "c");
  const auto told = carol.wait_for_type("kicked", kJudged);
  REQUIRE(told);
  CHECK((*told)["reason"] == "spamming");
  CHECK(carol.wait_closed());
  CHECK(code_of(admin.request({{"op", "kick"}, {"nick", "nobody"}})) == "no_such_user");
}

namespace {

// The next `client` event of the console about `nick` (on `node`).
std::optional<Json> client_event(TestClient& console, const std::string& node,
                                 const std::string& nick, const std::string& event) {
  return console.wait_for(
      [&](const Json& frame) {
        return frame.value("type", "") == "client" && frame.value("node", "") == node &&
               frame.value("nick", "") == nick && frame.value("event", "") == event;
      },
      kJudged);
}

}  // namespace

TEST_CASE("the admin console sees every node's clients, each with its node") {
  Cluster cluster;
  cluster.start_all({"a", "b"});
  TestClient alice(cluster["a"].port());
  REQUIRE(is_ok(alice.hello("alice")));
  TestClient console(cluster["a"].admin_port());
  REQUIRE(is_ok(console.request({{"op", "hello"}, {"token", kAdminToken}})));
  const auto snapshot = console.request({{"op", "subscribe"}});
  REQUIRE(is_ok(snapshot));
  REQUIRE(snapshot["clients"].size() == 1);
  CHECK(snapshot["clients"][0]["node"] == "a");

  auto bob = std::make_unique<TestClient>(cluster["b"].port());
  REQUIRE(is_ok(bob->hello("bob")));
  REQUIRE(client_event(console, "b", "bob", "update"));

  // A second console starts with him in its snapshot.
  TestClient second(cluster["a"].admin_port());
  REQUIRE(is_ok(second.request({{"op", "hello"}, {"token", kAdminToken}})));
  const auto listed = second.request({{"op", "subscribe"}});
  REQUIRE(is_ok(listed));
  std::vector<std::string> nodes_listed;
  for (const auto& client : listed["clients"]) {
    nodes_listed.push_back(client.value("node", "") + "/" + client.value("nick", ""));
  }
  std::sort(nodes_listed.begin(), nodes_listed.end());
  CHECK(nodes_listed == std::vector<std::string>{"a/alice", "b/bob"});

  bob.reset();
  CHECK(client_event(console, "b", "bob", "disconnect"));

  // A node's clients go with it.
  TestClient dave(cluster["b"].port());
  REQUIRE(is_ok(dave.hello("dave")));
  REQUIRE(client_event(console, "b", "dave", "update"));
  cluster["b"].kill_hard();
  CHECK(client_event(console, "b", "dave", "disconnect"));
}
