#include "ChatClient.h"

#include <QRegularExpression>

#include <algorithm>
#include <memory>

#include "DownloadJob.h"
#include "ReplyFields.h"
#include "ServerList.h"
#include "SlashCommand.h"
#include "UploadJob.h"

namespace {

using Json = nlohmann::json;
using reply_fields::errorText;
using reply_fields::isOk;
using reply_fields::str;

}  // namespace

ChatClient::ChatClient(QObject* parent)
    : QObject(parent), transfers_(&connection_), redial_(&connection_) {
  connect(&transfers_, &Transfers::started, this, &ChatClient::transferStarted);
  connect(&transfers_, &Transfers::failed, this, &ChatClient::errorOccurred);
  connect(&redial_, &Redial::certificateProblem, this, &ChatClient::certificateProblem);
  connect(&connection_, &ChatConnection::opened, this, &ChatClient::onOpened);
  connect(&connection_, &ChatConnection::closed, this, &ChatClient::onClosed);
  connect(&connection_, &ChatConnection::eventReceived, this, &ChatClient::onEvent);
  connect(&conversations_, &QAbstractItemModel::rowsInserted, this,
          &ChatClient::rememberConversations);
  connect(&conversations_, &QAbstractItemModel::rowsRemoved, this,
          &ChatClient::rememberConversations);
}

ChatClient::~ChatClient() {
  connection_.close();
}

QString ChatClient::roomKey(const QString& room) {
  return '#' + room.toLower();
}

QString ChatClient::privateKey(const QString& nick) {
  return '@' + nick.toLower();
}

QString ChatClient::targetName(const QString& key) const {
  auto it = titles_.find(key);
  return it != titles_.end() ? it->second : key.mid(1);
}

QString ChatClient::topic(const QString& key) const {
  auto it = topics_.find(key);
  return it != topics_.end() ? it->second : QString();
}

MessageListModel* ChatClient::messages(const QString& key) {
  auto& model = messages_[key];
  if (model == nullptr) {
    model = new MessageListModel(this);
  }
  return model;
}

MemberListModel* ChatClient::members(const QString& key) {
  auto& model = members_[key];
  if (model == nullptr) {
    model = new MemberListModel(this);
  }
  return model;
}

void ChatClient::setState(State state, const QString& description) {
  state_ = state;
  Q_EMIT stateChanged(state, description);
}

void ChatClient::connectTo(const QString& host, quint16 port, const QString& nick,
                           const QString& password, Security security) {
  nick_ = nick;
  password_ = password;
  hosts_ = host;
  auto servers = parseServerList(host, port, security);
  if (servers.isEmpty()) {
    // Not a list: the connection says what is wrong with the name.
    servers.push_back({host, port, security});
  }
  connectToServers(servers);
}

void ChatClient::connectAgain() {
  connectToServers(redial_.servers());
}

void ChatClient::connectToServers(const QVector<Redial::Server>& servers) {
  everOnline_ = false;
  unreachable_ = 0;
  lastWord_.clear();
  setState(State::Connecting, tr("Connecting to %1…").arg(Redial::addressesOf(servers)));
  redial_.start(servers);
}

void ChatClient::disconnectFromServer() {
  redial_.stop();
  connection_.close();
  setState(State::Offline, tr("Disconnected"));
}

void ChatClient::request(Json frame, ChatConnection::ReplyHandler handler) {
  connection_.request(std::move(frame), std::move(handler));
}

void ChatClient::reportError(const Json& reply) {
  Q_EMIT errorOccurred(str(reply, "code"), errorText(reply));
}

void ChatClient::scheduleReconnect() {
  const int delay = redial_.scheduleNext();
  setState(State::Connecting,
           tr("Connection lost; reconnecting in %1 s…").arg(delay / 1000.0, 0, 'f', 1));
}

void ChatClient::onClosed(const QString& reason) {
  transfers_.abortAll(tr("connection lost"));
  // Their answers are lost with the connection; catching up decides.
  awaitingAnswer_.clear();
  if (!redial_.wanted()) {
    setState(State::Offline, lastWord_.isEmpty() ? reason : lastWord_);
  } else if (!everOnline_ && ++unreachable_ >= kUnreachableAttempts) {
    redial_.stop();
    const auto text = tr("Cannot reach %1: %2").arg(redial_.address(), reason);
    setState(State::Offline, text);
    Q_EMIT errorOccurred(QStringLiteral("unreachable"), text);
  } else if (!everOnline_) {
    setState(State::Connecting,
             tr("Cannot reach %1 (%2); retrying…").arg(redial_.address(), reason));
    redial_.scheduleNext();
  } else {
    scheduleReconnect();
  }
}

