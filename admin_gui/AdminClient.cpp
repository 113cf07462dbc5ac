#include "AdminClient.h"

#include <QDateTime>

#include "ReplyFields.h"

namespace {

using Json = nlohmann::json;

constexpr int kStatsIntervalMs = 1000;

using reply_fields::isOk;
using reply_fields::str;

}  // namespace

AdminClient::AdminClient(QObject* parent) : QObject(parent), redial_(&connection_) {
  connect(&redial_, &Redial::certificateProblem, this, &AdminClient::certificateProblem);
  statsTimer_.setInterval(kStatsIntervalMs);
  connect(&statsTimer_, &QTimer::timeout, this, &AdminClient::pollStats);
  connect(&connection_, &ChatConnection::opened, this, &AdminClient::onOpened);
  connect(&connection_, &ChatConnection::closed, this, &AdminClient::onClosed);
  connect(&connection_, &ChatConnection::eventReceived, this, &AdminClient::onEvent);
}

void AdminClient::setState(State state, const QString& description) {
  state_ = state;
  Q_EMIT stateChanged(state, description);
}

void AdminClient::connectTo(const QString& host, quint16 port, const QString& token,
                            Security security) {
  token_ = token;
  lastWord_.clear();
  setState(State::Connecting, tr("Connecting to %1:%2…").arg(host).arg(port));
  redial_.start({host, port, security});
}

void AdminClient::connectAgain() {
  const auto& server = redial_.server();
  connectTo(server.host, server.port, token_, server.security);
}

void AdminClient::disconnectFromServer() {
  redial_.stop();
  statsTimer_.stop();
  connection_.close();
  setState(State::Offline, tr("Disconnected"));
}

void AdminClient::onOpened() {
  connection_.request({{"op", "hello"}, {"token", token_.toStdString()}},
                      [this](const Json& reply) {
                        if (!isOk(reply)) {
                          // Kept on screen after the server closes the connection.
                          redial_.stop();
                          lastWord_ = tr("Login refused: %1").arg(str(reply, "message"));
                          setState(State::Offline, lastWord_);
                          Q_EMIT errorOccurred(str(reply, "message"));
                          return;
                        }
                        connection_.request({{"op", "subscribe"}}, [this](const Json& snapshot) {
                          if (!isOk(snapshot)) {
                            Q_EMIT errorOccurred(str(snapshot, "message"));
                            return;
                          }
                          // A fresh picture after every (re)connect: the old one may be stale.
                          clients_.reset(snapshot.value("clients", Json::array()));
                          rooms_.reset(snapshot.value("rooms", Json::array()));
                          // The log read so far stays; of the server's recent lines only
                          // those after it are added (the server's log is its own).
                          const auto seen = log_.newestTime();
                          for (const auto& line : snapshot.value("log", Json::array())) {
                            if (seen.isEmpty() || str(line, "ts") > seen) {
                              log_.append(str(line, "ts"), str(line, "level"), str(line, "text"));
                            }
                          }
                          redial_.succeeded();
                          setState(State::Online, tr("Connected to %1").arg(redial_.address()));
                          pollStats();
                          statsTimer_.start();
                        });
                      });
}

void AdminClient::onClosed(const QString& reason) {
  statsTimer_.stop();
  if (!redial_.wanted()) {
    setState(State::Offline, lastWord_.isEmpty() ? reason : lastWord_);
    return;
  }
  const int delay = redial_.scheduleNext();
  setState(
      State::Connecting,
      tr("Connection lost (%1); reconnecting in %2 s…").arg(reason).arg(delay / 1000.0, 0, 'f', 1));
}

void AdminClient::onEvent(const Json& event) {
  const auto type = event.value("type", std::string{});
  if (type == "client") {
    if (event.value("event", "") == "disconnect") {
      clients_.remove(str(event, "node"), event.value("conn", qint64{0}));
    } else {
      clients_.upsert(event);
    }
  } else if (type == "room") {
    if (event.value("event", "") == "delete") {
      rooms_.remove(str(event, "name"));
    } else {
      rooms_.upsert(event);
    }
  } else if (type == "log") {
    log_.append(str(event, "ts"), str(event, "level"), str(event, "text"));
  } else if (type == "shutdown") {
    log_.append(QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs), QStringLiteral("warn"),
                tr("server shutting down: %1").arg(str(event, "text")));
  }
}

