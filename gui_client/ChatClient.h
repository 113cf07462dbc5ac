#pragma once

#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QTimer>

#include <functional>
#include <map>
#include <memory>
#include <set>
#include <vector>

#include <nlohmann/json.hpp>

#include "ChatConnection.h"
#include "Redial.h"
#include "SavedConversations.h"
#include "Transfers.h"
#include "models/ConversationListModel.h"
#include "models/MemberListModel.h"
#include "models/MessageListModel.h"

class UploadJob;
class DownloadJob;

// What the client knows of a room on the server's list.
struct RoomInfo {
  QString name;
  int members = 0;
  QString topic;
};

// A message a search found, and the conversation it belongs to.
struct SearchHit {
  QString key;  // roomKey or privateKey
  ChatMessage message;
};

// The client's view of the chat: conversations, their messages and members,
// and the connection behind them. Coming back after a lost connection is
// ChatClientResync.cpp, search is ChatClientSearch.cpp, the /commands are SlashCommand, file
// transfers are Transfers. The widgets only observe its models and signals.
class ChatClient : public QObject {
  Q_OBJECT

 public:
  enum class State { Offline, Connecting, Online };
  Q_ENUM(State)

  explicit ChatClient(QObject* parent = nullptr);
  ~ChatClient() override;

  using Security = ChatConnection::Security;

  // The protocol's limit on a message, in characters (code points).
  static constexpr int kMaxTextLength = 4000;
  // Failed attempts before a server never reached is given up on.
  static constexpr int kUnreachableAttempts = 3;
  static int textLength(const QString& text);

  // Whether the client will connect again by itself.
  bool willReconnect() const { return redial_.wanted(); }
  // `host` may name several servers ("a, b:8890": the nodes of a
  // cluster); a lost connection is retried on the next one.
  void connectTo(const QString& host, quint16 port, const QString& nick,
                 const QString& password = {}, Security security = Security::Plain);
  // The last connectTo again, e.g. once the user trusted the certificate.
  void connectAgain();
  void disconnectFromServer();
  // The connection's encryption, while online.
  ChatConnection::TlsInfo tlsInfo() const { return connection_.tlsInfo(); }
  Security security() const { return redial_.server().security; }

  State state() const { return state_; }
  QString nick() const { return nick_; }
  // What the last connectTo asked for, to offer it again.
  const Redial::Server& lastServer() const { return redial_.server(); }
  // The host field as the user gave it (one server or several).
  QString lastHosts() const { return hosts_; }
  QString lastPassword() const { return password_; }
  bool isAuthenticated() const { return !password_.isEmpty(); }

  ConversationListModel* conversations() { return &conversations_; }
  MessageListModel* messages(const QString& key);
  MemberListModel* members(const QString& key);

  static QString roomKey(const QString& room);
  static QString privateKey(const QString& nick);
  static bool isRoomKey(const QString& key) { return key.startsWith('#'); }
  // "main" for "#main", "bob" for "@bob", as the server spells it.
  QString targetName(const QString& key) const;
  QString topic(const QString& key) const;

  // The conversation on screen: its unread count stays at zero.
  void setCurrentConversation(const QString& key);
  QString currentConversation() const { return current_; }

  void sendText(const QString& key, const QString& text);
  void createRoom(const QString& room, const QString& topic = {});
  void joinRoom(const QString& room);
  // A room's operator sets its topic (empty: only read it) or removes a
  // member.
  void topicCommand(const QString& key, const QString& topic);
  void kickFromRoom(const QString& key, const QString& nick, const QString& reason);
  void leaveRoom(const QString& key);
  QString openPrivate(const QString& nick);
  // Every room, however many pages the server sends them in.
  void listRooms(std::function<void(const QList<RoomInfo>&)> done);
  void listUsers(const QString& room, std::function<void(const QStringList&)> done);
  void loadOlder(const QString& key);
  UploadJob* uploadFile(const QString& key, const QString& path);
  DownloadJob* downloadFile(qint64 fileId, const QString& savePath);