ChatMessage ChatClient::toMessage(const Json& event) const {
  ChatMessage message;
  message.msgId = event.value("msg_id", qint64{0});
  message.time = QDateTime::fromString(str(event, "ts"), Qt::ISODateWithMs).toLocalTime();
  message.from = str(event, "from");
  if (event.value("type", "") == "file") {
    message.kind = ChatMessage::Kind::File;
    message.text = str(event, "name");
    message.fileId = event.value("file_id", qint64{0});
    message.fileSize = event.value("size", qint64{0});
    message.sha256 = str(event, "sha256");
  } else {
    message.text = str(event, "text");
  }
  return message;
}

void ChatClient::addServerMessage(const QString& key, const Json& event, Arrival arrival) {
  const auto message = toMessage(event);
  if (!messages(key)->addFromServer(message) || arrival == Arrival::Older ||
      message.from.compare(nick_, Qt::CaseInsensitive) == 0) {
    return;
  }
  if (key != current_) {
    conversations_.addUnread(key);
  }
  if (arrival != Arrival::Live) {
    return;
  }
  if (!isRoomKey(key)) {
    Q_EMIT notification(key, tr("Private message from %1").arg(message.from), message.text);
    return;
  }
  static const QString wordBoundary = QStringLiteral("\\b");
  const QRegularExpression mention(wordBoundary + QRegularExpression::escape(nick_) + wordBoundary,
                                   QRegularExpression::CaseInsensitiveOption);
  if (message.text.contains(mention)) {
    Q_EMIT notification(key, tr("%1 mentioned you in #%2").arg(message.from, targetName(key)),
                        message.text);
  }
}

void ChatClient::onEvent(const Json& event) {
  const auto type = event.value("type", std::string{});
  if (type == "message" || (type == "file" && event.contains("room"))) {
    addServerMessage(roomKey(str(event, "room")), event, Arrival::Live);
  } else if (type == "pm" || type == "file") {
    const auto from = str(event, "from");
    const auto other = from.compare(nick_, Qt::CaseInsensitive) == 0 ? str(event, "to") : from;
    // A conversation someone else starts waits in the list with its unread
    // count; it does not take the screen from what the user is doing.
    const auto key = ensurePrivate(other);
    addServerMessage(key, event, Arrival::Live);
  } else if (type == "presence") {
    const auto key = roomKey(str(event, "room"));
    const auto nick = str(event, "nick");
    const auto what = str(event, "event");
    if (what == "join") {
      members(key)->addMember(nick);
      messages(key)->addEvent(tr("* %1 joined").arg(nick));
    } else if (what == "kick") {
      members(key)->removeMember(nick);
      const auto reason = str(event, "reason");
      messages(key)->addEvent(
          reason.isEmpty() ? tr("* %1 was removed by %2").arg(nick, str(event, "by"))
                           : tr("* %1 was removed by %2: %3").arg(nick, str(event, "by"), reason));
    } else {
      members(key)->removeMember(nick);
      messages(key)->addEvent(what == "leave" ? tr("* %1 left").arg(nick)
                                              : tr("* %1 quit").arg(nick));
    }
  } else if (type == "topic") {
    const auto key = roomKey(str(event, "room"));
    topics_[key] = str(event, "topic");
    messages(key)->addEvent(tr("* %1 set the topic: %2").arg(str(event, "by"), topics_[key]));
    Q_EMIT topicChanged(key);
  } else if (type == "kicked" && event.contains("room")) {
    // Out of one room, by its operator or because it was deleted; still
    // connected.
    const auto key = roomKey(str(event, "room"));
    const auto text = tr("You were removed from #%1 by %2: %3")
                          .arg(str(event, "room"), str(event, "by"), str(event, "reason"));
    conversations_.remove(key);
    Q_EMIT conversationClosed(key);
    Q_EMIT info(text);
    Q_EMIT notification({}, tr("Removed from #%1").arg(str(event, "room")), text);
  } else if (type == "notice") {
    // Once, where the user is looking, and on the desktop.
    const auto text = str(event, "text");
    if (!current_.isEmpty()) {
      messages(current_)->addAnnouncement(text);
    }
    Q_EMIT notification(current_, tr("Announcement"), text);
  } else if (type == "kicked") {
    // Removed from the server: said where the user reads, kept on screen
    // after the connection closes, and never undone by reconnecting.
    redial_.stop();
    const auto reason = str(event, "reason");
    lastWord_ = reason.isEmpty() ? tr("An administrator disconnected you.")
                                 : tr("An administrator disconnected you: %1").arg(reason);
    if (!current_.isEmpty()) {
      messages(current_)->addAnnouncement(lastWord_);
    }
    Q_EMIT notification({}, tr("Disconnected"), lastWord_);
    setState(State::Offline, lastWord_);
  } else if (type == "shutdown") {
    // The server's own words ("server is shutting down", or the reason an
    // operator gave), as a sentence.
    auto text = str(event, "text");
    if (text.isEmpty()) {
      text = tr("The server is shutting down");
    }
    text[0] = text[0].toUpper();
    Q_EMIT info(text);
  } else if (type == "chunk" || type == "file_end") {
    transfers_.handleEvent(event);
  } else if (type == "error") {
    reportError(event);
  }
}