void AdminClient::pollStats() {
  connection_.request({{"op", "stats"}}, [this](const Json& reply) {
    if (!isOk(reply)) {
      return;
    }
    stats_.connections = reply.value("connections", qint64{0});
    stats_.messages = reply.value("messages", qint64{0});
    stats_.messagesPerSecond = reply.value("messages_per_s", 0.0);
    stats_.uptimeSeconds = reply.value("uptime_s", qint64{0});
    stats_.bytesIn = reply.value("bytes_in", qint64{0});
    stats_.bytesOut = reply.value("bytes_out", qint64{0});
    stats_.databaseBytes = reply.value("database_bytes", qint64{0});
    stats_.fileBytes = reply.value("file_bytes", qint64{0});
    stats_.storageQuota = reply.value("storage_quota", qint64{0});
    stats_.oldestMessage = QString::fromStdString(reply.value("oldest_message", std::string{}));
    stats_.retentionDays = reply.value("retention_days", qint64{0});
    stats_.node = QString::fromStdString(reply.value("node", std::string{}));
    stats_.nodes.clear();
    for (const auto& node : reply.value("nodes", Json::array())) {
      if (node.is_string()) {
        stats_.nodes << QString::fromStdString(node.get<std::string>());
      }
    }
    Q_EMIT statsChanged();
  });
}

void AdminClient::kick(const QString& nick, const QString& reason) {
  connection_.request(
      {{"op", "kick"}, {"nick", nick.toStdString()}, {"reason", reason.toStdString()}},
      [this, nick](const Json& reply) {
        if (isOk(reply)) {
          Q_EMIT actionDone(tr("%1 was kicked").arg(nick));
        } else {
          Q_EMIT errorOccurred(str(reply, "message"));
        }
      });
}

void AdminClient::deleteRoom(const QString& room) {
  connection_.request({{"op", "delete_room"}, {"room", room.toStdString()}},
                      [this, room](const Json& reply) {
                        if (isOk(reply)) {
                          Q_EMIT actionDone(tr("Room %1 was deleted").arg(room));
                        } else {
                          Q_EMIT errorOccurred(str(reply, "message"));
                        }
                      });
}

void AdminClient::setRetention(const QString& room, int days) {
  connection_.request(
      {{"op", "retention"}, {"room", room.toStdString()}, {"days", days}},
      [this, room, days](const Json& reply) {
        if (!isOk(reply)) {
          Q_EMIT errorOccurred(str(reply, "message"));
        } else if (days == 0) {
          Q_EMIT actionDone(tr("%1 keeps messages as long as the server does").arg(room));
        } else {
          Q_EMIT actionDone(tr("%1 keeps messages %n days", nullptr, days).arg(room));
        }
      });
}

void AdminClient::setTopic(const QString& room, const QString& topic) {
  connection_.request(
      {{"op", "topic"}, {"room", room.toStdString()}, {"topic", topic.toStdString()}},
      [this, room](const Json& reply) {
        if (!isOk(reply)) {
          Q_EMIT errorOccurred(str(reply, "message"));
        } else if (str(reply, "topic").isEmpty()) {
          Q_EMIT actionDone(tr("%1 has no topic now").arg(room));
        } else {
          Q_EMIT actionDone(tr("Topic of %1 set").arg(room));
        }
      });
}

void AdminClient::announce(const QString& text) {
  connection_.request(
      {{"op", "announce"}, {"text", text.toStdString()}}, [this](const Json& reply) {
        if (isOk(reply)) {
          Q_EMIT actionDone(tr("Announcement sent to %1 clients").arg(reply.value("delivered", 0)));
        } else {
          Q_EMIT errorOccurred(str(reply, "message"));
        }
      });
}
