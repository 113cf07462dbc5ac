#include "MainWindow.h"

#include <algorithm>

#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMenuBar>
#include <QMimeData>
#include <QPushButton>
#include <QSettings>
#include <QShortcut>
#include <QSplitter>
#include <QStandardPaths>
#include <QStatusBar>
#include <QStyle>
#include <QToolBar>
#include <QVBoxLayout>

#include "CertificatePrompts.h"
#include "ChatView.h"
#include "ConnectDialog.h"
#include "DesktopNotifier.h"
#include "JoinRoomDialog.h"
#include "MessageInput.h"
#include "QuickSwitcher.h"
#include "SearchPanel.h"
#include "SecurityIndicator.h"
#include "TransferPanel.h"
#include "UserBrowserDialog.h"

MainWindow::MainWindow(ChatClient* client, QWidget* parent)
    : QMainWindow(parent),
      client_(client),
      chatView_(new ChatView(this)),
      input_(new MessageInput(this)),
      conversationList_(new QListView(this)),
      memberList_(new QListView(this)),
      transfers_(new TransferPanel(this)),
      searchPanel_(new SearchPanel(client, this)),
      status_(new QLabel(tr("Offline"), this)),
      security_(new SecurityIndicator(this)),
      header_(new QLabel(this)),
      notifier_(new DesktopNotifier(this)) {
  chooseFile_ = [this](FileChoice choice, const QString& suggestedName) {
    return choice == FileChoice::Open
               ? QFileDialog::getOpenFileName(this, tr("Upload file"))
               : QFileDialog::getSaveFileName(
                     this, tr("Save file"),
                     QDir(QStandardPaths::writableLocation(QStandardPaths::DownloadLocation))
                         .filePath(suggestedName));
  };
  buildActions();
  buildLayout();
  setTheme(Theme::saved());
  connect(notifier_, &DesktopNotifier::activated, this, [this](const QString& key) {
    showNormal();
    raise();
    activateWindow();
    if (!key.isEmpty() && client_->conversations()->rowOf(key) >= 0) {
      selectConversation(key);
    }
  });

  connect(client_, &ChatClient::stateChanged, this,
          [this](ChatClient::State state, const QString& description) {
            status_->setText(description);
            const bool online = state == ChatClient::State::Online;
            if (online) {
              // What was said while offline ("shutting down") is over.
              statusBar()->clearMessage();
              security_->showConnection(client_->tlsInfo());
            } else {
              security_->showOffline();
            }
            for (auto* action : {createRoom_, joinRoom_, leaveRoom_, privateMessage_, listRooms_,
                                 listUsers_, upload_, search_}) {
              action->setEnabled(online);
            }
            // While retrying, the user may well want to go elsewhere.
            connect_->setEnabled(state != ChatClient::State::Online);
            // Who is in the room is not known while offline: greyed until
            // the reconnect refreshes it.
            memberList_->setEnabled(online);
            disconnect_->setEnabled(state != ChatClient::State::Offline);
            updateTitle();
          });
  connect(client_, &ChatClient::errorOccurred, this,
          [this](const QString& code, const QString& message) {
            if (client_->state() == ChatClient::State::Offline &&
                (code == QLatin1String("nick_taken") || code == QLatin1String("auth_failed") ||
                 code == QLatin1String("invalid_nick") || code == QLatin1String("unreachable"))) {
              status_->setText(message);
              if (promptOnLoginFailure_) {
                QMetaObject::invokeMethod(
                    this, [this, message] { showConnectDialog(message); }, Qt::QueuedConnection);
              }
              return;
            }
            showInfo(QStringLiteral("! ") + message);
          });
  connect(client_, &ChatClient::info, this, &MainWindow::showInfo);
  // Asked once the failed handshake has unwound, not inside the socket's
  // own signal.
  connect(client_, &ChatClient::certificateProblem, this,
          [this](const CertificateProblem& problem) {
            QMetaObject::invokeMethod(
                this, [this, problem] { onCertificateProblem(problem); }, Qt::QueuedConnection);
          });
  connect(client_, &ChatClient::conversationOpened, this, &MainWindow::selectConversation);
  connect(client_, &ChatClient::conversationClosed, this, [this](const QString&) {
    const auto first = client_->conversations()->keyAt(0);
    selectConversation(first);
  });
  connect(client_, &ChatClient::notification, this, &MainWindow::onNotification);
  connect(client_, &ChatClient::topicChanged, this, [this](const QString& key) {
    if (key == client_->currentConversation()) {
      showHeader(key);
    }
  });
  connect(client_, &ChatClient::transferStarted, transfers_, &TransferPanel::addTransfer);
  connect(chatView_, &ChatView::downloadRequested, this, &MainWindow::onDownload);
  connect(chatView_, &ChatView::olderMessagesWanted, this, [this] {
    if (!client_->currentConversation().isEmpty()) {
      client_->loadOlder(client_->currentConversation());
    }
  });
  connect(input_, &MessageInput::submitted, this, [this] {
    const auto line = input_->text();
    const int length = ChatClient::textLength(line);
    if (length > ChatClient::kMaxTextLength) {
      // Kept for the user to shorten: the server would refuse it.
      statusBar()->showMessage(
          tr("Too long to send: %1 of %2 characters").arg(length).arg(ChatClient::kMaxTextLength),
          8000);
      return;
    }
    input_->clear();
    input_->remember(line);
    client_->submitLine(client_->currentConversation(), line);
  });
  input_->setNickSource([this]() -> QStringList {
    const auto key = client_->currentConversation();
    if (key.isEmpty()) {
      return {};
    }
    if (!ChatClient::isRoomKey(key)) {
      return {client_->targetName(key)};
    }
    auto nicks = client_->members(key)->stringList();
    nicks.removeIf([this](const QString& nick) {
      return nick.compare(client_->nick(), Qt::CaseInsensitive) == 0;
    });
    return nicks;
  });
  connect(input_, &QPlainTextEdit::textChanged, this, &MainWindow::updateLengthCounter);
  connect(client_, &ChatClient::messageRefused, this,
          [this](const QString& key, const QString& text, const QString& reason) {
            // Back in the input to retry or edit, unless the user has moved
            // on to another line.
            if (key == client_->currentConversation() && input_->text().isEmpty()) {
              input_->setText(text);
              statusBar()->showMessage(
                  tr("Not sent (%1); the text is back in the input").arg(reason), 8000);
            } else {
              statusBar()->showMessage(tr("Not sent: %1").arg(reason), 8000);
            }
          });
  setAcceptDrops(true);
  resize(960, 620);
  restoreLayout();
  updateTitle();
}