int ChatClient::textLength(const QString& text) {
  int length = 0;
  for (auto it = text.cbegin(); it != text.cend(); ++it) {
    // A surrogate pair is one character.
    length += !it->isLowSurrogate();
  }
  return length;
}

void ChatClient::setCurrentConversation(const QString& key) {
  current_ = key;
  conversations_.clearUnread(key);
  rememberConversations();
}

void ChatClient::rememberConversations() {
  if (!saved_.isValid() || restoring_ || state_ != State::Online) {
    return;
  }
  QStringList rooms;
  QStringList privates;
  for (const auto& conversation : conversations_.conversations()) {
    (conversation.isRoom ? rooms : privates) << targetName(conversation.key);
  }
  saved_.save(rooms, privates, current_);
}

void ChatClient::sendText(const QString& key, const QString& text) {
  auto* model = messages(key);
  const auto localId = model->addPending(nick_, text);
  if (state_ != State::Online) {
    return;  // sent by resendPending once we are back
  }
  sendPending(key, localId, text);
}

void ChatClient::sendPending(const QString& key, qint64 localId, const QString& text) {
  Json frame = isRoomKey(key) ? Json{{"op", "say"}, {"room", targetName(key).toStdString()}}
                              : Json{{"op", "pm"}, {"to", targetName(key).toStdString()}};
  frame["text"] = text.toStdString();
  awaitingAnswer_.emplace(key, localId);
  request(frame, [this, model = messages(key), localId, key, text](const Json& reply) {
    awaitingAnswer_.erase({key, localId});
    if (isOk(reply)) {
      model->confirm(localId, reply.value("msg_id", qint64{0}),
                     QDateTime::fromString(str(reply, "ts"), Qt::ISODateWithMs).toLocalTime());
    } else {
      model->markFailed(localId, errorText(reply));
      Q_EMIT messageRefused(key, text, errorText(reply));
    }
  });
}

void ChatClient::createRoom(const QString& room, const QString& topic) {
  Json frame{{"op", "create"}, {"room", room.toStdString()}};
  if (!topic.isEmpty()) {
    frame["topic"] = topic.toStdString();
  }
  request(frame, [this, topic](const Json& reply) {
    if (!isOk(reply)) {
      reportError(reply);
      return;
    }
    const auto room = str(reply, "room");
    const auto key = roomKey(room);
    titles_[key] = room;
    topics_[key] = topic;
    members(key)->setMembers({nick_});
    conversations_.add(key, '#' + room, true);
    Q_EMIT conversationOpened(key);
  });
}

void ChatClient::joinRoom(const QString& room) {
  if (conversations_.rowOf(roomKey(room)) >= 0) {
    Q_EMIT conversationOpened(roomKey(room));
    return;
  }
  request({{"op", "join"}, {"room", room.toStdString()}}, [this](const Json& reply) {
    if (isOk(reply)) {
      adoptRoom(reply);
    } else {
      reportError(reply);
    }
  });
}

