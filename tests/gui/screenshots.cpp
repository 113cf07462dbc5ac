// confab-screenshots: starts a confabd with a certificate, fills it with a
// little life, and saves the client's main window in both themes and the
// admin console, both connected over TLS, as PNG files.
//
//   confab-screenshots OUTPUT_DIR
#include <QApplication>
#include <QDir>
#include <QFile>
#include <QLineEdit>
#include <QListWidget>
#include <QTableView>
#include <QTest>

#include <cstdlib>
#include <iostream>

#include "AdminClient.h"
#include "AdminWindow.h"
#include "CertificateTrust.h"
#include "ChatClient.h"
#include "ChatView.h"
#include "JoinRoomDialog.h"
#include "MainWindow.h"
#include "SearchPanel.h"
#include "tests/gui/qt_wait.hpp"
#include "tests/support/client_stream.hpp"
#include "tests/support/confabd_process.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/support/test_certificate.hpp"
#include "tests/support/test_client.hpp"

using namespace confab::test;

namespace {

bool say(TestClient& client, const char* room, const char* text) {
  return client.request({{"op", "say"}, {"room", room}, {"text", text}}).value("type", "") == "ok";
}

// Trusts the server's self-signed certificate for 127.0.0.1:port, as a user
// would once, so no question covers the window.
void trust(std::uint16_t port, const TestCertificate& certificate, const std::string& host) {
  ClientStream probe(port, TlsClientOptions{certificate.certificate_file, host});
  CertificateTrust::trust(QStringLiteral("127.0.0.1:%1").arg(port),
                          QString::fromStdString(probe.peer_fingerprint()));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: confab-screenshots OUTPUT_DIR\n";
    return 2;
  }
  TempDir home;
  setenv("QT_QPA_PLATFORM", "offscreen", 0);
  setenv("XDG_RUNTIME_DIR", home.path().c_str(), 1);
  setenv("XDG_CONFIG_HOME", home.path().c_str(), 1);
  QApplication app(argc, argv);
  QApplication::setOrganizationName(QStringLiteral("confab-screenshots"));
  const QString output = QString::fromLocal8Bit(argv[1]);
  QDir().mkpath(output);

  const std::string host = "chat.example.org";
  const auto certificate = make_test_certificate(home.path(), host);
  ConfabdProcess server(
      home.file("chat.db"),
      {"--rate-limit", "0", "--admin-token", "shot", "--tls-cert", certificate.certificate_file,
       "--tls-key", certificate.key_file, "--tls-port", "0"});
  trust(server.tls_port(), certificate, host);
  trust(server.admin_port(), certificate, host);
  TestClient bob(server.port());
  bob.hello("bob");
  TestClient carol(server.port());
  carol.hello("carol");
  bob.request({{"op", "create"}, {"room", "design"}, {"topic", "UI and UX"}});
  carol.request({{"op", "join"}, {"room", "design"}});
  say(bob, "main", "Morning all! Release notes are in the wiki.");
  say(carol, "main", "Thanks bob, reading them now.");

  ChatClient client;
  MainWindow window(&client);
  window.resize(1100, 680);
  window.show();
  client.connectTo(QStringLiteral("127.0.0.1"), server.tls_port(), QStringLiteral("alice"), {},
                   ChatClient::Security::Tls);
  if (!waitUntil([&] { return client.state() == ChatClient::State::Online; })) {
    std::cerr << "client did not connect\n";
    return 1;
  }
  client.joinRoom(QStringLiteral("design"));
  waitUntil([&] { return client.currentConversation() == QLatin1String("#design"); });
  say(bob, "design", "The new sidebar mock-ups are up.");
  say(carol, "design", "Love the darker header. @alice what do you think?");
  QTest::keyClicks(window.messageInput(), QStringLiteral("Looks great, ship it!"));
  QTest::keyClick(window.messageInput(), Qt::Key_Return);
  const auto mockup = home.file("sidebar-mockup.png");
  {
    QFile file(QString::fromStdString(mockup));
    file.open(QIODevice::WriteOnly);
    file.write(QByteArray(180 * 1024, 'x'));
  }
  client.uploadFile(QStringLiteral("#design"), QString::fromStdString(mockup));
  bob.request({{"op", "pm"}, {"to", "alice"}, {"text", "Lunch at noon?"}});
  say(bob, "main", "Build 1432 is green.");
  waitUntil([&] {
    const auto& messages = client.messages(QStringLiteral("#design"))->messages();
    return messages.size() >= 5 && !messages.back().pending &&
           client.conversations()->unread(QStringLiteral("@bob")) == 1;
  });