void MainWindow::buildActions() {
  auto* file = menuBar()->addMenu(tr("&Chat"));
  connect_ = file->addAction(tr("&Connect…"), this, [this] { showConnectDialog(); });
  disconnect_ = file->addAction(tr("&Disconnect"), client_, &ChatClient::disconnectFromServer);
  file->addSeparator();
  file->addAction(tr("&Quit"), QKeySequence::Quit, qApp, &QApplication::quit);

  auto* rooms = menuBar()->addMenu(tr("&Rooms"));
  createRoom_ = rooms->addAction(tr("&Create room…"), this, &MainWindow::onCreateRoom);
  joinRoom_ = rooms->addAction(tr("&Join room…"), this, &MainWindow::onJoinRoom);
  leaveRoom_ = rooms->addAction(tr("&Leave room"), this, [this] {
    if (!client_->currentConversation().isEmpty()) {
      client_->leaveRoom(client_->currentConversation());
    }
  });
  rooms->addSeparator();
  privateMessage_ = rooms->addAction(tr("&Private message…"), this, &MainWindow::onPrivateMessage);
  // The room browser is the join dialog; people online have their own.
  listRooms_ = rooms->addAction(tr("Browse &rooms…"), this, &MainWindow::onJoinRoom);
  listUsers_ = rooms->addAction(tr("People &online…"), this, &MainWindow::onBrowseUsers);
  upload_ = rooms->addAction(tr("&Upload file…"), this, &MainWindow::onUpload);

  auto* view = menuBar()->addMenu(tr("&View"));
  viewMenu_ = view;
  search_ = view->addAction(tr("&Search messages…"), this, &MainWindow::openSearch);
  search_->setShortcut(QKeySequence::Find);
  search_->setEnabled(false);
  view->addSeparator();
  auto* themes = new QActionGroup(this);
  lightTheme_ = view->addAction(tr("&Light theme"), this, [this] { setTheme(Theme::Kind::Light); });
  darkTheme_ = view->addAction(tr("&Dark theme"), this, [this] { setTheme(Theme::Kind::Dark); });
  for (auto* action : {lightTheme_, darkTheme_}) {
    action->setCheckable(true);
    themes->addAction(action);
  }

  auto* toolbar = addToolBar(tr("Actions"));
  toolbar->setObjectName(QStringLiteral("actions"));
  toolbar->setToolButtonStyle(Qt::ToolButtonTextOnly);
  for (auto* action :
       {createRoom_, joinRoom_, leaveRoom_, privateMessage_, listRooms_, listUsers_, upload_}) {
    toolbar->addAction(action);
    action->setEnabled(false);
  }
  // Wide enough for either of its texts: the toolbar does not shift when a
  // private conversation turns "Leave room" into "Close conversation".
  if (auto* leave = toolbar->widgetForAction(leaveRoom_)) {
    const auto metrics = leave->fontMetrics();
    const int widest = std::max(metrics.horizontalAdvance(tr("Leave room")),
                                metrics.horizontalAdvance(tr("Close conversation")));
    leave->setMinimumWidth(widest + 2 * leave->style()->pixelMetric(QStyle::PM_ButtonMargin) + 8);
  }
  disconnect_->setEnabled(false);

  createRoom_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_N));
  joinRoom_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_J));
  privateMessage_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_P));
  upload_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_U));
  auto* quick = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_K), this);
  connect(quick, &QShortcut::activated, this, &MainWindow::openQuickSwitcher);

  // Between conversations from the keyboard: Ctrl+Tab and Ctrl+Shift+Tab
  // (also Ctrl+PgDown/PgUp) in the list's order, Alt+1…9 by place.
  auto* next = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_Tab), this);
  connect(next, &QShortcut::activated, this, [this] { stepConversation(1); });
  auto* nextPage = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_PageDown), this);
  connect(nextPage, &QShortcut::activated, this, [this] { stepConversation(1); });
  auto* previous = new QShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Backtab), this);
  connect(previous, &QShortcut::activated, this, [this] { stepConversation(-1); });
  auto* previousPage = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_PageUp), this);
  connect(previousPage, &QShortcut::activated, this, [this] { stepConversation(-1); });
  for (int place = 1; place <= 9; ++place) {
    auto* shortcut = new QShortcut(QKeySequence(Qt::ALT | (Qt::Key_0 + place)), this);
    connect(shortcut, &QShortcut::activated, this, [this, place] {
      const auto key = client_->conversations()->keyAt(place - 1);
      if (!key.isEmpty()) {
        selectConversation(key);
      }
    });
  }
}

