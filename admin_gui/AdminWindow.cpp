#include "AdminWindow.h"

#include <QActionGroup>
#include <QApplication>
#include <QComboBox>
#include <QDateTime>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QScrollBar>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStatusBar>
#include <QTableView>
#include <QToolBar>
#include <QVBoxLayout>

#include "AdminConnectDialog.h"
#include "CertificatePrompts.h"
#include "ClientDetailsDialog.h"
#include "SecurityIndicator.h"
#include "SteadyTable.h"
#include "Theme.h"
#include "models/LogFilterModel.h"

namespace {

QTableView* makeTable(QWidget* parent, QAbstractItemModel* model) {
  auto* table = new QTableView(parent);
  table->setModel(model);
  table->setSortingEnabled(true);
  table->setSelectionBehavior(QAbstractItemView::SelectRows);
  table->setSelectionMode(QAbstractItemView::SingleSelection);
  table->setEditTriggers(QAbstractItemView::NoEditTriggers);
  table->verticalHeader()->hide();
  // One line per row, elided: a long topic or room list must not make one
  // row taller than the rest (the tooltip has the whole text).
  table->setWordWrap(false);
  table->horizontalHeader()->setStretchLastSection(true);
  table->setAlternatingRowColors(true);
  return table;
}

// Without its source yet: SteadyTable attaches it.
QSortFilterProxyModel* makeProxy(QObject* parent) {
  auto* proxy = new QSortFilterProxyModel(parent);
  proxy->setSortRole(Qt::EditRole);
  proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
  proxy->setFilterKeyColumn(-1);  // any column
  return proxy;
}

QWidget* titled(const QString& title, QLineEdit* filter, QWidget* body, QWidget* parent) {
  auto* box = new QWidget(parent);
  auto* layout = new QVBoxLayout(box);
  layout->setContentsMargins(4, 4, 4, 4);
  auto* header = new QHBoxLayout;
  header->addWidget(new QLabel(QStringLiteral("<b>%1</b>").arg(title), box));
  header->addStretch();
  if (filter != nullptr) {
    header->addWidget(filter);
  }
  layout->addLayout(header);
  layout->addWidget(body);
  return box;
}

QString formatUptime(qint64 seconds) {
  return QStringLiteral("%1:%2:%3")
      .arg(seconds / 3600)
      .arg(seconds / 60 % 60, 2, 10, QLatin1Char('0'))
      .arg(seconds % 60, 2, 10, QLatin1Char('0'));
}

}  // namespace

