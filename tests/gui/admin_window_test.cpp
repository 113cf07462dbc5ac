#include <QApplication>
#include <QComboBox>
#include <QDateTime>
#include <QInputDialog>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTableView>

#include <doctest/doctest.h>

#include <memory>
#include <optional>

#include "AdminClient.h"
#include "AdminConnectDialog.h"
#include "AdminWindow.h"
#include "ClientDetailsDialog.h"
#include "models/ClientTableModel.h"
#include "models/LogModel.h"
#include "models/RoomTableModel.h"
#include "tests/gui/qt_wait.hpp"
#include "tests/support/confabd_process.hpp"
#include "tests/support/nats_server_process.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/support/test_client.hpp"

using namespace confab::test;

namespace {

bool is_ok_frame(const Json& reply) {
  return reply.value("type", "") == "ok";
}

struct Console {
  TempDir dir;
  ConfabdProcess server{dir.file("chat.db"), {"--admin-token", "console-token"}};
  AdminClient client;
  AdminWindow window{&client};

  Console() {
    window.show();
    client.connectTo(QStringLiteral("127.0.0.1"), server.admin_port(),
                     QStringLiteral("console-token"));
    REQUIRE(waitUntil([&] { return client.state() == AdminClient::State::Online; }));
  }

  int rowsShowing(const QString& nick) {
    auto* model = window.clientTable()->model();
    int rows = 0;
    for (int row = 0; row < model->rowCount(); ++row) {
      rows += model->index(row, 0).data().toString() == nick;
    }
    return rows;
  }
};

}  // namespace

TEST_CASE_FIXTURE(Console, "client rows appear and disappear as people come and go") {
  auto alice = std::make_unique<TestClient>(server.port());
  alice->hello("alice");
  auto bob = std::make_unique<TestClient>(server.port());
  bob->hello("bob");
  REQUIRE(waitUntil([&] { return rowsShowing("alice") == 1 && rowsShowing("bob") == 1; }));
  REQUIRE(is_ok_frame(bob->request({{"op", "create"}, {"room", "dev"}})));
  REQUIRE(waitUntil([&] {
    const int row = client.rooms()->rowOf("dev");
    return row >= 0 && client.rooms()->rows()[static_cast<std::size_t>(row)].members == 1;
  }));
  alice.reset();
  REQUIRE(waitUntil([&] { return rowsShowing("alice") == 0; }));
  CHECK(rowsShowing("bob") == 1);

  // The "Speaks" column tells a JSON client from a text or IRC one.
  auto* model = window.clientTable()->model();
  QString speaks;
  for (int row = 0; row < model->rowCount(); ++row) {
    if (model->index(row, 0).data().toString() == QStringLiteral("bob")) {
      speaks = model->index(row, ClientTableModel::Dialect).data().toString();
    }
  }
  CHECK(speaks == QStringLiteral("json"));
  CHECK(model->headerData(ClientTableModel::Dialect, Qt::Horizontal).toString() ==
        QStringLiteral("Speaks"));

  // A single server has no nodes to show.
  CHECK(window.clientTable()->isColumnHidden(ClientTableModel::Node));

  window.clientFilter()->setText(QStringLiteral("nobody-matches"));
  CHECK(window.clientTable()->model()->rowCount() == 0);
  window.clientFilter()->clear();
  CHECK(window.clientTable()->model()->rowCount() == 1);
}

TEST_CASE_FIXTURE(Console, "the log view fills and filters") {
  TestClient carol(server.port());
  carol.hello("carol");
  auto* log = window.logView()->model();
  REQUIRE(waitUntil([&] {
    for (int row = 0; row < log->rowCount(); ++row) {
      if (log->index(row, 2).data().toString().contains(QStringLiteral("hello carol"))) {
        return true;
      }
    }
    return false;
  }));
  window.logSearch()->setText(QStringLiteral("hello carol"));
  CHECK(log->rowCount() == 1);
  window.logSearch()->clear();
  window.logLevel()->setCurrentIndex(3);  // errors only
  CHECK(log->rowCount() == 0);
  window.logLevel()->setCurrentIndex(0);
  CHECK(log->rowCount() > 1);
}