  // Searches what the user may read: every conversation, or only `key`'s
  // when it is set; `before` (a msg_id, 0 for the newest) pages back.
  // `done` gets the hits newest first, whether older ones remain, and the
  // server's refusal, if it refused.
  using SearchDone =
      std::function<void(const std::vector<SearchHit>& hits, bool more, const QString& error)>;
  void search(const QString& query, const QString& key, qint64 before, SearchDone done);
  // Makes sure the conversation `key` holds the messages around `msgId`
  // (and those up to what it held already, within reason); `done` runs once
  // it does.
  void loadAround(const QString& key, qint64 msgId, std::function<void()> done);

  // A line typed in the message box: a /command or text for `key`.
  void submitLine(const QString& key, const QString& line);

 Q_SIGNALS:
  void stateChanged(ChatClient::State state, const QString& description);
  void errorOccurred(const QString& code, const QString& message);
  void info(const QString& text);
  void conversationOpened(const QString& key);
  void conversationClosed(const QString& key);
  // A room's topic changed (topic(key) has the new one).
  void topicChanged(const QString& key);
  // Worth the user's attention away from the window: a private message, a
  // mention of our nick, an announcement, a removal. `key` is the
  // conversation it is about, or empty.
  void notification(const QString& key, const QString& title, const QString& text);
  // The server refused a message the user typed in conversation `key`.
  void messageRefused(const QString& key, const QString& text, const QString& reason);
  void transferStarted(QObject* job, const QString& title);
  // The server's certificate could not be verified: the client stays
  // offline until the user decides (CertificatePrompts).
  void certificateProblem(const CertificateProblem& problem);

 private:
  void connectToServers(const QVector<Redial::Server>& servers);
  void listRoomsAfter(const QString& after, std::shared_ptr<QList<RoomInfo>> rooms,
                      std::function<void(const QList<RoomInfo>&)> done);
  void setState(State state, const QString& description);
  void onOpened();
  void onClosed(const QString& reason);
  void onEvent(const nlohmann::json& event);
  void scheduleReconnect();
  // Rejoins `rooms` and catches up; `joined` runs once every join is
  // answered.
  void synchronise(const std::vector<QString>& rooms, std::function<void()> joined = {});
  // Keeps the open conversations for the next launch (SavedConversations).
  void rememberConversations();
  void adoptRoom(const nlohmann::json& joinReply);
  void catchUp(const QString& key, std::function<void()> done = {});
  void resendPending(const QString& key);
  // Sends our message `localId` of conversation `key`; its answer confirms
  // it or marks it refused.
  void sendPending(const QString& key, qint64 localId, const QString& text);
  void fillGap(const QString& key, qint64 after, qint64 until, int pagesLeft,
               std::function<void()> done);
  // How a message reached us: as it was said, in a catch-up after a
  // reconnect (new to the user, counted unread, but no notification each),
  // or with older history the user asked for.
  enum class Arrival { Live, CaughtUp, Older };
  void addServerMessage(const QString& key, const nlohmann::json& event, Arrival arrival);
  // Adds a private conversation without putting it on screen.
  QString ensurePrivate(const QString& nick);
  void request(nlohmann::json frame, ChatConnection::ReplyHandler handler);
  void reportError(const nlohmann::json& reply);
  ChatMessage toMessage(const nlohmann::json& event) const;

  ChatConnection connection_;
  Transfers transfers_;
  ConversationListModel conversations_;
  std::map<QString, MessageListModel*> messages_;
  std::map<QString, MemberListModel*> members_;
  std::map<QString, QString> titles_;  // key -> server spelling
  std::map<QString, QString> topics_;
  QString nick_;
  QString password_;
  QString current_;
  State state_ = State::Offline;
  bool everOnline_ = false;
  // Attempts that found no server before the first success: a wrong host
  // or port is given up on instead of retried forever.
  int unreachable_ = 0;
  // Our messages sent on this connection and not yet answered, by
  // conversation and local id: a catch-up that ends meanwhile must not send
  // them again.
  std::set<std::pair<QString, qint64>> awaitingAnswer_;
  // Why the server ended the session (a kick), shown instead of the
  // socket's own reason once it closes.
  QString lastWord_;
  Redial redial_;
  QString hosts_;
  SavedConversations saved_;
  // While a launch reopens what was saved, the list is not saved half-built.
  bool restoring_ = false;
};
