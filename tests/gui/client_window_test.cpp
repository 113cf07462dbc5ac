#include <QApplication>
#include <QComboBox>
#include <QCryptographicHash>
#include <QFile>
#include <QFileDialog>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QListWidget>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollBar>
#include <QSettings>
#include <QSignalSpy>
#include <QSplitter>
#include <QStatusBar>
#include <QTcpServer>
#include <QTest>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>

#include <doctest/doctest.h>

#include <memory>
#include <random>

#include "ChatClient.h"
#include "ChatView.h"
#include "ConnectDialog.h"
#include "JoinRoomDialog.h"
#include "MainWindow.h"
#include "QuickSwitcher.h"
#include "SearchPanel.h"
#include "TransferPanel.h"
#include "UploadJob.h"
#include "UserBrowserDialog.h"
#include "tests/gui/qt_wait.hpp"
#include "tests/support/confabd_process.hpp"
#include "tests/support/database_queries.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/support/test_client.hpp"

using namespace confab::test;

namespace {

// One person at the keyboard: a ChatClient and its window.
struct Person {
  ChatClient client;
  MainWindow window{&client};

  Person(quint16 port, const QString& nick, const QString& password = {}) {
    window.show();
    client.connectTo(QStringLiteral("127.0.0.1"), port, nick, password);
    REQUIRE(waitUntil([&] {
      return client.state() == ChatClient::State::Online &&
             client.currentConversation() == QLatin1String("#main");
    }));
  }

  void type(const QString& text) {
    QTest::keyClicks(window.messageInput(), text);
    QTest::keyClick(window.messageInput(), Qt::Key_Return);
  }

  int count(const QString& key, const QString& text) {
    int n = 0;
    for (const auto& message : client.messages(key)->messages()) {
      n += message.text == text;
    }
    return n;
  }

  bool shows(const QString& text) { return window.chatView()->toPlainText().contains(text); }
};

struct GuiFixture {
  TempDir dir;
  std::unique_ptr<ConfabdProcess> server = std::make_unique<ConfabdProcess>(
      dir.file("chat.db"), std::vector<std::string>{"--rate-limit", "0"});
};

bool isOkReply(const Json& reply) {
  return reply.value("type", "") == "ok";
}

QByteArray fileSha256(const QString& path) {
  QFile file(path);
  REQUIRE(file.open(QIODevice::ReadOnly));
  QCryptographicHash hash(QCryptographicHash::Sha256);
  hash.addData(&file);
  return hash.result().toHex();
}

}  // namespace

TEST_CASE_FIXTURE(GuiFixture, "a message typed in one window appears in the other") {
  Person alice(server->port(), "alice");
  Person bob(server->port(), "bob");
  alice.type("hello from alice");
  REQUIRE(waitUntil([&] { return bob.shows("hello from alice"); }));
  CHECK(bob.count("#main", "hello from alice") == 1);
  // Alice sees her own line at once and marked sent once the server has it.
  REQUIRE(waitUntil([&] {
    const auto& messages = alice.client.messages("#main")->messages();
    return !messages.empty() && messages.back().text == "hello from alice" &&
           messages.back().msgId != 0 && !messages.back().pending;
  }));
  CHECK(alice.window.chatView()->toPlainText().contains(QStringLiteral("✓")));
  // Bob's member list is live.
  CHECK(waitUntil([&] { return bob.window.memberList()->model()->rowCount() == 2; }));
}

namespace {

// Carol, without a window: says `count` lines in main as fast as the
// server takes them, then waits for the last acknowledgement.
void carolSays(TestClient& carol, int count, const std::string& prefix, int longEvery = 0) {
  for (int i = 0; i < count; ++i) {
    const bool long_line = longEvery > 0 && i % longEvery == longEvery - 1;
    const auto text = long_line ? prefix + std::string(3990, 'w') : prefix + std::to_string(i);
    carol.send(
        {{"op", "say"}, {"room", "main"}, {"text", text}, {"id", prefix + std::to_string(i)}});
  }
  const auto last = prefix + std::to_string(count - 1);
  REQUIRE(carol.wait_for([&](const Json& frame) { return frame.value("id", "") == last; }));
}

// The newest row is on screen, whole, and the view is scrolled to the end.
bool showsNewest(ChatView* view) {
  auto* bar = view->verticalScrollBar();
  const auto last = view->model()->index(view->model()->rowCount() - 1, 0);
  const auto rect = view->visualRect(last);
  return bar->value() == bar->maximum() && rect.isValid() &&
         rect.bottom() <= view->viewport()->height();
}

}  // namespace

TEST_CASE_FIXTURE(GuiFixture,
                  "the conversation stays at the newest message unless the reader scrolled up") {
  Person alice(server->port(), "alice");
  alice.window.resize(900, 600);
  TestClient carol(server->port());
  carol.hello("carol");
  auto* view = alice.window.chatView();
  auto* messages = alice.client.messages("#main");
  // ~300 rows, two of them 4000 characters long.
  carolSays(carol, 300, "history ", 150);
  REQUIRE(waitUntil([&] { return messages->rowCount() >= 300; }));
  REQUIRE(waitUntil([&] { return showsNewest(view); }));

  // Lines a second apart, as a conversation goes: after each one the newest
  // is still on screen.
  for (int i = 0; i < 15; ++i) {
    const int before = messages->rowCount();
    carolSays(carol, 1, "live " + std::to_string(i) + " ");
    REQUIRE(waitUntil([&] { return messages->rowCount() > before; }));
    CHECK(waitUntil([&] { return showsNewest(view); }));
    CHECK(view->isFollowing());
  }
  CHECK_FALSE(view->jumpButton()->isVisible());

  // Scrolled up to read: new lines neither move the view nor go unnoticed.
  auto* bar = view->verticalScrollBar();
  bar->setValue(bar->maximum() / 2);
  const int reading = bar->value();
  CHECK_FALSE(view->isFollowing());
  const int before = messages->rowCount();
  carolSays(carol, 3, "while away ");
  REQUIRE(waitUntil([&] { return messages->rowCount() == before + 3; }));
  REQUIRE(waitUntil([&] { return view->unseenCount() == 3; }));
  CHECK(bar->value() == reading);
  CHECK(view->jumpButton()->isVisible());
  CHECK(view->jumpButton()->text() == QStringLiteral("3 new messages ↓"));
  QTest::mouseClick(view->jumpButton(), Qt::LeftButton);
  CHECK(waitUntil([&] { return showsNewest(view); }));
  CHECK(view->isFollowing());
  CHECK_FALSE(view->jumpButton()->isVisible());

  // Another conversation and back: it opens at the newest message.
  alice.window.selectConversation(alice.client.openPrivate(QStringLiteral("carol")));
  alice.window.selectConversation(QStringLiteral("#main"));
  CHECK(waitUntil([&] { return showsNewest(view); }));
}