void ChatClient::leaveRoom(const QString& key) {
  if (!isRoomKey(key)) {
    conversations_.remove(key);
    Q_EMIT conversationClosed(key);
    return;
  }
  request({{"op", "leave"}, {"room", targetName(key).toStdString()}},
          [this, key](const Json& reply) {
            if (!isOk(reply)) {
              reportError(reply);
              return;
            }
            conversations_.remove(key);
            Q_EMIT conversationClosed(key);
          });
}

void ChatClient::topicCommand(const QString& key, const QString& topic) {
  Json frame{{"op", "topic"}, {"room", targetName(key).toStdString()}};
  if (!topic.isEmpty()) {
    frame["topic"] = topic.toStdString();
  }
  request(frame, [this, key, changed = !topic.isEmpty()](const Json& reply) {
    if (!isOk(reply)) {
      reportError(reply);
      return;
    }
    topics_[key] = str(reply, "topic");
    if (changed) {
      messages(key)->addEvent(tr("* you set the topic: %1").arg(topics_[key]));
      Q_EMIT topicChanged(key);
    } else {
      Q_EMIT info(topics_[key].isEmpty() ? tr("No topic is set.")
                                         : tr("Topic: %1").arg(topics_[key]));
    }
  });
}

void ChatClient::kickFromRoom(const QString& key, const QString& nick, const QString& reason) {
  Json frame{{"op", "kick"}, {"room", targetName(key).toStdString()}, {"nick", nick.toStdString()}};
  if (!reason.isEmpty()) {
    frame["reason"] = reason.toStdString();
  }
  request(frame, [this, key](const Json& reply) {
    if (!isOk(reply)) {
      reportError(reply);
      return;
    }
    members(key)->removeMember(str(reply, "nick"));
    messages(key)->addEvent(tr("* you removed %1").arg(str(reply, "nick")));
  });
}

QString ChatClient::ensurePrivate(const QString& nick) {
  const auto key = privateKey(nick);
  if (conversations_.rowOf(key) < 0) {
    titles_[key] = nick;
    // The people in it, so the member pane is not empty.
    members(key)->setMembers({nick_, nick});
    conversations_.add(key, nick, false);
    if (isAuthenticated() && state_ == State::Online) {
      catchUp(key);
    }
  }
  return key;
}

QString ChatClient::openPrivate(const QString& nick) {
  const auto key = ensurePrivate(nick);
  Q_EMIT conversationOpened(key);
  return key;
}

void ChatClient::listRooms(std::function<void(const QList<RoomInfo>&)> done) {
  listRoomsAfter(QString(), std::make_shared<QList<RoomInfo>>(), std::move(done));
}

// The server sends the room list in pages; the dialogs want all of it.
void ChatClient::listRoomsAfter(const QString& after, std::shared_ptr<QList<RoomInfo>> rooms,
                                std::function<void(const QList<RoomInfo>&)> done) {
  Json frame{{"op", "rooms"}};
  if (!after.isEmpty()) {
    frame["after"] = after.toStdString();
  }
  request(std::move(frame), [this, rooms, done](const Json& reply) {
    if (!isOk(reply)) {
      reportError(reply);
      return;
    }
    for (const auto& room : reply["rooms"]) {
      rooms->append({str(room, "name"), room.value("members", 0), str(room, "topic")});
    }
    if (reply.value("more", false) && !rooms->isEmpty()) {
      listRoomsAfter(rooms->back().name, rooms, done);
    } else {
      done(*rooms);
    }
  });
}

void ChatClient::listUsers(const QString& room, std::function<void(const QStringList&)> done) {
  Json frame{{"op", "users"}};
  if (!room.isEmpty()) {
    frame["room"] = room.toStdString();
  }
  request(frame, [this, done](const Json& reply) {
    if (!isOk(reply)) {
      reportError(reply);
      return;
    }
    QStringList users;
    for (const auto& user : reply["users"]) {
      users << QString::fromStdString(user.get<std::string>());
    }
    done(users);
  });
}