// The window as the user left it: size and place, pane widths, docks.
void MainWindow::restoreLayout() {
  QSettings settings;
  restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
  restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
  splitter_->restoreState(settings.value(QStringLiteral("window/panes")).toByteArray());
}

void MainWindow::saveLayout() const {
  QSettings settings;
  settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
  settings.setValue(QStringLiteral("window/state"), saveState());
  settings.setValue(QStringLiteral("window/panes"), splitter_->saveState());
}

void MainWindow::closeEvent(QCloseEvent* event) {
  saveLayout();
  QMainWindow::closeEvent(event);
}

void MainWindow::openQuickSwitcher() {
  QuickSwitcher switcher(client_->conversations(), this);
  if (switcher.exec() == QDialog::Accepted && !switcher.chosenKey().isEmpty()) {
    selectConversation(switcher.chosenKey());
  }
}

void MainWindow::stepConversation(int step) {
  const auto* list = client_->conversations();
  const int count = list->rowCount();
  if (count == 0) {
    return;
  }
  const int at = list->rowOf(client_->currentConversation());
  selectConversation(list->keyAt(((at < 0 ? 0 : at) + step + count) % count));
}

void MainWindow::buildLayout() {
  conversationList_->setModel(client_->conversations());
  conversationList_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  memberList_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  connect(conversationList_, &QListView::clicked, this, [this](const QModelIndex& index) {
    selectConversation(index.data(ConversationListModel::KeyRole).toString());
  });
  connect(memberList_, &QListView::doubleClicked, this, [this](const QModelIndex& index) {
    const auto nick = index.data().toString();
    if (nick.compare(client_->nick(), Qt::CaseInsensitive) != 0) {
      selectConversation(client_->openPrivate(nick));
    }
  });

  input_->setPlaceholderText(tr("Message — /help lists commands"));
  input_->setToolTip(
      tr("Enter sends, Shift+Enter starts a new line; Up and Down recall what you "
         "sent, Tab completes a nick"));
  send_ = new QPushButton(tr("Send"), this);
  connect(send_, &QPushButton::clicked, input_, &MessageInput::submitted);
  lengthCounter_ = new QLabel(this);
  lengthCounter_->hide();

  auto* center = new QWidget(this);
  auto* centerLayout = new QVBoxLayout(center);
  centerLayout->setContentsMargins(0, 0, 0, 0);
  header_->setTextFormat(Qt::RichText);
  header_->setContentsMargins(4, 2, 4, 2);
  centerLayout->addWidget(header_);
  centerLayout->addWidget(chatView_);
  auto* inputRow = new QHBoxLayout;
  inputRow->addWidget(input_);
  inputRow->addWidget(lengthCounter_);
  inputRow->addWidget(send_);
  centerLayout->addLayout(inputRow);

  auto* splitter = new QSplitter(this);
  splitter->addWidget(conversationList_);
  splitter->addWidget(center);
  splitter->addWidget(memberList_);
  splitter->setStretchFactor(0, 1);
  splitter->setStretchFactor(1, 4);
  splitter->setStretchFactor(2, 1);
  splitter->setSizes({180, 600, 160});
  splitter->setObjectName(QStringLiteral("panes"));
  splitter_ = splitter;
  setCentralWidget(splitter);

  // Out of the way until there is something to show; closed, it comes back
  // with the next transfer or from the View menu.
  transfersDock_ = new QDockWidget(tr("Transfers"), this);
  transfersDock_->setObjectName(QStringLiteral("transfers"));
  transfersDock_->setWidget(transfers_);
  addDockWidget(Qt::BottomDockWidgetArea, transfersDock_);
  transfersDock_->hide();
  connect(transfers_, &TransferPanel::transferAdded, transfersDock_, &QDockWidget::show);
  auto* showTransfers = transfersDock_->toggleViewAction();
  showTransfers->setText(tr("&Transfers"));
  viewMenu_->insertAction(viewMenu_->actions().value(1), showTransfers);
  searchDock_ = new QDockWidget(tr("Search"), this);
  searchDock_->setObjectName(QStringLiteral("search"));
  searchDock_->setWidget(searchPanel_);
  addDockWidget(Qt::RightDockWidgetArea, searchDock_);
  searchDock_->hide();
  connect(searchPanel_, &SearchPanel::resultActivated, this, &MainWindow::openResult);

  statusBar()->addWidget(status_, 1);
  statusBar()->addPermanentWidget(security_);
}