TEST_CASE_FIXTURE(GuiFixture,
                  "the join dialog joins what is typed and marks rooms already joined") {
  Person alice(server->port(), "alice");
  Person bob(server->port(), "bob");
  bob.client.createRoom(QStringLiteral("dev"), {});
  REQUIRE(waitUntil([&] { return bob.client.currentConversation() == QLatin1String("#dev"); }));

  QStringList rows;
  QString refused;
  bool joinedRowEnabled = true;
  whenDialogOpens<JoinRoomDialog>([&](JoinRoomDialog* dialog) {
    auto* list = dialog->roomList();
    for (int i = 0; i < list->count(); ++i) {
      rows << list->item(i)->text();
      if (list->item(i)->text().startsWith(QStringLiteral("#main"))) {
        joinedRowEnabled = list->item(i)->flags() & Qt::ItemIsEnabled;
      }
    }
    // A name the server would refuse is said here, and the dialog stays.
    QTest::keyClicks(dialog->nameInput(), QStringLiteral("no spaces"));
    QTest::keyClick(dialog->nameInput(), Qt::Key_Return);
    refused = dialog->problem();
    REQUIRE(dialog->isVisible());
    dialog->nameInput()->clear();
    QTest::keyClicks(dialog->nameInput(), QStringLiteral("brand-new"));
    QTest::keyClick(dialog->nameInput(), Qt::Key_Return);
  });
  alice.window.joinRoomAction()->trigger();
  REQUIRE(
      waitUntil([&] { return alice.client.currentConversation() == QLatin1String("#brand-new"); }));
  INFO(rows.join(QStringLiteral(" | ")).toStdString());
  CHECK(rows.contains(QStringLiteral("#main — 2 members — Everyone joins here (joined)")));
  CHECK(rows.contains(QStringLiteral("#dev — 1 member")));
  CHECK_FALSE(joinedRowEnabled);
  CHECK(refused == QStringLiteral("A room name is 1 to 64 letters, digits, '_', '.' and '-'."));
}

TEST_CASE_FIXTURE(GuiFixture, "a room name the server would refuse is asked again, with why") {
  Person alice(server->port(), "alice");
  QString asked;
  whenDialogOpens<QInputDialog>([&](QInputDialog* first) {
    first->setTextValue(QStringLiteral("no spaces please"));
    first->accept();
    whenDialogOpens<QInputDialog>([&](QInputDialog* second) {
      asked = second->labelText();
      second->setTextValue(QStringLiteral("#plans"));
      second->accept();
    });
  });
  alice.window.createRoomAction()->trigger();
  REQUIRE(waitUntil([&] { return alice.client.currentConversation() == QLatin1String("#plans"); }));
  CHECK(asked.startsWith(QStringLiteral("A room name is 1 to 64 letters")));
}

TEST_CASE_FIXTURE(GuiFixture,
                  "the toolbar keeps its place between a room and a private conversation") {
  Person alice(server->port(), "alice");
  auto* toolbar = alice.window.findChild<QToolBar*>(QStringLiteral("actions"));
  REQUIRE(toolbar != nullptr);
  auto* leave = toolbar->widgetForAction(alice.window.leaveRoomAction());
  auto* upload = toolbar->widgetForAction(alice.window.uploadAction());
  const auto uploadAt = upload->geometry().left();
  CHECK(alice.window.leaveRoomAction()->text() == QStringLiteral("&Leave room"));
  alice.window.selectConversation(alice.client.openPrivate(QStringLiteral("bob")));
  CHECK(alice.window.leaveRoomAction()->text() == QStringLiteral("&Close conversation"));
  CHECK(waitUntil([&] { return upload->geometry().left() == uploadAt; }));
  CHECK(leave->width() >= leave->sizeHint().width());
}

TEST_CASE_FIXTURE(GuiFixture, "people online are browsed and messaged from a list") {
  Person alice(server->port(), "alice");
  TestClient bob(server->port());
  bob.hello("bob");
  TestClient carol(server->port());
  carol.hello("carol");
  QStringList shown;
  int visibleAfterFilter = 0;
  whenDialogOpens<UserBrowserDialog>([&](UserBrowserDialog* dialog) {
    auto* list = dialog->userList();
    for (int row = 0; row < list->count(); ++row) {
      shown << list->item(row)->text();
    }
    QTest::keyClicks(dialog->filterInput(), QStringLiteral("CAR"));
    for (int row = 0; row < list->count(); ++row) {
      if (!list->item(row)->isHidden()) {
        ++visibleAfterFilter;
        list->setCurrentRow(row);
      }
    }
    dialog->accept();
  });
  alice.window.listUsersAction()->trigger();
  REQUIRE(waitUntil([&] { return alice.client.currentConversation() == QLatin1String("@carol"); }));
  CHECK(shown ==
        QStringList{QStringLiteral("alice (you)"), QStringLiteral("bob"), QStringLiteral("carol")});
  CHECK(visibleAfterFilter == 1);
}