AdminWindow::AdminWindow(AdminClient* client, QWidget* parent)
    : QMainWindow(parent),
      client_(client),
      clientProxy_(makeProxy(this)),
      roomProxy_(makeProxy(this)),
      logProxy_(new LogFilterModel(this)),
      clientFilter_(new QLineEdit(this)),
      roomFilter_(new QLineEdit(this)),
      logSearch_(new QLineEdit(this)),
      logLevel_(new QComboBox(this)),
      stats_(new QLabel(this)),
      storage_(new QLabel(this)),
      status_(new QLabel(tr("Offline"), this)),
      security_(new SecurityIndicator(this)) {
  setWindowTitle(tr("confab admin"));
  logProxy_->setSourceModel(client_->log());

  auto* server = menuBar()->addMenu(tr("&Server"));
  server->addAction(tr("&Connect…"), this, [this] { showConnectDialog(); });
  server->addAction(tr("&Disconnect"), client_, &AdminClient::disconnectFromServer);
  server->addSeparator();
  server->addAction(tr("&Quit"), QKeySequence::Quit, qApp, &QApplication::quit);
  auto* actions = menuBar()->addMenu(tr("&Actions"));
  // The same two looks as the chat client, remembered the same way.
  auto* view = menuBar()->addMenu(tr("&View"));
  auto* themes = new QActionGroup(this);
  for (auto kind : {Theme::Kind::Light, Theme::Kind::Dark}) {
    auto* action = view->addAction(
        kind == Theme::Kind::Light ? tr("&Light theme") : tr("&Dark theme"), this, [kind] {
          Theme::apply(kind);
          Theme::save(kind);
        });
    action->setCheckable(true);
    action->setChecked(kind == Theme::saved());
    themes->addAction(action);
    themeActions_[kind == Theme::Kind::Light ? 0 : 1] = action;
  }
  Theme::apply(Theme::saved());
  details_ = actions->addAction(tr("Client &details…"), this, &AdminWindow::onDetails);
  kick_ = actions->addAction(tr("&Kick selected client…"), this, &AdminWindow::onKick);
  announce_ = actions->addAction(tr("&Announce…"), this, &AdminWindow::onAnnounce);
  deleteRoom_ = actions->addAction(tr("&Delete selected room…"), this, &AdminWindow::onDeleteRoom);
  retention_ =
      actions->addAction(tr("Set &retention of selected room…"), this, &AdminWindow::onRetention);
  topic_ = actions->addAction(tr("Set &topic of selected room…"), this, &AdminWindow::onTopic);
  auto* toolbar = addToolBar(tr("Actions"));
  toolbar->setObjectName(QStringLiteral("actions"));
  toolbar->setToolButtonStyle(Qt::ToolButtonTextOnly);
  toolbar->addAction(kick_);
  toolbar->addAction(announce_);
  toolbar->addAction(deleteRoom_);
  toolbar->addAction(retention_);
  toolbar->addSeparator();
  toolbar->addWidget(stats_);

  auto* tables = new QSplitter(Qt::Horizontal, this);
  tables->addWidget(buildClients());
  tables->addWidget(buildRooms());
  tables->setStretchFactor(0, 3);
  tables->setStretchFactor(1, 2);
  tables->setSizes({600, 480});
  // Offline, the tables still show what was last known: said above them,
  // and greyed out.
  stale_ = new QLabel(this);
  stale_->setContentsMargins(6, 4, 6, 4);
  stale_->setStyleSheet(QStringLiteral("background-color: palette(alternate-base);"));
  stale_->hide();
  auto* upper = new QWidget(this);
  auto* upperLayout = new QVBoxLayout(upper);
  upperLayout->setContentsMargins(0, 0, 0, 0);
  upperLayout->addWidget(stale_);
  upperLayout->addWidget(tables, 1);
  auto* main = new QSplitter(Qt::Vertical, this);
  main->addWidget(upper);
  main->addWidget(buildLog());
  main->setStretchFactor(0, 3);
  main->setStretchFactor(1, 2);
  setCentralWidget(main);
  statusBar()->addWidget(status_, 1);
  statusBar()->addPermanentWidget(storage_);
  statusBar()->addPermanentWidget(security_);

  connect(
      client_, &AdminClient::stateChanged, this,
      [this](AdminClient::State state, const QString& description) {
        status_->setText(description);
        const bool online = state == AdminClient::State::Online;
        if (online) {
          security_->showConnection(client_->tlsInfo());
        } else {
          security_->showOffline();
        }
        announce_->setEnabled(online);
        updateSelectionActions();
        everOnline_ = everOnline_ || online;
        // The tables are old only once they have shown something.
        const bool stale = !online && everOnline_;
        if (!online) {
          stats_->setText(tr("offline"));
          storage_->clear();
        }
        if (stale && !stale_->isVisible()) {
          stale_->setText(tr("Disconnected — clients and rooms as of %1")
                              .arg(QLocale().toString(QTime::currentTime(), QLocale::ShortFormat)));
        }
        stale_->setVisible(stale);
        clientTable_->setEnabled(!stale);
        roomTable_->setEnabled(!stale);
      });
  connect(client_, &AdminClient::statsChanged, this, &AdminWindow::updateStats);
  // Asked once the failed handshake has unwound, not inside the socket's
  // own signal.
  connect(client_, &AdminClient::certificateProblem, this,
          [this](const CertificateProblem& problem) {
            QMetaObject::invokeMethod(
                this,
                [this, problem] {
                  if (settleCertificateProblem(this, problem)) {
                    client_->connectAgain();
                  } else {
                    status_->setText(tr("Not connected: the certificate of %1 is not trusted")
                                         .arg(problem.hostPort));
                  }
                },
                Qt::QueuedConnection);
          });
  connect(client_, &AdminClient::actionDone, this,
          [this](const QString& message) { statusBar()->showMessage(message, 5000); });
  connect(client_, &AdminClient::errorOccurred, this, [this](const QString& message) {
    statusBar()->showMessage(tr("Error: ") + message, 8000);
  });
  // Right-click on a row: what can be done to it (the press selects it).
  clientTable_->setContextMenuPolicy(Qt::ActionsContextMenu);
  clientTable_->addAction(details_);
  clientTable_->addAction(kick_);
  connect(clientTable_, &QTableView::doubleClicked, this, &AdminWindow::onDetails);
  roomTable_->setContextMenuPolicy(Qt::ActionsContextMenu);
  roomTable_->addAction(topic_);
  roomTable_->addAction(retention_);
  roomTable_->addAction(deleteRoom_);
  // An action on a selected row is there only with a row selected.
  connect(clientTable_->selectionModel(), &QItemSelectionModel::selectionChanged, this,
          &AdminWindow::updateSelectionActions);
  connect(roomTable_->selectionModel(), &QItemSelectionModel::selectionChanged, this,
          &AdminWindow::updateSelectionActions);
  // A reset drops the selection without saying so.
  for (auto* proxy : {clientProxy_, roomProxy_}) {
    connect(proxy, &QAbstractItemModel::modelReset, this, &AdminWindow::updateSelectionActions);
    connect(proxy, &QAbstractItemModel::rowsRemoved, this, &AdminWindow::updateSelectionActions);
  }
  announce_->setEnabled(false);
  updateSelectionActions();
  stats_->setText(tr("offline"));
  resize(1100, 700);
}