TEST_CASE_FIXTURE(Console, "kicking from the table disconnects the user") {
  TestClient dave(server.port());
  dave.hello("dave");
  REQUIRE(waitUntil([&] { return rowsShowing("dave") == 1; }));
  auto* table = window.clientTable();
  for (int row = 0; row < table->model()->rowCount(); ++row) {
    if (table->model()->index(row, 0).data().toString() == "dave") {
      table->selectRow(row);
    }
  }
  whenDialogOpens<QInputDialog>([](QInputDialog* dialog) {
    dialog->setTextValue(QStringLiteral("flooding"));
    dialog->accept();
    whenDialogOpens<QMessageBox>([](QMessageBox* box) { box->button(QMessageBox::Yes)->click(); });
  });
  window.kickAction()->trigger();
  const auto kicked = waitForFrame(dave, "kicked");
  REQUIRE(kicked);
  CHECK((*kicked)["reason"] == "flooding");
  CHECK(dave.wait_closed());
  CHECK(waitUntil([&] { return rowsShowing("dave") == 0; }));
}

TEST_CASE_FIXTURE(Console,
                  "kick is offered for a selected client only, and a kick selects nobody else") {
  TestClient dave(server.port());
  dave.hello("dave");
  TestClient erin(server.port());
  erin.hello("erin");
  REQUIRE(waitUntil([&] { return rowsShowing("dave") == 1 && rowsShowing("erin") == 1; }));
  auto* table = window.clientTable();
  CHECK_FALSE(table->selectionModel()->hasSelection());
  CHECK_FALSE(window.kickAction()->isEnabled());
  for (int row = 0; row < table->model()->rowCount(); ++row) {
    if (table->model()->index(row, 0).data().toString() == "dave") {
      table->selectRow(row);
    }
  }
  CHECK(window.kickAction()->isEnabled());
  whenDialogOpens<QInputDialog>([](QInputDialog* dialog) {
    dialog->accept();
    whenDialogOpens<QMessageBox>([](QMessageBox* box) { box->button(QMessageBox::Yes)->click(); });
  });
  window.kickAction()->trigger();
  REQUIRE(waitUntil([&] { return rowsShowing("dave") == 0; }));
  CHECK_FALSE(table->selectionModel()->hasSelection());
  CHECK_FALSE(window.kickAction()->isEnabled());
  CHECK(rowsShowing("erin") == 1);
}

TEST_CASE_FIXTURE(Console, "rows do not re-sort under the pointer") {
  auto* clients = client.clients();
  clients->reset(nlohmann::json::array({{{"conn", 1}, {"nick", "busy"}, {"msgs_in", 10}},
                                        {{"conn", 2}, {"nick", "quiet"}, {"msgs_in", 1}}}));
  auto* table = window.clientTable();
  table->sortByColumn(ClientTableModel::MessagesIn, Qt::DescendingOrder);
  auto firstNick = [&] { return table->model()->index(0, 0).data().toString(); };
  REQUIRE(firstNick() == QStringLiteral("busy"));
  QEvent enter(QEvent::Enter);
  QApplication::sendEvent(table->viewport(), &enter);
  clients->upsert({{"conn", 2}, {"nick", "quiet"}, {"msgs_in", 50}});
  CHECK(firstNick() == QStringLiteral("busy"));
  QEvent leave(QEvent::Leave);
  QApplication::sendEvent(table->viewport(), &leave);
  CHECK(firstNick() == QStringLiteral("quiet"));
}