TEST_CASE_FIXTURE(GuiFixture,
                  "the keyboard recalls lines, completes nicks and moves between conversations") {
  Person alice(server->port(), "alice");
  TestClient carol(server->port());
  carol.hello("carol");
  TestClient caroline(server->port());
  caroline.hello("caroline");
  REQUIRE(waitUntil([&] { return alice.client.members("#main")->contains("caroline"); }));
  auto* input = alice.window.messageInput();
  input->setFocus();

  alice.type("first line");
  alice.type("second line");
  QTest::keyClicks(input, QStringLiteral("a draft"));
  QTest::keyClick(input, Qt::Key_Up);
  CHECK(input->text() == QStringLiteral("second line"));
  QTest::keyClick(input, Qt::Key_Up);
  CHECK(input->text() == QStringLiteral("first line"));
  QTest::keyClick(input, Qt::Key_Down);
  QTest::keyClick(input, Qt::Key_Down);
  CHECK(input->text() == QStringLiteral("a draft"));

  input->clear();
  QTest::keyClicks(input, QStringLiteral("CAR"));
  QTest::keyClick(input, Qt::Key_Tab);
  CHECK(input->text() == QStringLiteral("carol: "));
  CHECK(input->hasFocus());
  QTest::keyClick(input, Qt::Key_Tab);
  CHECK(input->text() == QStringLiteral("caroline: "));
  QTest::keyClicks(input, QStringLiteral("ask car"));
  QTest::keyClick(input, Qt::Key_Tab);
  CHECK(input->text() == QStringLiteral("caroline: ask carol "));

  alice.client.createRoom(QStringLiteral("dev"), {});
  REQUIRE(waitUntil([&] { return alice.client.currentConversation() == QLatin1String("#dev"); }));
  QTest::keyClick(&alice.window, Qt::Key_1, Qt::AltModifier);
  CHECK(alice.client.currentConversation() == QLatin1String("#main"));
  QTest::keyClick(&alice.window, Qt::Key_Tab, Qt::ControlModifier);
  CHECK(alice.client.currentConversation() == QLatin1String("#dev"));
  QTest::keyClick(&alice.window, Qt::Key_Tab, Qt::ControlModifier);
  CHECK(alice.client.currentConversation() == QLatin1String("#main"));

  // Ctrl+K from the message line: a few letters and Enter.
  whenDialogOpens<QuickSwitcher>([](QuickSwitcher* switcher) {
    QTest::keyClicks(switcher->filterInput(), QStringLiteral("de"));
    REQUIRE(switcher->matches()->count() == 1);
    QTest::keyClick(switcher->filterInput(), Qt::Key_Return);
  });
  input->setFocus();
  QTest::keyClick(input, Qt::Key_K, Qt::ControlModifier);
  CHECK(alice.client.currentConversation() == QLatin1String("#dev"));
}

TEST_CASE_FIXTURE(GuiFixture, "Shift+Enter starts a new line and Enter sends the message whole") {
  Person alice(server->port(), "alice");
  TestClient bob(server->port());
  bob.hello("bob");
  auto* input = alice.window.messageInput();
  input->setFocus();
  const int oneLineHeight = input->height();
  // A line fits without a scroll bar, and so do a few.
  CHECK_FALSE(input->verticalScrollBar()->isVisible());

  QTest::keyClicks(input, QStringLiteral("first line"));
  QTest::keyClick(input, Qt::Key_Return, Qt::ShiftModifier);
  QTest::keyClicks(input, QStringLiteral("second line"));
  QTest::keyClick(input, Qt::Key_Return, Qt::ShiftModifier);
  QTest::keyClicks(input, QStringLiteral("third line"));
  CHECK(input->text() == QStringLiteral("first line\nsecond line\nthird line"));
  // The box grows with what is typed, so the lines can be read back.
  REQUIRE(waitUntil([&] { return input->height() >= 2 * oneLineHeight; }));
  CHECK_FALSE(input->verticalScrollBar()->isVisible());
  // Up moves within the draft before it reaches the history.
  QTest::keyClick(input, Qt::Key_Up);
  CHECK(input->text() == QStringLiteral("first line\nsecond line\nthird line"));
  CHECK(input->cursorPosition() < QStringLiteral("first line\nsecond line\n").size());

  QTest::keyClick(input, Qt::Key_Return);
  CHECK(input->text().isEmpty());
  REQUIRE(waitForFrame(bob, [](const Json& frame) {
    return frame.value("type", "") == "message" &&
           frame.value("text", "") == "first line\nsecond line\nthird line";
  }));
  REQUIRE(waitUntil([&] { return input->height() == oneLineHeight; }));
  CHECK(alice.shows(QStringLiteral("second line")));
  // Sent, it is one step back in the history, lines and all.
  QTest::keyClick(input, Qt::Key_Up);
  CHECK(input->text() == QStringLiteral("first line\nsecond line\nthird line"));
}

TEST_CASE_FIXTURE(GuiFixture, "a relaunch reopens the rooms and private conversations left open") {
  TestClient bob(server->port());
  bob.hello("bob");
  {
    // A guest: the server forgets its rooms when it goes.
    Person alice(server->port(), "alice");
    alice.client.createRoom(QStringLiteral("dev"), {});
    alice.client.createRoom(QStringLiteral("ops"), {});
    REQUIRE(waitUntil([&] { return alice.client.currentConversation() == "#ops"; }));
    alice.window.selectConversation(alice.client.openPrivate(QStringLiteral("bob")));
    alice.client.leaveRoom(QStringLiteral("#ops"));
    REQUIRE(waitUntil([&] { return alice.client.conversations()->rowOf("#ops") < 0; }));
    alice.window.selectConversation(QStringLiteral("#dev"));
  }
  REQUIRE(bob.wait_for([](const Json& frame) {
    return frame.value("type", "") == "presence" && frame.value("nick", "") == "alice" &&
           frame.value("event", "") == "quit";
  }));

  ChatClient client;
  MainWindow window(&client);
  window.show();
  client.connectTo(QStringLiteral("127.0.0.1"), server->port(), QStringLiteral("alice"), {});
  REQUIRE(waitUntil([&] { return client.currentConversation() == QLatin1String("#dev"); }));
  const auto* conversations = client.conversations();
  CHECK(conversations->rowOf("#main") >= 0);
  CHECK(conversations->rowOf("@bob") >= 0);
  CHECK(conversations->rowOf("#ops") < 0);
  CHECK(conversations->rowCount() == 3);
  // Rejoined for real: the others see alice in #dev again.
  CHECK(bob.request({{"op", "users"}, {"room", "dev"}})["users"] == Json::array({"alice"}));

  // Another nick on the same server starts from what the server gives.
  Person carol(server->port(), "carol");
  CHECK(carol.client.conversations()->rowCount() == 1);
}