QWidget* AdminWindow::buildClients() {
  clientTable_ = makeTable(this, clientProxy_);
  new SteadyTable(clientTable_, clientProxy_, client_->clients());
  clientTable_->sortByColumn(ClientTableModel::Since, Qt::AscendingOrder);
  auto* header = clientTable_->horizontalHeader();
  header->setSectionResizeMode(QHeaderView::ResizeToContents);
  header->setSectionResizeMode(ClientTableModel::Rooms, QHeaderView::Stretch);
  header->setStretchLastSection(false);
  // Shown once the server says it is a cluster's node.
  clientTable_->setColumnHidden(ClientTableModel::Node, true);
  clientFilter_->setPlaceholderText(tr("Filter clients"));
  connect(clientFilter_, &QLineEdit::textChanged, clientProxy_,
          &QSortFilterProxyModel::setFilterFixedString);
  return titled(tr("Clients"), clientFilter_, clientTable_, this);
}

QWidget* AdminWindow::buildRooms() {
  roomTable_ = makeTable(this, roomProxy_);
  new SteadyTable(roomTable_, roomProxy_, client_->rooms());
  roomTable_->sortByColumn(RoomTableModel::Members, Qt::DescendingOrder);
  // A topic may be long: it takes the room left, elided, never the width.
  auto* header = roomTable_->horizontalHeader();
  header->setSectionResizeMode(QHeaderView::ResizeToContents);
  header->setSectionResizeMode(RoomTableModel::Topic, QHeaderView::Stretch);
  header->setStretchLastSection(false);
  roomFilter_->setPlaceholderText(tr("Filter rooms"));
  connect(roomFilter_, &QLineEdit::textChanged, roomProxy_,
          &QSortFilterProxyModel::setFilterFixedString);
  return titled(tr("Rooms"), roomFilter_, roomTable_, this);
}

