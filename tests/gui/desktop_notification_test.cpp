// Desktop notifications without a tray, through the freedesktop service on
// the test process's own session bus (gui_test_main).
#include <QTest>

#include <doctest/doctest.h>

#include "ChatClient.h"
#include "DesktopNotifier.h"
#include "MainWindow.h"
#include "tests/gui/notification_service.hpp"
#include "tests/gui/qt_wait.hpp"
#include "tests/support/confabd_process.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/support/test_client.hpp"

using namespace confab::test;

namespace {

QString sessionBusAddress() {
  return QString::fromLocal8Bit(qgetenv("DBUS_SESSION_BUS_ADDRESS"));
}

// The desktop's notification service, a server, and alice at her window in
// #main.
struct Desktop {
  NotificationService desktop{sessionBusAddress()};
  TempDir dir;
  ConfabdProcess server{dir.file("chat.db"), {"--rate-limit", "0"}};
  ChatClient client;
  MainWindow window{&client};

  Desktop() {
    REQUIRE_MESSAGE(desktop.registered(), "needs dbus-daemon (scripts/install-deps)");
    window.show();
    client.connectTo(QStringLiteral("127.0.0.1"), server.port(), QStringLiteral("alice"), {});
    REQUIRE(waitUntil([&] { return client.currentConversation() == QLatin1String("#main"); }));
  }
};

}  // namespace

TEST_CASE_FIXTURE(Desktop,
                  "a private message is a desktop notification, and clicking it opens the "
                  "conversation") {
  TestClient bob(server.port());
  bob.hello("bob");

  bob.request({{"op", "pm"}, {"to", "alice"}, {"text", "are you there?"}});
  REQUIRE(waitUntil([&] { return desktop.shown().size() == 1; }));
  const auto first = desktop.shown().front();
  CHECK(first.summary == QStringLiteral("Private message from bob"));
  CHECK(first.body == QStringLiteral("are you there?"));
  CHECK(first.replaces == 0u);
  CHECK(first.actions.contains(QStringLiteral("default")));
  CHECK(first.hints.value(QStringLiteral("desktop-entry")).toString() ==
        QStringLiteral("confab-client"));
  // Not taken from the user: the conversation waits in the list.
  CHECK(client.currentConversation() == QLatin1String("#main"));

  // The conversation's next message replaces its notification; what bob
  // typed shows as typed, not as markup.
  bob.request({{"op", "pm"}, {"to", "alice"}, {"text", "<b>now</b> & then"}});
  REQUIRE(waitUntil([&] { return desktop.shown().size() == 2; }));
  const auto second = desktop.shown().back();
  CHECK(second.replaces == first.id);
  CHECK(second.body == QStringLiteral("&lt;b&gt;now&lt;/b&gt; &amp; then"));

  desktop.click(second.id);
  CHECK(waitUntil([&] { return client.currentConversation() == QLatin1String("@bob"); }));
}

TEST_CASE_FIXTURE(Desktop, "nothing pops up about the conversation being read") {
  window.activateWindow();
  REQUIRE(waitUntil([&] { return window.isActiveWindow(); }));
  TestClient bob(server.port());
  bob.hello("bob");

  // A mention in the room alice is reading: on screen already.
  bob.request({{"op", "say"}, {"room", "main"}, {"text", "alice: look at this"}});
  REQUIRE(waitUntil([&] {
    return client.messages("#main")->rowCount() > 0 &&
           client.messages("#main")->messages().back().text == "alice: look at this";
  }));
  // A mention elsewhere is news: its notification is the first one shown.
  bob.request({{"op", "create"}, {"room", "dev"}});
  client.joinRoom(QStringLiteral("dev"));
  REQUIRE(waitUntil([&] { return client.currentConversation() == QLatin1String("#dev"); }));
  bob.request({{"op", "say"}, {"room", "main"}, {"text", "alice, back in main?"}});
  REQUIRE(waitUntil([&] { return !desktop.shown().isEmpty(); }));
  CHECK(desktop.shown().size() == 1);
  CHECK(desktop.shown().front().summary == QStringLiteral("bob mentioned you in #main"));
  CHECK(desktop.shown().front().body == QStringLiteral("alice, back in main?"));
}