QAction* MainWindow::themeAction(Theme::Kind kind) const {
  return kind == Theme::Kind::Dark ? darkTheme_ : lightTheme_;
}

void MainWindow::selectConversation(const QString& key) {
  // Read before opening it clears the count.
  const int unread = key.isEmpty() ? 0 : client_->conversations()->unread(key);
  client_->setCurrentConversation(key);
  const int row = client_->conversations()->rowOf(key);
  conversationList_->setCurrentIndex(client_->conversations()->index(row));
  if (key.isEmpty()) {
    chatView_->showConversation(nullptr, client_->nick());
    memberList_->setModel(nullptr);
  } else {
    chatView_->showConversation(client_->messages(key), client_->nick(), unread);
    memberList_->setModel(client_->members(key));
  }
  leaveRoom_->setText(ChatClient::isRoomKey(key) ? tr("&Leave room") : tr("&Close conversation"));
  showHeader(key);
  updateTitle();
  input_->setFocus();
}

void MainWindow::showHeader(const QString& key) {
  if (key.isEmpty()) {
    header_->clear();
  } else if (ChatClient::isRoomKey(key)) {
    const auto topic = client_->topic(key);
    header_->setText(
        QStringLiteral("<b>#%1</b>%2")
            .arg(client_->targetName(key).toHtmlEscaped(),
                 topic.isEmpty() ? QString() : QStringLiteral(" — ") + topic.toHtmlEscaped()));
  } else {
    header_->setText(
        tr("<b>%1</b> — private conversation").arg(client_->targetName(key).toHtmlEscaped()));
  }
}