TEST_CASE("the window opens as it was closed: size, panes and docks") {
  QList<int> panes;
  {
    ChatClient client;
    MainWindow window(&client);
    window.show();
    window.resize(1010, 710);
    auto* splitter = window.findChild<QSplitter*>(QStringLiteral("panes"));
    REQUIRE(splitter != nullptr);
    splitter->setSizes({250, 560, 200});
    panes = splitter->sizes();
    window.close();
  }
  ChatClient client;
  MainWindow window(&client);
  window.show();
  CHECK(window.size() == QSize(1010, 710));
  CHECK(window.findChild<QSplitter*>(QStringLiteral("panes"))->sizes() == panes);
  // Later tests start from the defaults.
  QSettings().remove(QStringLiteral("window"));
}

TEST_CASE_FIXTURE(GuiFixture, "rooms are created and joined through the buttons") {
  Person alice(server->port(), "alice");
  Person bob(server->port(), "bob");

  whenDialogOpens<QInputDialog>([](QInputDialog* dialog) {
    dialog->setTextValue(QStringLiteral("dev"));
    dialog->accept();
  });
  alice.window.createRoomAction()->trigger();
  REQUIRE(waitUntil([&] { return alice.client.currentConversation() == QLatin1String("#dev"); }));
  CHECK(alice.client.conversations()->rowOf("#dev") >= 0);

  whenDialogOpens<JoinRoomDialog>([](JoinRoomDialog* dialog) {
    auto* list = dialog->roomList();
    for (int i = 0; i < list->count(); ++i) {
      if (list->item(i)->text().startsWith(QStringLiteral("#dev"))) {
        QTest::mouseClick(list->viewport(), Qt::LeftButton, {},
                          list->visualItemRect(list->item(i)).center());
      }
    }
    dialog->accept();
  });
  bob.window.joinRoomAction()->trigger();
  REQUIRE(waitUntil([&] { return bob.client.currentConversation() == QLatin1String("#dev"); }));
  CHECK(bob.client.members("#dev")->contains("alice"));
  REQUIRE(waitUntil([&] { return alice.client.members("#dev")->contains("bob"); }));

  bob.type("hi dev");
  REQUIRE(waitUntil([&] { return alice.count("#dev", "hi dev") == 1; }));
  CHECK(alice.count("#main", "hi dev") == 0);

  bob.window.leaveRoomAction()->trigger();
  REQUIRE(waitUntil([&] { return bob.client.conversations()->rowOf("#dev") < 0; }));
  CHECK(waitUntil([&] { return !alice.client.members("#dev")->contains("bob"); }));
}

TEST_CASE_FIXTURE(GuiFixture, "a room's creator sets its topic and removes a member, who stays") {
  Person alice(server->port(), "alice");
  Person bob(server->port(), "bob");
  alice.client.createRoom(QStringLiteral("dev"));
  REQUIRE(waitUntil([&] { return alice.client.currentConversation() == QLatin1String("#dev"); }));
  bob.client.joinRoom(QStringLiteral("dev"));
  REQUIRE(waitUntil([&] { return bob.client.currentConversation() == QLatin1String("#dev"); }));

  alice.type("/topic ship it on Friday");
  REQUIRE(
      waitUntil([&] { return bob.client.topic("#dev") == QLatin1String("ship it on Friday"); }));
  CHECK(waitUntil([&] { return bob.shows("alice set the topic: ship it on Friday"); }));
  // Alice's own line comes with the server's answer to her, which may
  // reach her after bob's event reached him.
  CHECK(waitUntil([&] { return alice.shows("you set the topic: ship it on Friday"); }));

  alice.type("/me waves");
  CHECK(waitUntil([&] { return bob.shows("* alice waves"); }));

  bob.type("/kick alice");
  CHECK(waitUntil([&] { return bob.window.statusBar()->currentMessage().contains("operators"); }));

  alice.type("/kick bob enough");
  REQUIRE(waitUntil([&] { return bob.client.conversations()->rowOf("#dev") < 0; }));
  CHECK(bob.client.state() == ChatClient::State::Online);
  CHECK(waitUntil([&] { return alice.shows("you removed bob"); }));
  CHECK_FALSE(alice.client.members("#dev")->contains("bob"));
}

TEST_CASE_FIXTURE(GuiFixture, "a private message opens a conversation on both sides") {
  Person alice(server->port(), "alice");
  Person bob(server->port(), "bob");
  QSignalSpy notified(&bob.client, &ChatClient::notification);

  whenDialogOpens<QInputDialog>([](QInputDialog* dialog) {
    dialog->setTextValue(QStringLiteral("bob"));
    dialog->accept();
  });
  alice.window.privateMessageAction()->trigger();
  REQUIRE(waitUntil([&] { return alice.client.currentConversation() == QLatin1String("@bob"); }));
  alice.type("just between us");
  REQUIRE(waitUntil([&] { return bob.count("@alice", "just between us") == 1; }));
  CHECK(bob.client.conversations()->rowOf("@alice") >= 0);
  CHECK(alice.count("#main", "just between us") == 0);
  CHECK(notified.count() == 1);
  // Not on screen for bob yet, so it counts as unread.
  CHECK(bob.client.conversations()->unread("@alice") == 1);
  // Its member pane has the two people in it.
  CHECK(alice.window.memberList()->model()->rowCount() == 2);
  CHECK(bob.client.members("@alice")->contains("alice"));
  CHECK(bob.client.members("@alice")->contains("bob"));
}