QWidget* AdminWindow::buildLog() {
  logView_ = new QTableView(this);
  logView_->setModel(logProxy_);
  logView_->verticalHeader()->hide();
  logView_->horizontalHeader()->setStretchLastSection(true);
  logView_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  logView_->setSelectionBehavior(QAbstractItemView::SelectRows);
  logView_->setWordWrap(false);
  logView_->verticalHeader()->setDefaultSectionSize(logView_->fontMetrics().height() + 4);
  logLevel_->addItems(
      {tr("debug and up"), tr("info and up"), tr("warnings and errors"), tr("errors only")});
  logLevel_->setCurrentIndex(0);
  connect(logLevel_, &QComboBox::currentIndexChanged, logProxy_,
          &LogFilterModel::setMinimumSeverity);
  logSearch_->setPlaceholderText(tr("Search the log"));
  connect(logSearch_, &QLineEdit::textChanged, logProxy_, &LogFilterModel::setSearchText);
  // Follow new lines while the view is at the bottom; stay put when the
  // reader has scrolled up.
  connect(logProxy_, &QAbstractItemModel::rowsInserted, this, [this] {
    auto* bar = logView_->verticalScrollBar();
    if (bar->value() >= bar->maximum() - 2 * logView_->verticalHeader()->defaultSectionSize()) {
      QMetaObject::invokeMethod(logView_, &QTableView::scrollToBottom, Qt::QueuedConnection);
    }
  });
  auto* filters = new QWidget(this);
  auto* row = new QHBoxLayout(filters);
  row->setContentsMargins(0, 0, 0, 0);
  row->addWidget(logLevel_);
  row->addWidget(logSearch_);
  return titled(
      tr("Server log"), nullptr,
      [&] {
        auto* box = new QWidget(this);
        auto* layout = new QVBoxLayout(box);
        layout->setContentsMargins(0, 0, 0, 0);
        layout->addWidget(filters);
        layout->addWidget(logView_);
        return box;
      }(),
      this);
}

void AdminWindow::showConnectDialog(const QString& message) {
  AdminConnectDialog dialog(this);
  dialog.setMessage(message);
  if (dialog.exec() == QDialog::Accepted) {
    client_->connectTo(dialog.host(), dialog.port(), dialog.token(),
                       dialog.tls() ? AdminClient::Security::Tls : AdminClient::Security::Plain);
  }
}

void AdminWindow::updateSelectionActions() {
  const bool online = client_->state() == AdminClient::State::Online;
  const bool client = clientTable_->selectionModel()->hasSelection();
  const bool room = roomTable_->selectionModel()->hasSelection();
  kick_->setEnabled(online && client);
  details_->setEnabled(client);
  deleteRoom_->setEnabled(online && room);
  retention_->setEnabled(online && room);
  topic_->setEnabled(online && room);
}

void AdminWindow::onKick() {
  const auto selected = clientTable_->selectionModel()->selectedRows();
  if (selected.isEmpty()) {
    statusBar()->showMessage(tr("Select a client to kick first."), 5000);
    return;
  }
  kickNick(selected.first().data(Qt::UserRole).toString());
}

void AdminWindow::kickNick(const QString& nick) {
  if (nick.isEmpty()) {
    statusBar()->showMessage(tr("That client has not logged in yet."), 5000);
    return;
  }
  bool ok = false;
  const auto reason =
      QInputDialog::getText(this, tr("Kick %1").arg(nick), tr("Reason:"), QLineEdit::Normal,
                            tr("kicked by an administrator"), &ok);
  if (!ok) {
    return;
  }
  if (QMessageBox::question(this, tr("Kick %1").arg(nick), tr("Disconnect %1 now?").arg(nick)) ==
      QMessageBox::Yes) {
    client_->kick(nick, reason);
  }
}

void AdminWindow::onDetails() {
  const auto selected = clientTable_->selectionModel()->selectedRows();
  if (selected.isEmpty()) {
    return;
  }
  const auto conn = selected.first().data(ClientTableModel::ConnRole).toLongLong();
  const auto node = selected.first().data(ClientTableModel::NodeRole).toString();
  // Modeless: the tables stay live beside it.
  auto* dialog = new ClientDetailsDialog(client_->clients(), node, conn, this);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  connect(dialog, &ClientDetailsDialog::kickRequested, this, &AdminWindow::kickNick);
  dialog->show();
}

void AdminWindow::onAnnounce() {
  bool ok = false;
  const auto text =
      QInputDialog::getMultiLineText(this, tr("Announce"), tr("Notice to every client:"), {}, &ok)
          .trimmed();
  if (!ok || text.isEmpty()) {
    return;
  }
  // Seen as the clients will see it, and by how many, before it goes.
  const auto people = client_->clients()->rowCount();
  QMessageBox preview(
      QMessageBox::Question, tr("Announce"),
      people == 1 ? tr("Send this to 1 client?") : tr("Send this to %1 clients?").arg(people),
      QMessageBox::Yes | QMessageBox::Cancel, this);
  preview.setInformativeText(text);
  preview.setDefaultButton(QMessageBox::Yes);
  if (preview.exec() == QMessageBox::Yes) {
    client_->announce(text);
  }
}