void MainWindow::showConnectDialog(const QString& message) {
  ConnectDialog dialog(this);
  // After a failed attempt, what was tried (not what last worked).
  if (const auto& tried = client_->lastServer(); !tried.host.isEmpty()) {
    dialog.setValues(client_->lastHosts(), tried.port, client_->nick());
    dialog.setTls(tried.security == ChatClient::Security::Tls);
    dialog.setPassword(client_->lastPassword());
  }
  dialog.setMessage(message);
  if (dialog.exec() == QDialog::Accepted) {
    client_->connectTo(dialog.host(), dialog.port(), dialog.nick(), dialog.password(),
                       dialog.tls() ? ChatClient::Security::Tls : ChatClient::Security::Plain);
  }
}

void MainWindow::onCertificateProblem(const CertificateProblem& problem) {
  if (settleCertificateProblem(this, problem)) {
    client_->connectAgain();
  } else {
    status_->setText(
        tr("Not connected: the certificate of %1 is not trusted").arg(problem.hostPort));
  }
}

void MainWindow::onCreateRoom() {
  // Asked again, with the reason, until the name is one the server takes.
  QString name;
  QString label = tr("Room name:");
  while (true) {
    bool ok = false;
    name = QInputDialog::getText(this, tr("Create room"), label, QLineEdit::Normal, name, &ok)
               .trimmed();
    if (!ok || name.isEmpty()) {
      return;
    }
    if (name.startsWith(QLatin1Char('#'))) {
      name = name.mid(1);
    }
    const auto problem = JoinRoomDialog::nameProblem(name);
    if (problem.isEmpty()) {
      break;
    }
    label = problem + QLatin1Char('\n') + tr("Room name:");
  }
  client_->createRoom(name);
}

void MainWindow::onJoinRoom() {
  client_->listRooms([this](const QList<RoomInfo>& rooms) {
    QStringList joined;
    for (const auto& conversation : client_->conversations()->conversations()) {
      if (conversation.isRoom) {
        joined << client_->targetName(conversation.key);
      }
    }
    JoinRoomDialog dialog(rooms, joined, this);
    if (dialog.exec() != QDialog::Accepted) {
      return;
    }
    const auto name = dialog.roomName();
    const bool exists = std::any_of(rooms.begin(), rooms.end(), [&name](const RoomInfo& room) {
      return room.name.compare(name, Qt::CaseInsensitive) == 0;
    });
    if (exists) {
      client_->joinRoom(name);
    } else {
      client_->createRoom(name, {});
    }
  });
}