TEST_CASE_FIXTURE(GuiFixture, "a file goes up and comes down through the window intact") {
  Person alice(server->port(), "alice");
  Person bob(server->port(), "bob");
  const auto source = QString::fromStdString(dir.file("holiday.bin"));
  {
    QFile file(source);
    REQUIRE(file.open(QIODevice::WriteOnly));
    std::mt19937 random(7);
    QByteArray bytes(700 * 1024, '\0');
    for (auto& byte : bytes) {
      byte = static_cast<char>(random());
    }
    file.write(bytes);
  }
  alice.window.setFileChooser([source](MainWindow::FileChoice, const QString&) { return source; });
  alice.window.uploadAction()->trigger();
  REQUIRE(waitUntil([&] {
    const auto& messages = bob.client.messages("#main")->messages();
    return !messages.empty() && messages.back().kind == ChatMessage::Kind::File;
  }));
  const auto shared = bob.client.messages("#main")->messages().back();
  CHECK(shared.text == "holiday.bin");
  CHECK(shared.fileSize == 700 * 1024);
  CHECK(bob.shows("holiday.bin"));

  const auto target = QString::fromStdString(dir.file("saved.bin"));
  QString suggested;
  bob.window.setFileChooser(
      [target, &suggested](MainWindow::FileChoice choice, const QString& name) {
        REQUIRE(choice == MainWindow::FileChoice::Save);
        suggested = name;
        return target;
      });
  // A click on the Download link, wherever the row drew it.
  auto* view = bob.window.chatView();
  const auto row = view->model()->index(view->model()->rowCount() - 1, 0);
  const auto rect = view->visualRect(row);
  std::optional<QPoint> link;
  for (int y = rect.top(); y <= rect.bottom() && !link; y += 2) {
    for (int x = rect.left(); x <= rect.right() && !link; x += 3) {
      if (view->anchorAt({x, y}).startsWith(QLatin1String("download:"))) {
        link = QPoint(x, y);
      }
    }
  }
  REQUIRE(link);
  QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, *link);
  REQUIRE(waitUntil(
      [&] { return QFile::exists(target) && bob.window.transfers()->activeCount() == 0; }));
  CHECK(suggested == "holiday.bin");
  CHECK(fileSha256(target) == fileSha256(source));
  auto bars = bob.window.transfers()->findChildren<QProgressBar*>();
  REQUIRE(!bars.empty());
  CHECK(bars.back()->value() == 1000);
}

TEST_CASE_FIXTURE(GuiFixture,
                  "a 50 MiB upload is hashed while the window stays live, and Cancel stops it") {
  Person alice(server->port(), "alice");
  Person bob(server->port(), "bob");
  const auto source = QString::fromStdString(dir.file("big.bin"));
  {
    QFile file(source);
    REQUIRE(file.open(QIODevice::WriteOnly));
    QByteArray block(1 << 20, '\0');
    for (int i = 0; i < 50; ++i) {
      block.fill(static_cast<char>(i));
      file.write(block);
    }
  }
  int ticks = 0;
  QTimer ticker;
  QObject::connect(&ticker, &QTimer::timeout, [&] { ++ticks; });
  ticker.start(5);
  QPointer<UploadJob> job = alice.client.uploadFile(QStringLiteral("#main"), source);
  REQUIRE(job);
  // The file is being read on another thread: the call came straight back.
  CHECK(job->isHashing());
  QSignalSpy sent(job.data(), &UploadJob::progress);
  REQUIRE(waitUntil([&] { return sent.count() >= 3; }, std::chrono::seconds(60)));
  CHECK(ticks >= 5);
  auto* panel = alice.window.transfers();
  CHECK(panel->isVisible());
  auto labels = panel->findChildren<QLabel*>();
  CHECK(std::any_of(labels.begin(), labels.end(), [](QLabel* label) {
    return label->text() == QStringLiteral("Uploading big.bin");
  }));
  CHECK(std::any_of(labels.begin(), labels.end(), [](QLabel* label) {
    return label->text().contains(QStringLiteral(" of 50.00 MiB"));
  }));

  QPushButton* cancel = nullptr;
  for (auto* button : panel->findChildren<QPushButton*>()) {
    if (button->text() == QStringLiteral("Cancel") && button->isVisible()) {
      cancel = button;
    }
  }
  REQUIRE(cancel != nullptr);
  QTest::mouseClick(cancel, Qt::LeftButton);
  REQUIRE(waitUntil([&] { return job.isNull() || job->isFinished(); }));
  CHECK(panel->activeCount() == 0);
  labels = panel->findChildren<QLabel*>();
  CHECK(std::any_of(labels.begin(), labels.end(), [](QLabel* label) {
    return label->text() == QStringLiteral("big.bin: cancelled");
  }));
  // The server keeps nothing of it, and nobody was shown a file.
  CHECK(waitUntil(
      [&] { return count_rows(dir.file("chat.db"), "SELECT COUNT(*) FROM files") == 0; }));
  CHECK_FALSE(bob.shows("big.bin"));
}

TEST_CASE("an announcement shows once, and a kicked user is told why and stays disconnected") {
  TempDir dir;
  ConfabdProcess server(dir.file("chat.db"), {"--admin-token", "admin-token"});
  Person alice(server.port(), "alice");
  TestClient admin(server.admin_port());
  REQUIRE(isOkReply(admin.request({{"op", "hello"}, {"token", "admin-token"}})));
  auto* messages = alice.client.messages("#main");

  REQUIRE(isOkReply(admin.request({{"op", "announce"}, {"text", "maintenance at noon"}})));
  REQUIRE(waitUntil([&] { return alice.shows("maintenance at noon"); }));
  int shown = 0;
  for (const auto& message : messages->messages()) {
    shown += message.text.contains(QStringLiteral("maintenance at noon"));
  }
  CHECK(shown == 1);
  CHECK(messages->messages().back().kind == ChatMessage::Kind::Announcement);
  CHECK(alice.shows("Announcement: maintenance at noon"));

  QSignalSpy states(&alice.client, &ChatClient::stateChanged);
  REQUIRE(isOkReply(admin.request({{"op", "kick"}, {"nick", "alice"}, {"reason", "spamming"}})));
  const auto told = QStringLiteral("An administrator disconnected you: spamming");
  // Told when kicked, and again once the connection has closed (not "the
  // remote host closed the connection"); nothing dials back in.
  REQUIRE(waitUntil([&] { return states.count() >= 2; }));
  CHECK(alice.client.state() == ChatClient::State::Offline);
  CHECK(states.back().at(1).toString() == told);
  CHECK(alice.window.statusLabel()->text() == told);
  CHECK(alice.shows(told));
  CHECK_FALSE(alice.client.willReconnect());
  CHECK(alice.window.windowTitle() == QStringLiteral("confab — alice (offline) — #main"));
}