  bool saved = true;
  for (auto kind : {Theme::Kind::Light, Theme::Kind::Dark}) {
    window.themeAction(kind)->trigger();
    waitUntil([] { return false; }, std::chrono::milliseconds(200));  // let the palette repaint
    const auto path = output + QStringLiteral("/client-%1.png").arg(Theme::name(kind));
    saved = window.grab().save(path) && saved;
    std::cout << path.toStdString() << "\n";
  }
  window.themeAction(Theme::Kind::Light)->trigger();

  // Ctrl+F, a query, and the conversation opened at the hit.
  QTest::keySequence(&window, QKeySequence::Find);
  window.searchPanel()->queryInput()->setText(QStringLiteral("release"));
  window.searchPanel()->runSearch();
  waitUntil([&] { return window.searchPanel()->results()->count() > 0; });
  const auto hit = window.searchPanel()->hits().front();
  Q_EMIT window.searchPanel()->resultActivated(hit.key, hit.message.msgId);
  waitUntil([&] { return window.chatView()->markedMessage() == hit.message.msgId; });
  waitUntil([] { return false; }, std::chrono::milliseconds(200));
  const auto searchPath = output + QStringLiteral("/client-search.png");
  saved = window.grab().save(searchPath) && saved;
  std::cout << searchPath.toStdString() << "\n";

  // The room browser, over the window.
  QList<RoomInfo> rooms;
  client.listRooms([&rooms](const QList<RoomInfo>& listed) { rooms = listed; });
  waitUntil([&] { return !rooms.isEmpty(); });
  QStringList joined;
  for (const auto& conversation : client.conversations()->conversations()) {
    if (conversation.isRoom) {
      joined << client.targetName(conversation.key);
    }
  }
  JoinRoomDialog browser(rooms, joined, &window);
  browser.show();
  waitUntil([] { return false; }, std::chrono::milliseconds(200));
  const auto roomsPath = output + QStringLiteral("/client-rooms.png");
  saved = browser.grab().save(roomsPath) && saved;
  std::cout << roomsPath.toStdString() << "\n";
  browser.close();

  AdminClient admin;
  AdminWindow console(&admin);
  console.resize(1100, 680);
  console.show();
  admin.connectTo(QStringLiteral("127.0.0.1"), server.admin_port(), QStringLiteral("shot"),
                  AdminClient::Security::Tls);
  waitUntil([&] { return admin.state() == AdminClient::State::Online; });
  TestClient dave(server.port());
  dave.hello("dave");
  say(dave, "main", "hello from dave");
  admin.announce(QStringLiteral("Maintenance window tonight at 22:00 UTC"));
  // Counters and stats arrive on their one- and two-second timers.
  waitUntil([&] { return admin.stats().messages >= 6 && admin.clients()->rowCount() == 4; },
            std::chrono::seconds(10));
  // A client selected, as when about to act on it.
  auto* table = console.clientTable();
  waitUntil([&] {
    for (int row = 0; row < table->model()->rowCount(); ++row) {
      if (table->model()->index(row, 0).data().toString() == QLatin1String("dave")) {
        table->selectRow(row);
      }
    }
    return table->selectionModel()->hasSelection();
  });
  waitUntil([] { return false; }, std::chrono::milliseconds(1200));
  const auto adminPath = output + QStringLiteral("/admin.png");
  saved = console.grab().save(adminPath) && saved;
  std::cout << adminPath.toStdString() << "\n";
  admin.disconnectFromServer();
  client.disconnectFromServer();
  return saved ? 0 : 1;
}