TEST_CASE("client rows give an old connection's date and how long it has lasted") {
  ClientTableModel clients;
  const auto yesterday = QDateTime::currentDateTimeUtc().addDays(-1).addSecs(-3 * 3600);
  clients.reset(
      nlohmann::json::array({{{"conn", 1},
                              {"nick", "night-owl"},
                              {"since", yesterday.toString(Qt::ISODateWithMs).toStdString()}}}));
  const auto since = clients.index(0, ClientTableModel::Since);
  CHECK(since.data().toString() ==
        yesterday.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")));
  CHECK(since.data(Qt::ToolTipRole).toString() == QStringLiteral("Connected for 1 d 3 h"));
  CHECK(clients.headerData(ClientTableModel::MessagesIn, Qt::Horizontal, Qt::DisplayRole) ==
        QStringLiteral("Frames in"));
  CHECK(ClientTableModel::durationText(42) == QStringLiteral("42 s"));
  CHECK(ClientTableModel::durationText(3 * 3600 + 20 * 60) == QStringLiteral("3 h 20 min"));
}

TEST_CASE("a cluster's clients are told apart by node, as their connection ids repeat") {
  ClientTableModel clients;
  clients.reset(nlohmann::json::array({{{"conn", 7}, {"nick", "alice"}, {"node", "a"}},
                                       {{"conn", 7}, {"nick", "bob"}, {"node", "b"}}}));
  REQUIRE(clients.rowCount() == 2);
  clients.upsert({{"conn", 7}, {"nick", "bob"}, {"node", "b"}, {"rooms", {"main", "dev"}}});
  CHECK(clients.rowCount() == 2);
  REQUIRE(clients.find(QStringLiteral("b"), 7) != nullptr);
  CHECK(clients.find(QStringLiteral("b"), 7)->rooms.size() == 2);
  CHECK(clients.find(QStringLiteral("a"), 7)->nick == QStringLiteral("alice"));
  clients.remove(QStringLiteral("a"), 7);
  REQUIRE(clients.rowCount() == 1);
  CHECK(clients.index(0, ClientTableModel::Nick).data().toString() == QStringLiteral("bob"));
  CHECK(clients.index(0, ClientTableModel::Node).data().toString() == QStringLiteral("b"));
  CHECK(clients.headerData(ClientTableModel::Node, Qt::Horizontal, Qt::DisplayRole) ==
        QStringLiteral("Node"));
}

TEST_CASE_FIXTURE(Console, "the console has the client's dark theme") {
  window.themeAction(true)->trigger();
  CHECK(QApplication::palette().color(QPalette::Base).lightness() < 100);
  window.themeAction(false)->trigger();
  CHECK(QApplication::palette().color(QPalette::Base).lightness() > 150);
}

TEST_CASE_FIXTURE(Console, "an announcement of several lines is previewed, then reaches everyone") {
  TestClient dave(server.port());
  dave.hello("dave");
  REQUIRE(waitUntil([&] { return rowsShowing("dave") == 1; }));
  QString previewed, question;
  whenDialogOpens<QInputDialog>([&](QInputDialog* dialog) {
    dialog->setTextValue(QStringLiteral("Maintenance at noon.\nBack by one."));
    dialog->accept();
    whenDialogOpens<QMessageBox>([&](QMessageBox* box) {
      previewed = box->informativeText();
      question = box->text();
      box->button(QMessageBox::Yes)->click();
    });
  });
  window.announceAction()->trigger();
  const auto notice = waitForFrame(dave, "notice");
  REQUIRE(notice);
  CHECK((*notice)["text"] == "Maintenance at noon.\nBack by one.");
  CHECK(previewed == QStringLiteral("Maintenance at noon.\nBack by one."));
  CHECK(question == QStringLiteral("Send this to 1 client?"));
  // Right-click on a row offers what can be done to it.
  CHECK(window.clientTable()->actions().contains(window.kickAction()));
  CHECK(window.clientTable()->contextMenuPolicy() == Qt::ActionsContextMenu);
}

TEST_CASE_FIXTURE(Console, "the stats strip counts connections and messages") {
  TestClient erin(server.port());
  erin.hello("erin");
  REQUIRE(is_ok_frame(erin.request({{"op", "say"}, {"room", "main"}, {"text", "one"}})));
  REQUIRE(
      waitUntil([&] { return client.stats().messages == 1 && client.stats().connections == 1; }));
  CHECK(window.statsLabel()->text().contains(QStringLiteral("1 connections")));
}

TEST_CASE("the console reconnects by itself when the server restarts, and says its data is old") {
  TempDir dir;
  auto server = std::make_unique<ConfabdProcess>(dir.file("chat.db"),
                                                 std::vector<std::string>{"--admin-token", "t"});
  const auto admin_port = server->admin_port();
  AdminClient client;
  AdminWindow window{&client};
  window.show();
  client.connectTo(QStringLiteral("127.0.0.1"), admin_port, QStringLiteral("t"));
  REQUIRE(waitUntil([&] { return client.state() == AdminClient::State::Online; }));
  CHECK_FALSE(window.staleLabel()->isVisible());
  auto* log = client.log();
  auto logged = [&](const QString& text) {
    int lines = 0;
    for (int row = 0; row < log->rowCount(); ++row) {
      lines += log->index(row, LogModel::Text).data().toString().contains(text);
    }
    return lines;
  };
  REQUIRE(waitUntil([&] { return logged(QStringLiteral("admin connected")) == 1; }));

  REQUIRE(server->terminate() == 0);
  REQUIRE(waitUntil([&] { return client.state() == AdminClient::State::Connecting; }));
  // What is on screen is what was known when the server went away.
  CHECK(window.staleLabel()->isVisible());
  CHECK(window.staleLabel()->text().startsWith(
      QStringLiteral("Disconnected — clients and rooms as of")));
  CHECK_FALSE(window.clientTable()->isEnabled());
  const int shutdownRow = log->rowCount() - 1;
  CHECK(log->index(shutdownRow, LogModel::Text)
            .data()
            .toString()
            .contains(QStringLiteral("shutting down")));
  CHECK_FALSE(log->index(shutdownRow, LogModel::Time).data().toString().isEmpty());

  server = std::make_unique<ConfabdProcess>(
      dir.file("chat.db"),
      std::vector<std::string>{"--admin-token", "t", "--admin-port", std::to_string(admin_port)});
  TestClient frank(server->port());
  frank.hello("frank");
  CHECK(waitUntil(
      [&] {
        return client.state() == AdminClient::State::Online &&
               client.clients()->rowOfNick("frank") >= 0;
      },
      std::chrono::seconds(20)));
  CHECK_FALSE(window.staleLabel()->isVisible());
  CHECK(window.clientTable()->isEnabled());
  // The log read before the restart is still there, and nothing twice.
  CHECK(logged(QStringLiteral("server shutting down")) == 1);
  CHECK(waitUntil([&] { return logged(QStringLiteral("admin connected")) == 2; }));
}

TEST_CASE("the connect dialog's token label is a shortcut, not an ampersand") {
  AdminConnectDialog dialog;
  QLabel* token = nullptr;
  for (auto* label : dialog.findChildren<QLabel*>()) {
    if (label->text() == QStringLiteral("&Token")) {
      token = label;
    }
  }
  REQUIRE(token != nullptr);
  CHECK(qobject_cast<QLineEdit*>(token->buddy()) != nullptr);
}

TEST_CASE("a refused token stays said after the server closes the connection") {
  TempDir dir;
  ConfabdProcess server(dir.file("chat.db"), {"--admin-token", "right"});
  AdminClient client;
  AdminWindow window{&client};
  window.show();
  QSignalSpy states(&client, &AdminClient::stateChanged);
  client.connectTo(QStringLiteral("127.0.0.1"), server.admin_port(), QStringLiteral("wrong"));
  // Connecting, refused, then closed by the server.
  REQUIRE(waitUntil([&] { return states.count() >= 3; }));
  CHECK(client.state() == AdminClient::State::Offline);
  CHECK(states.back().at(1).toString().startsWith(QStringLiteral("Login refused")));
  bool shown = false;
  for (auto* label : window.statusBar()->findChildren<QLabel*>()) {
    shown = shown || label->text().startsWith(QStringLiteral("Login refused"));
  }
  CHECK(shown);
}

TEST_CASE_FIXTURE(Console,
                  "deleting a room from the table removes it for its members and the console") {
  TestClient erin(server.port());
  erin.hello("erin");
  REQUIRE(is_ok_frame(erin.request({{"op", "create"}, {"room", "scratch"}})));
  REQUIRE(waitUntil([&] { return client.rooms()->rowOf("scratch") >= 0; }));
  auto* table = window.roomTable();
  for (int row = 0; row < table->model()->rowCount(); ++row) {
    if (table->model()->index(row, 0).data().toString() == "scratch") {
      table->selectRow(row);
    }
  }
  whenDialogOpens<QMessageBox>([](QMessageBox* box) { box->button(QMessageBox::Yes)->click(); });
  window.deleteRoomAction()->trigger();
  const auto kicked = waitForFrame(erin, "kicked");
  REQUIRE(kicked);
  CHECK((*kicked)["room"] == "scratch");
  CHECK(waitUntil([&] { return client.rooms()->rowOf("scratch") < 0; }));
  CHECK(is_ok_frame(erin.request({{"op", "ping"}})));
}

TEST_CASE_FIXTURE(Console, "a room's retention is set from the table and storage is shown") {
  TestClient erin(server.port());
  erin.hello("erin");
  REQUIRE(is_ok_frame(erin.request({{"op", "create"}, {"room", "ephemeral"}})));
  REQUIRE(is_ok_frame(erin.request({{"op", "say"}, {"room", "ephemeral"}, {"text", "soon gone"}})));
  REQUIRE(waitUntil([&] { return client.rooms()->rowOf("ephemeral") >= 0; }));
  auto* table = window.roomTable();
  auto cell = [&](int column) {
    for (int row = 0; row < table->model()->rowCount(); ++row) {
      if (table->model()->index(row, 0).data().toString() == "ephemeral") {
        return table->model()->index(row, column).data().toString();
      }
    }
    return QString();
  };
  CHECK(cell(RoomTableModel::Retention) == QStringLiteral("server's"));
  for (int row = 0; row < table->model()->rowCount(); ++row) {
    if (table->model()->index(row, 0).data().toString() == "ephemeral") {
      table->selectRow(row);
    }
  }
  whenDialogOpens<QInputDialog>([](QInputDialog* dialog) {
    dialog->setIntValue(7);
    dialog->accept();
  });
  window.retentionAction()->trigger();
  REQUIRE(waitUntil([&] { return cell(RoomTableModel::Retention) == QStringLiteral("7 days"); }));
  // The storage strip: the database's size, the files against the quota,
  // the oldest message kept and the server's own retention.
  const auto today = QDateTime::currentDateTime().toString(QStringLiteral("yyyy-MM-dd"));
  REQUIRE(waitUntil([&] { return window.storageLabel()->text().contains(today); }));
  const auto storage = window.storageLabel()->text();
  CHECK(storage.contains(QStringLiteral("Database ")));
  CHECK(storage.contains(QStringLiteral("of 10")));  // --storage-quota's 10 GiB
  CHECK(storage.contains(QStringLiteral("kept forever")));
}

TEST_CASE_FIXTURE(Console, "a room's topic is set from the table, and its members see it") {
  TestClient erin(server.port());
  erin.hello("erin");
  REQUIRE(is_ok_frame(erin.request({{"op", "create"}, {"room", "dev"}, {"topic", "draft"}})));
  REQUIRE(waitUntil([&] { return client.rooms()->rowOf("dev") >= 0; }));
  auto* table = window.roomTable();
  auto rowOfDev = [&] {
    for (int row = 0; row < table->model()->rowCount(); ++row) {
      if (table->model()->index(row, 0).data().toString() == "dev") {
        return row;
      }
    }
    return -1;
  };
  auto topicShown = [&] {
    return table->model()->index(rowOfDev(), RoomTableModel::Topic).data().toString();
  };
  CHECK(topicShown() == QStringLiteral("draft"));
  CHECK_FALSE(window.topicAction()->isEnabled());
  table->selectRow(rowOfDev());
  REQUIRE(window.topicAction()->isEnabled());

  QString offered;
  whenDialogOpens<QInputDialog>([&](QInputDialog* dialog) {
    offered = dialog->textValue();
    dialog->setTextValue(QStringLiteral("ship it on Friday"));
    dialog->accept();
  });
  window.topicAction()->trigger();
  CHECK(offered == QStringLiteral("draft"));
  REQUIRE(waitUntil([&] { return topicShown() == QStringLiteral("ship it on Friday"); }));
  // However long, a topic keeps its row one line high; the tooltip has it.
  CHECK(table->model()->index(rowOfDev(), RoomTableModel::Topic).data(Qt::ToolTipRole) ==
        QStringLiteral("ship it on Friday"));
  CHECK_FALSE(table->wordWrap());
  REQUIRE(waitForFrame(erin, [](const Json& frame) {
    return frame.value("type", "") == "topic" && frame.value("topic", "") == "ship it on Friday" &&
           frame.value("by", "") == "admin";
  }));
}

TEST_CASE_FIXTURE(Console, "a client's details are shown live and kept when it goes") {
  auto dave = std::make_unique<TestClient>(server.port());
  dave->hello("dave");
  REQUIRE(is_ok_frame(dave->request({{"op", "create"}, {"room", "dev"}})));
  REQUIRE(waitUntil([&] {
    const auto row = client.clients()->rowOfNick("dave");
    return row >= 0 && client.clients()->rows()[static_cast<std::size_t>(row)].rooms.size() == 2;
  }));
  auto* table = window.clientTable();
  CHECK_FALSE(window.detailsAction()->isEnabled());
  for (int row = 0; row < table->model()->rowCount(); ++row) {
    if (table->model()->index(row, 0).data().toString() == "dave") {
      table->selectRow(row);
    }
  }
  REQUIRE(window.detailsAction()->isEnabled());
  window.detailsAction()->trigger();
  auto* details = window.findChild<ClientDetailsDialog*>();
  REQUIRE(details != nullptr);
  CHECK(details->isVisible());
  CHECK(details->field("Nick") == QStringLiteral("dave"));
  CHECK(details->field("Address").startsWith(QStringLiteral("127.0.0.1")));
  CHECK(details->field("Speaks") == QStringLiteral("json"));
  CHECK(details->field("Rooms").split(QStringLiteral(", ")).size() == 2);
  CHECK(details->field("Rooms").contains(QStringLiteral("dev")));
  CHECK(details->field("Connected").contains(QStringLiteral(", for ")));
  CHECK(details->kickButton()->isEnabled());
  CHECK_FALSE(details->kickButton()->isDefault());

  // Live: dave's traffic moves the figures while the dialog is open.
  const auto received = details->field("Received");
  for (int i = 0; i < 5; ++i) {
    REQUIRE(is_ok_frame(dave->request({{"op", "say"}, {"room", "dev"}, {"text", "busy"}})));
  }
  REQUIRE(waitUntil([&] { return details->field("Received") != received; }));
  CHECK(details->field("Received").contains(QStringLiteral(" frames, ")));

  dave.reset();
  REQUIRE(waitUntil([&] { return !details->kickButton()->isEnabled(); }));
  CHECK(details->field("Nick") == QStringLiteral("dave"));
  const auto labels = details->findChildren<QLabel*>();
  CHECK(std::any_of(labels.begin(), labels.end(), [](const QLabel* label) {
    return label->isVisible() && label->text().startsWith(QStringLiteral("Disconnected"));
  }));
}

TEST_CASE("in cluster mode the status bar names the node and the cluster's nodes") {
  TempDir dir;
  NatsServerProcess nats(dir.path());
  auto node = [&](const std::string& name) {
    return std::make_unique<ConfabdProcess>(
        dir.file(name + ".db"), std::vector<std::string>{"--cluster", nats.url(), "--node", name,
                                                         "--admin-token", "console-token"});
  };
  auto a = node("a");
  auto b = node("b");
  AdminClient client;
  AdminWindow window{&client};
  window.show();
  client.connectTo(QStringLiteral("127.0.0.1"), a->admin_port(), QStringLiteral("console-token"));
  REQUIRE(waitUntil(
      [&] { return window.statsLabel()->text().contains(QStringLiteral("node a of 2: a, b")); }));
  b->kill_hard();
  CHECK(waitUntil(
      [&] { return window.statsLabel()->text().contains(QStringLiteral("node a of 1: a")); },
      std::chrono::seconds(15)));
}