TEST_CASE_FIXTURE(GuiFixture, "what is typed the moment the client is online is sent once") {
  ChatClient client;
  MainWindow window(&client);
  window.show();
  // Typed the moment the client is online, while it still catches up with
  // main: the catch-up ends before the answers to these come.
  constexpr int kLines = 20;
  bool typed = false;
  QObject::connect(&client, &ChatClient::stateChanged, &window, [&](ChatClient::State state) {
    if (state != ChatClient::State::Online || typed) {
      return;
    }
    typed = true;
    // Once the login's own requests (the catch-up among them) are out.
    QTimer::singleShot(0, &window, [&] {
      REQUIRE(client.currentConversation() == QLatin1String("#main"));
      for (int i = 0; i < kLines; ++i) {
        QTest::keyClicks(window.messageInput(), QStringLiteral("early %1").arg(i));
        QTest::keyClick(window.messageInput(), Qt::Key_Return);
      }
    });
  });
  client.connectTo(QStringLiteral("127.0.0.1"), server->port(), QStringLiteral("alice"));
  REQUIRE(waitUntil([&] {
    const auto& shown = client.messages("#main")->messages();
    return std::count_if(shown.begin(), shown.end(), [](const ChatMessage& message) {
             return message.text.startsWith(QStringLiteral("early ")) && message.msgId != 0;
           }) == kLines;
  }));
  // Confirmed once each on screen, stored once each on the server.
  TestClient bob(server->port());
  bob.hello("bob");
  const auto history = bob.request({{"op", "history"}, {"room", "main"}, {"limit", 100}});
  int stored = 0;
  for (const auto& message : history["messages"]) {
    stored += message.value("text", "").rfind("early ", 0) == 0;
  }
  CHECK(stored == kLines);
}

TEST_CASE_FIXTURE(GuiFixture, "a line over the limit is kept in the input, counted and not sent") {
  Person alice(server->port(), "alice");
  auto* input = alice.window.messageInput();
  auto* messages = alice.client.messages("#main");
  const int before = messages->rowCount();
  input->setText(QString(3500, QLatin1Char('a')));
  CHECK_FALSE(alice.window.lengthCounter()->isVisible());
  // "ё" is one character of two bytes; the limit counts characters.
  input->setText(QString(3999, QChar(0x0451)));
  CHECK(alice.window.lengthCounter()->isVisible());
  CHECK(alice.window.lengthCounter()->text() == QStringLiteral("3999/4000"));
  CHECK(alice.window.sendButton()->isEnabled());
  input->setText(QString(4001, QLatin1Char('a')));
  CHECK(alice.window.lengthCounter()->text() == QStringLiteral("4001/4000"));
  CHECK_FALSE(alice.window.sendButton()->isEnabled());
  QTest::keyClick(input, Qt::Key_Return);
  CHECK(input->text().size() == 4001);
  CHECK(messages->rowCount() == before);
  CHECK(alice.window.statusBar()->currentMessage() ==
        QStringLiteral("Too long to send: 4001 of 4000 characters"));
}

TEST_CASE("a message the server refuses comes back to the input") {
  TempDir dir;
  // One message a second, no burst: the second, sent at once, is refused.
  ConfabdProcess server(dir.file("chat.db"), {"--rate-limit", "1", "--rate-burst", "1"});
  Person alice(server.port(), "alice");
  alice.type("first, within the burst");
  auto* messages = alice.client.messages("#main");
  REQUIRE(waitUntil([&] {
    const auto& shown = messages->messages();
    return std::any_of(shown.begin(), shown.end(), [](const ChatMessage& message) {
      return message.text == QStringLiteral("first, within the burst") && message.msgId != 0;
    });
  }));
  alice.type("second, too soon");
  auto* input = alice.window.messageInput();
  REQUIRE(waitUntil([&] { return input->text() == QStringLiteral("second, too soon"); }));
  CHECK(alice.window.statusBar()->currentMessage().startsWith(QStringLiteral("Not sent (")));
  const auto& shown = messages->messages();
  const auto refused = std::find_if(shown.begin(), shown.end(), [](const ChatMessage& message) {
    return message.text == QStringLiteral("second, too soon");
  });
  REQUIRE(refused != shown.end());
  CHECK(refused->failed);
  CHECK(alice.shows("second, too soon ✗ not sent: "));
}

TEST_CASE_FIXTURE(GuiFixture, "after a refused login the dialog offers what was tried") {
  TestClient bob(server->port());
  bob.hello("bob");
  ChatClient client;
  MainWindow window(&client);
  window.setPromptOnLoginFailure(true);
  window.show();
  QString host, nick, message;
  quint16 port = 0;
  whenDialogOpens<ConnectDialog>([&](ConnectDialog* dialog) {
    host = dialog->host();
    port = dialog->port();
    nick = dialog->nick();
    message = dialog->message();
    dialog->reject();
  });
  client.connectTo(QStringLiteral("127.0.0.1"), server->port(), QStringLiteral("bob"));
  REQUIRE(waitUntil([&] { return port != 0; }));
  CHECK(host == QStringLiteral("127.0.0.1"));
  CHECK(port == server->port());
  CHECK(nick == QStringLiteral("bob"));
  CHECK(message.contains(QStringLiteral("bob")));
  CHECK(client.state() == ChatClient::State::Offline);
  CHECK(window.windowTitle() == QStringLiteral("confab — bob (offline)"));
}