void MainWindow::onBrowseUsers() {
  client_->listUsers({}, [this](const QStringList& users) {
    UserBrowserDialog dialog(users, client_->nick(), this);
    if (dialog.exec() == QDialog::Accepted && !dialog.chosenNick().isEmpty()) {
      selectConversation(client_->openPrivate(dialog.chosenNick()));
    }
  });
}

void MainWindow::onPrivateMessage() {
  bool ok = false;
  const auto nick =
      QInputDialog::getText(this, tr("Private message"), tr("Nick:"), QLineEdit::Normal, {}, &ok);
  if (ok && !nick.trimmed().isEmpty()) {
    selectConversation(client_->openPrivate(nick.trimmed()));
  }
}

void MainWindow::onUpload() {
  if (client_->currentConversation().isEmpty()) {
    return;
  }
  const auto path = chooseFile_(FileChoice::Open, {});
  if (!path.isEmpty()) {
    client_->uploadFile(client_->currentConversation(), path);
  }
}

void MainWindow::onDownload(qint64 fileId, const QString& name) {
  const auto path = chooseFile_(FileChoice::Save, name);
  if (!path.isEmpty()) {
    client_->downloadFile(fileId, path);
  }
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
  if (event->mimeData()->hasUrls() && !client_->currentConversation().isEmpty() &&
      client_->state() == ChatClient::State::Online) {
    event->acceptProposedAction();
  }
}

void MainWindow::dropEvent(QDropEvent* event) {
  for (const auto& url : event->mimeData()->urls()) {
    if (url.isLocalFile()) {
      client_->uploadFile(client_->currentConversation(), url.toLocalFile());
    }
  }
  event->acceptProposedAction();
}

void MainWindow::onNotification(const QString& key, const QString& title, const QString& text) {
  // Nothing pops up about the conversation the user is reading.
  if (!isActiveWindow() || key.isEmpty() || key != client_->currentConversation()) {
    QApplication::alert(this);
    notifier_->notify(key, title, text);
  }
  statusBar()->showMessage(title + QStringLiteral(": ") + text, 5000);
}

void MainWindow::showInfo(const QString& text) {
  statusBar()->showMessage(text, 8000);
  if (!client_->currentConversation().isEmpty()) {
    client_->messages(client_->currentConversation())->addEvent(text);
  }
}

void MainWindow::setTheme(Theme::Kind kind) {
  Theme::apply(kind);
  Theme::save(kind);
  themeAction(kind)->setChecked(true);
}

void MainWindow::openSearch() {
  searchDock_->show();
  searchDock_->raise();
  searchPanel_->begin(client_->currentConversation());
}

// The conversation opens at the message, with what surrounds it loaded.
void MainWindow::openResult(const QString& key, qint64 msgId) {
  client_->loadAround(key, msgId, [this, key, msgId] {
    selectConversation(key);
    chatView_->showMessage(msgId);
  });
}

void MainWindow::updateLengthCounter() {
  // Shown as the limit comes near; past it the line cannot be sent.
  const int length = ChatClient::textLength(input_->text());
  const int limit = ChatClient::kMaxTextLength;
  lengthCounter_->setVisible(length > limit * 9 / 10);
  lengthCounter_->setText(QStringLiteral("%1/%2").arg(length).arg(limit));
  lengthCounter_->setStyleSheet(
      length > limit ? QStringLiteral("color: #c0392b; font-weight: bold;") : QString());
  send_->setEnabled(length <= limit);
}

void MainWindow::updateTitle() {
  const auto key = client_->currentConversation();
  QString title = QStringLiteral("confab");
  if (!client_->nick().isEmpty()) {
    title += QStringLiteral(" — ") + client_->nick();
    if (client_->state() != ChatClient::State::Online) {
      title +=
          QLatin1Char(' ') +
          (client_->state() == ChatClient::State::Offline ? tr("(offline)") : tr("(connecting)"));
    }
  }
  if (!key.isEmpty()) {
    title += QStringLiteral(" — ") + (ChatClient::isRoomKey(key) ? '#' + client_->targetName(key)
                                                                 : client_->targetName(key));
  }
  setWindowTitle(title);
}
