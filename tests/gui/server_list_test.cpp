#include <QApplication>

#include <doctest/doctest.h>

#include <memory>

#include "ChatClient.h"
#include "MainWindow.h"
#include "ServerList.h"
#include "tests/gui/qt_wait.hpp"
#include "tests/support/confabd_process.hpp"
#include "tests/support/nats_server_process.hpp"
#include "tests/support/temp_dir.hpp"

using namespace confab::test;

namespace {

QString addresses(const QVector<Redial::Server>& servers) {
  return Redial::addressesOf(servers);
}

}  // namespace

TEST_CASE("one host field names one server or the nodes of a cluster") {
  const auto plain = ChatConnection::Security::Plain;
  CHECK(addresses(parseServerList(QStringLiteral("chat.example.org"), 8888, plain)) ==
        QStringLiteral("chat.example.org:8888"));
  CHECK(addresses(parseServerList(QStringLiteral(" a , b:7010,[::1]:7020, ::1 "), 8888, plain)) ==
        QStringLiteral("a:8888, b:7010, ::1:7020, ::1:8888"));
  const auto tls = parseServerList(QStringLiteral("a,b"), 8443, ChatConnection::Security::Tls);
  REQUIRE(tls.size() == 2);
  CHECK(tls[1].security == ChatConnection::Security::Tls);
  for (const auto* bad :
       {"", " , ", "a:", "a:0", "a:70000", "a:x", ":7000", "[::1", "[::1]x", "a b"}) {
    CAPTURE(bad);
    CHECK(parseServerList(QString::fromLatin1(bad), 8888, plain).isEmpty());
  }
}

TEST_CASE("with two nodes listed, the client goes on at the other when its node dies") {
  TempDir dir;
  NatsServerProcess nats(dir.path());
  auto node = [&](const std::string& name) {
    return std::make_unique<ConfabdProcess>(
        dir.file(name + ".db"), std::vector<std::string>{"--cluster", nats.url(), "--node", name});
  };
  auto a = node("a");
  auto b = node("b");
  REQUIRE(b->wait_for_log("nodes: a, b"));
  ChatClient client;
  MainWindow window{&client};
  window.show();
  const auto listed = QStringLiteral("127.0.0.1:%1, 127.0.0.1:%2").arg(a->port()).arg(b->port());
  client.connectTo(listed, 8888, QStringLiteral("alice"));
  REQUIRE(waitUntil([&] { return client.state() == ChatClient::State::Online; }));
  CHECK(client.lastServer().port == a->port());

  a->kill_hard();
  // Alice's nick is a's until b judges a gone (3 s); the client retries.
  REQUIRE(waitUntil(
      [&] {
        return client.state() == ChatClient::State::Online && client.lastServer().port == b->port();
      },
      std::chrono::seconds(30)));
  CHECK(client.nick() == QStringLiteral("alice"));
  CHECK(client.lastHosts() == listed);
}