TEST_CASE("a server that cannot be reached is given up on and the dialog says so") {
  // A port nobody listens on: bound once by the kernel's choice, then freed.
  quint16 closed = 0;
  {
    QTcpServer probe;
    REQUIRE(probe.listen(QHostAddress::LocalHost, 0));
    closed = probe.serverPort();
  }
  ChatClient client;
  MainWindow window(&client);
  window.setPromptOnLoginFailure(true);
  window.show();
  quint16 offered = 0;
  QString message;
  whenDialogOpens<ConnectDialog>([&](ConnectDialog* dialog) {
    offered = dialog->port();
    message = dialog->message();
    dialog->reject();
  });
  client.connectTo(QStringLiteral("127.0.0.1"), closed, QStringLiteral("alice"));
  // Connect stays available while it retries.
  CHECK(window.connectAction()->isEnabled());
  REQUIRE(waitUntil([&] { return offered != 0; }));
  CHECK(offered == closed);
  CHECK(message.startsWith(QStringLiteral("Cannot reach 127.0.0.1:%1").arg(closed)));
  CHECK(client.state() == ChatClient::State::Offline);
  CHECK_FALSE(client.willReconnect());
}

TEST_CASE_FIXTURE(GuiFixture, "messages missed while offline count as unread where they landed") {
  Person alice(server->port(), "alice", "alice-pw");
  const auto port = server->port();
  alice.client.createRoom(QStringLiteral("dev"), {});
  REQUIRE(waitUntil([&] { return alice.client.currentConversation() == QLatin1String("#dev"); }));
  {
    TestClient bob(port);
    bob.hello("bob");
    REQUIRE(isOkReply(bob.request({{"op", "join"}, {"room", "dev"}})));
    REQUIRE(isOkReply(bob.request({{"op", "say"}, {"room", "main"}, {"text", "seen before"}})));
  }
  REQUIRE(waitUntil([&] { return alice.count("#main", "seen before") == 1; }));
  alice.window.selectConversation(QStringLiteral("#dev"));
  REQUIRE(alice.client.conversations()->unread("#main") == 1);
  alice.window.selectConversation(QStringLiteral("#main"));
  alice.window.selectConversation(QStringLiteral("#dev"));
  CHECK(alice.client.conversations()->unread("#main") == 0);

  REQUIRE(server->terminate() == 0);
  REQUIRE(waitUntil([&] { return alice.client.state() == ChatClient::State::Connecting; }));
  CHECK_FALSE(alice.window.memberList()->isEnabled());
  server = std::make_unique<ConfabdProcess>(
      dir.file("chat.db"),
      std::vector<std::string>{"--rate-limit", "0", "--port", std::to_string(port)});
  {
    TestClient bob(port);
    bob.hello("bob");
    for (const char* text : {"missed one", "missed two"}) {
      REQUIRE(isOkReply(bob.request({{"op", "say"}, {"room", "main"}, {"text", text}})));
    }
  }
  REQUIRE(waitUntil(
      [&] {
        return alice.client.state() == ChatClient::State::Online &&
               alice.count("#main", "missed two") == 1;
      },
      std::chrono::seconds(20)));
  CHECK(alice.client.conversations()->unread("#main") == 2);
  CHECK(alice.client.conversations()->unread("#dev") == 0);
  CHECK(alice.window.memberList()->isEnabled());
  // The missed messages read below a "reconnected" line.
  const auto text = alice.window.chatView()->toPlainText();
  CHECK(text.indexOf(QStringLiteral("* reconnected")) >= 0);
  alice.window.selectConversation(QStringLiteral("#main"));
  // A "new messages" line above the first of them.
  const int firstNew = alice.window.chatView()->firstUnreadRow();
  REQUIRE(firstNew >= 0);
  CHECK(alice.client.messages("#main")->at(firstNew).text == QStringLiteral("missed one"));
  CHECK(alice.client.conversations()->unread("#main") == 0);
  const auto main = alice.window.chatView()->toPlainText();
  CHECK(main.indexOf(QStringLiteral("* reconnected")) < main.indexOf(QStringLiteral("missed one")));
}

TEST_CASE_FIXTURE(GuiFixture,
                  "after a server restart the client reconnects and shows missed messages once") {
  Person alice(server->port(), "alice", "alice-pw");
  const auto port = server->port();
  {
    TestClient bob(port);
    bob.hello("bob");
    REQUIRE(isOkReply(bob.request({{"op", "say"}, {"room", "main"}, {"text", "before restart"}})));
  }
  REQUIRE(waitUntil([&] { return alice.count("#main", "before restart") == 1; }));

  REQUIRE(server->terminate() == 0);
  REQUIRE(waitUntil([&] { return alice.client.state() == ChatClient::State::Connecting; }));
  // Told once, in the server's words.
  CHECK(alice.shows(QStringLiteral("Server is shutting down")));
  alice.type("typed while offline");
  server = std::make_unique<ConfabdProcess>(
      dir.file("chat.db"),
      std::vector<std::string>{"--rate-limit", "0", "--port", std::to_string(port)});
  {
    TestClient bob(port);
    bob.hello("bob");
    for (const char* text : {"missed one", "missed two", "missed three"}) {
      REQUIRE(isOkReply(bob.request({{"op", "say"}, {"room", "main"}, {"text", text}})));
    }
  }
  REQUIRE(waitUntil(
      [&] {
        return alice.client.state() == ChatClient::State::Online &&
               alice.count("#main", "missed three") == 1;
      },
      std::chrono::seconds(20)));
  for (const char* text : {"before restart", "missed one", "missed two", "missed three"}) {
    CAPTURE(text);
    CHECK(alice.count("#main", text) == 1);
  }
  // Back online, nothing from before says otherwise.
  CHECK(alice.window.statusBar()->currentMessage().isEmpty());
  // What alice typed while offline went out once she was back.
  TestClient carol(port);
  carol.hello("carol");
  REQUIRE(waitUntil([&] {
    auto page = carol.request({{"op", "history"}, {"room", "main"}});
    int found = 0;
    for (const auto& message : page["messages"]) {
      found += message["text"] == "typed while offline";
    }
    return found == 1;
  }));
  CHECK(alice.count("#main", "typed while offline") == 1);
}

