#pragma once

#include <QMainWindow>

#include <functional>

#include "ChatClient.h"
#include "MessageInput.h"
#include "Theme.h"

class ChatView;
class QLabel;
class SecurityIndicator;
struct CertificateProblem;
class QLineEdit;
class QListView;
class DesktopNotifier;
class QDockWidget;
class QSplitter;
class QPushButton;
class QMenu;
class SearchPanel;
class TransferPanel;

// The chat window: conversations on the left, the current one in the middle
// with the message box under it, its members on the right, transfers below.
class MainWindow : public QMainWindow {
  Q_OBJECT

 public:
  explicit MainWindow(ChatClient* client, QWidget* parent = nullptr);

  // Asks for host, nick and password and connects; again after a failed login.
  void showConnectDialog(const QString& message = {});

  // Widgets and actions by role, for the tests and the screenshot tool.
  MessageInput* messageInput() const { return input_; }
  QLabel* lengthCounter() const { return lengthCounter_; }
  QPushButton* sendButton() const { return send_; }
  ChatView* chatView() const { return chatView_; }
  QListView* conversationList() const { return conversationList_; }
  QListView* memberList() const { return memberList_; }
  TransferPanel* transfers() const { return transfers_; }
  QLabel* statusLabel() const { return status_; }
  SecurityIndicator* securityIndicator() const { return security_; }
  QAction* connectAction() const { return connect_; }
  QAction* createRoomAction() const { return createRoom_; }
  QAction* joinRoomAction() const { return joinRoom_; }
  QAction* leaveRoomAction() const { return leaveRoom_; }
  QAction* privateMessageAction() const { return privateMessage_; }
  QAction* listRoomsAction() const { return listRooms_; }
  QAction* listUsersAction() const { return listUsers_; }
  QAction* uploadAction() const { return upload_; }
  QAction* searchAction() const { return search_; }
  SearchPanel* searchPanel() const { return searchPanel_; }
  QAction* themeAction(Theme::Kind kind) const;

  void selectConversation(const QString& key);
  // The line above the conversation: its name and, for a room, its topic.
  void showHeader(const QString& key);
  // Where files come from and go to. By default the Qt file dialogs; tests
  // answer for the user, since a file dialog's directory loads in the
  // background and cannot be driven deterministically.
  enum class FileChoice { Open, Save };
  using FileChooser = std::function<QString(FileChoice, const QString& suggestedName)>;
  void setFileChooser(FileChooser chooser) { chooseFile_ = std::move(chooser); }

  // The interactive program asks again when a login fails; tests do not.
  void setPromptOnLoginFailure(bool prompt) { promptOnLoginFailure_ = prompt; }

 protected:
  void closeEvent(QCloseEvent* event) override;
  void dragEnterEvent(QDragEnterEvent* event) override;
  void dropEvent(QDropEvent* event) override;
  QString currentConversation() const { return client_->currentConversation(); }

 private:
  void buildActions();
  void buildLayout();
  void onCreateRoom();
  void onJoinRoom();
  void onPrivateMessage();
  void onBrowseUsers();
  // The conversation `step` places along the list, wrapping around.
  void stepConversation(int step);
  void openQuickSwitcher();
  void restoreLayout();
  void saveLayout() const;
  void onUpload();
  void onDownload(qint64 fileId, const QString& name);
  void onNotification(const QString& key, const QString& title, const QString& text);
  void showInfo(const QString& text);
  void onCertificateProblem(const CertificateProblem& problem);
  void setTheme(Theme::Kind kind);
  void updateTitle();
  void updateLengthCounter();
  void openSearch();
  void openResult(const QString& key, qint64 msgId);

  ChatClient* client_;
  ChatView* chatView_;
  QDockWidget* transfersDock_ = nullptr;
  QSplitter* splitter_ = nullptr;
  QMenu* viewMenu_ = nullptr;
  MessageInput* input_;
  QLabel* lengthCounter_ = nullptr;
  QPushButton* send_ = nullptr;
  QListView* conversationList_;
  QListView* memberList_;
  TransferPanel* transfers_;
  SearchPanel* searchPanel_;
  QDockWidget* searchDock_ = nullptr;
  QLabel* status_;
  SecurityIndicator* security_;
  QLabel* header_;
  DesktopNotifier* notifier_;
  QAction* connect_ = nullptr;
  QAction* disconnect_ = nullptr;
  QAction* createRoom_ = nullptr;
  QAction* joinRoom_ = nullptr;
  QAction* leaveRoom_ = nullptr;
  QAction* privateMessage_ = nullptr;
  QAction* listRooms_ = nullptr;
  QAction* listUsers_ = nullptr;
  QAction* upload_ = nullptr;
  QAction* search_ = nullptr;
  QAction* lightTheme_ = nullptr;
  QAction* darkTheme_ = nullptr;
  bool promptOnLoginFailure_ = false;
  FileChooser chooseFile_;
};