void ChatClient::loadOlder(const QString& key) {
  const auto oldest = messages(key)->oldestMsgId();
  if (oldest == 0 || (!isRoomKey(key) && !isAuthenticated())) {
    return;
  }
  Json query{{"op", "history"}, {"before", oldest}, {"limit", 50}};
  query[isRoomKey(key) ? "room" : "with"] = targetName(key).toStdString();
  request(query, [this, key](const Json& reply) {
    if (isOk(reply)) {
      for (const auto& event : reply["messages"]) {
        addServerMessage(key, event, Arrival::Older);
      }
    }
  });
}

UploadJob* ChatClient::uploadFile(const QString& key, const QString& path) {
  Json target = isRoomKey(key) ? Json{{"room", targetName(key).toStdString()}}
                               : Json{{"to", targetName(key).toStdString()}};
  auto* job = transfers_.upload(std::move(target), path);
  connect(job, &UploadJob::finished, this, [this, job, key](bool ok, const QString&) {
    if (!ok) {
      return;
    }
    // Others get a file event; the uploader learns of its file from the ok.
    ChatMessage shared;
    shared.kind = ChatMessage::Kind::File;
    shared.msgId = job->msgId();
    shared.time = QDateTime::currentDateTime();
    shared.from = nick_;
    shared.text = job->fileName();
    shared.fileId = job->fileId();
    shared.fileSize = job->size();
    shared.sha256 = job->sha256();
    messages(key)->addFromServer(shared);
  });
  return job;
}

DownloadJob* ChatClient::downloadFile(qint64 fileId, const QString& savePath) {
  return transfers_.download(fileId, savePath);
}

void ChatClient::submitLine(const QString& key, const QString& line) {
  const auto text = line.trimmed();
  if (text.isEmpty()) {
    return;
  }
  if (!text.startsWith('/')) {
    if (key.isEmpty()) {
      Q_EMIT info(tr("Join a room or open a conversation first."));
      return;
    }
    // Blank lines around a message of several lines are the Enter key's
    // leftovers; spaces are kept, for text laid out with them.
    auto message = line;
    while (message.startsWith(QLatin1Char('\n'))) {
      message.remove(0, 1);
    }
    while (message.endsWith(QLatin1Char('\n'))) {
      message.chop(1);
    }
    sendText(key, message);
    return;
  }
  const auto command = parseSlashCommand(text);
  using Kind = SlashCommand::Kind;
  switch (command.kind) {
    case Kind::Create:
      createRoom(command.target, command.rest);
      break;
    case Kind::Join:
      joinRoom(command.target);
      break;
    case Kind::Leave:
      leaveRoom(command.target.isEmpty() ? key : roomKey(command.target));
      break;
    case Kind::Msg:
      sendText(ensurePrivate(command.target), command.rest);
      break;
    case Kind::Rooms:
      listRooms([this](const QList<RoomInfo>& rooms) {
        QStringList lines;
        for (const auto& room : rooms) {
          lines << tr("#%1 (%2 members) %3").arg(room.name).arg(room.members).arg(room.topic);
        }
        Q_EMIT info(tr("Rooms: ") + lines.join(QStringLiteral("; ")));
      });
      break;
    case Kind::Users: {
      const auto room = isRoomKey(key) ? targetName(key) : QString();
      listUsers(room, [this, room](const QStringList& users) {
        Q_EMIT info((room.isEmpty() ? tr("Online: ") : tr("In %1: ").arg(room)) +
                    users.join(QStringLiteral(", ")));
      });
      break;
    }
    case Kind::Upload:
      uploadFile(key, command.rest);
      break;
    case Kind::Topic:
      if (!isRoomKey(key)) {
        Q_EMIT info(tr("/topic is for rooms."));
      } else {
        topicCommand(key, command.rest);
      }
      break;
    case Kind::Kick:
      if (!isRoomKey(key)) {
        Q_EMIT info(tr("/kick is for rooms."));
      } else {
        kickFromRoom(key, command.target, command.rest);
      }
      break;
    case Kind::Me:
      if (key.isEmpty()) {
        Q_EMIT info(tr("Join a room or open a conversation first."));
      } else {
        // An action is written as IRC writes it, so every client shows it.
        sendText(key, QStringLiteral("\x01"
                                     "ACTION %1\x01")
                          .arg(command.rest));
      }
      break;
    case Kind::Help:
      Q_EMIT info(slashCommandHelp());
      break;
    case Kind::Unknown:
      Q_EMIT info(tr("Unknown command %1; try /help").arg(command.typed));
      break;
  }
}