TEST_CASE_FIXTURE(GuiFixture, "the theme switches and is remembered") {
  Person alice(server->port(), "alice");
  alice.window.themeAction(Theme::Kind::Dark)->trigger();
  CHECK(QApplication::palette().color(QPalette::Window).lightness() < 80);
  CHECK(QSettings().value("ui/theme").toString() == "dark");
  CHECK(Theme::saved() == Theme::Kind::Dark);
  alice.window.themeAction(Theme::Kind::Light)->trigger();
  CHECK(QApplication::palette().color(QPalette::Window).lightness() > 180);
  CHECK(Theme::saved() == Theme::Kind::Light);
}

TEST_CASE_FIXTURE(GuiFixture,
                  "Ctrl+F finds an old message and clicking it opens the conversation there") {
  std::int64_t needle = 0;
  {
    TestClient carol(server->port());
    carol.hello("carol");
    auto said =
        carol.request({{"op", "say"}, {"room", "main"}, {"text", "the Ёлка budget is approved"}});
    REQUIRE(isOkReply(said));
    needle = said["msg_id"];
    // Far more than a window loads when it joins.
    for (int i = 0; i < 400; ++i) {
      carol.send({{"op", "say"}, {"room", "main"}, {"text", "filler " + std::to_string(i)}});
    }
    REQUIRE(isOkReply(carol.request({{"op", "say"}, {"room", "main"}, {"text", "last filler"}})));
  }
  Person alice(server->port(), "alice");
  REQUIRE(waitUntil([&] { return alice.shows("last filler"); }));
  CHECK_FALSE(alice.shows("budget is approved"));

  QTest::keySequence(&alice.window, QKeySequence::Find);
  auto* panel = alice.window.searchPanel();
  REQUIRE(waitUntil([&] { return panel->isVisible() && panel->queryInput()->hasFocus(); }));
  // QTest types ASCII only; the Cyrillic word is inserted as an input method would.
  panel->queryInput()->insert(QStringLiteral("елк "));
  QTest::keyClicks(panel->queryInput(), QStringLiteral("budg"));
  QTest::keyClick(panel->queryInput(), Qt::Key_Return);
  REQUIRE(waitUntil([&] { return panel->results()->count() == 1; }));
  CHECK(panel->statusLabel()->text() == QStringLiteral("1 found"));
  auto* shown = qobject_cast<QLabel*>(panel->results()->itemWidget(panel->results()->item(0)));
  REQUIRE(shown != nullptr);
  // Where and when, who, and the matching words marked.
  CHECK(shown->text().contains(QStringLiteral("#main")));
  CHECK(shown->text().contains(QStringLiteral("<b>carol</b>")));
  CHECK(shown->text().contains(QStringLiteral("<b><u>Ёлка</u></b>")));
  CHECK(shown->text().contains(QStringLiteral("<b><u>budget</u></b>")));
  CHECK_FALSE(shown->text().contains(QStringLiteral("<u>approved</u>")));

  const auto rect = panel->results()->visualItemRect(panel->results()->item(0));
  QTest::mouseClick(panel->results()->viewport(), Qt::LeftButton, {}, rect.center());
  REQUIRE(waitUntil([&] { return alice.window.chatView()->markedMessage() == needle; }));
  CHECK(alice.client.currentConversation() == QLatin1String("#main"));
  CHECK(alice.shows("the Ёлка budget is approved"));
  // The conversation reads on from there: the gap up to what was loaded
  // is filled, and the view is at the message, not at the bottom.
  CHECK(alice.count("#main", "filler 399") == 1);
  CHECK(alice.count("#main", "filler 0") == 1);
  auto* bar = alice.window.chatView()->verticalScrollBar();
  CHECK(bar->value() < bar->maximum());

  // A query the server cannot read says why; the scope can be this
  // conversation only.
  panel->queryInput()->setText(QStringLiteral("\"unclosed"));
  panel->runSearch();
  REQUIRE(waitUntil([&] { return panel->statusLabel()->text() == "a quote is not closed"; }));
  CHECK(panel->results()->count() == 0);
  panel->scopeChoice()->setCurrentIndex(1);
  panel->queryInput()->setText(QStringLiteral("filler"));
  panel->runSearch();
  REQUIRE(waitUntil([&] { return panel->results()->count() == 50; }));
  CHECK(panel->olderButton()->isVisible());
  panel->olderButton()->click();
  REQUIRE(waitUntil([&] { return panel->results()->count() == 100; }));
}

TEST_CASE("a window that only reads stays connected past the server's idle timeout") {
  TempDir dir;
  ConfabdProcess server(dir.file("chat.db"), {"--rate-limit", "0", "--idle-timeout", "1"});
  Person alice(server.port(), QStringLiteral("alice"));
  std::vector<ChatClient::State> states;
  QObject::connect(&alice.client, &ChatClient::stateChanged, &alice.window,
                   [&](ChatClient::State state, const QString&) { states.push_back(state); });
  // Two silent connections made one after the other are each closed for
  // silence: alice, online before the first, has said nothing for longer
  // than the timeout by the time the second goes.
  for (const auto* nick : {"quiet1", "quiet2"}) {
    TestClient quiet(server.port());
    quiet.hello(nick);
    REQUIRE(waitForFrame(quiet, [](const Json& frame) {
      return frame.value("type", "") == "notice" &&
             frame.value("text", "").find("without activity") != std::string::npos;
    }));
  }
  CHECK(states.empty());
  CHECK(alice.client.state() == ChatClient::State::Online);
  CHECK_FALSE(alice.shows(QStringLiteral("without activity")));
  CHECK(server.log().find("idle timeout for alice") == std::string::npos);
}