std::optional<RoomTableModel::Room> AdminWindow::selectedRoom() {
  const auto selected = roomTable_->selectionModel()->selectedRows(RoomTableModel::Name);
  if (selected.isEmpty()) {
    statusBar()->showMessage(tr("Select a room first."), 5000);
    return std::nullopt;
  }
  const auto name = selected.first().data().toString();
  const int row = client_->rooms()->rowOf(name);
  if (row < 0) {
    RoomTableModel::Room room;
    room.name = name;
    return room;
  }
  return client_->rooms()->rows()[static_cast<std::size_t>(row)];
}

void AdminWindow::onDeleteRoom() {
  const auto selected = selectedRoom();
  if (!selected) {
    return;
  }
  const auto& room = selected->name;
  if (QMessageBox::warning(this, tr("Delete %1").arg(room),
                           tr("Delete %1 with its whole history and files, and remove its "
                              "members? This cannot be undone.")
                               .arg(room),
                           QMessageBox::Yes | QMessageBox::Cancel,
                           QMessageBox::Cancel) == QMessageBox::Yes) {
    client_->deleteRoom(room);
  }
}

void AdminWindow::onRetention() {
  const auto selected = selectedRoom();
  if (!selected) {
    return;
  }
  const auto& room = selected->name;
  const auto current = static_cast<int>(selected->retentionDays);
  bool ok = false;
  const int days = QInputDialog::getInt(
      this, tr("Retention of %1").arg(room),
      tr("Delete messages in %1 older than this many days (0: as the server, "
         "which %2):")
          .arg(room, client_->stats().retentionDays == 0
                         ? tr("keeps them forever")
                         : tr("keeps %n days", nullptr,
                              static_cast<int>(client_->stats().retentionDays))),
      current, 0, 36500, 1, &ok);
  if (ok) {
    client_->setRetention(room, days);
  }
}

void AdminWindow::onTopic() {
  const auto selected = selectedRoom();
  if (!selected) {
    return;
  }
  const auto& room = selected->name;
  const auto& current = selected->topic;
  bool ok = false;
  const auto topic =
      QInputDialog::getText(this, tr("Topic of %1").arg(room),
                            tr("Topic (members see it as set by \"admin\"; empty clears it):"),
                            QLineEdit::Normal, current, &ok);
  if (ok && topic != current) {
    client_->setTopic(room, topic.trimmed());
  }
}

void AdminWindow::updateStats() {
  const auto& stats = client_->stats();
  const QLocale locale;
  const auto files = stats.storageQuota > 0 ? tr("%1 of %2")
                                                  .arg(locale.formattedDataSize(stats.fileBytes),
                                                       locale.formattedDataSize(stats.storageQuota))
                                            : locale.formattedDataSize(stats.fileBytes);
  const auto oldest = stats.oldestMessage.isEmpty()
                          ? tr("none")
                          : QDateTime::fromString(stats.oldestMessage, Qt::ISODateWithMs)
                                .toLocalTime()
                                .toString(QStringLiteral("yyyy-MM-dd"));
  auto text = tr("  %1 connections   %2 msg/s   %3 messages   up %4  ")
                  .arg(stats.connections)
                  .arg(stats.messagesPerSecond, 0, 'f', 1)
                  .arg(stats.messages)
                  .arg(formatUptime(stats.uptimeSeconds));
  clientTable_->setColumnHidden(ClientTableModel::Node, stats.node.isEmpty());
  if (!stats.node.isEmpty()) {
    text += tr(" node %1 of %n: %2  ", nullptr, static_cast<int>(stats.nodes.size()))
                .arg(stats.node, stats.nodes.join(QStringLiteral(", ")));
  }
  stats_->setText(text);
  const auto kept = stats.retentionDays == 0
                        ? tr("kept forever")
                        : tr("kept %n days", nullptr, static_cast<int>(stats.retentionDays));
  storage_->setText(tr("Database %1 · files %2 · oldest message %3 · %4")
                        .arg(locale.formattedDataSize(stats.databaseBytes), files, oldest, kept));
}
