#pragma once

#include <QObject>
#include <QStringList>
#include <QTimer>

#include <nlohmann/json.hpp>

#include "ChatConnection.h"
#include "Redial.h"
#include "models/ClientTableModel.h"
#include "models/LogModel.h"
#include "models/RoomTableModel.h"

// The console's connection to a server's admin port: logs in with the token,
// subscribes, keeps the tables and the log current from the live events,
// polls stats, and reconnects by itself when the server goes away.
class AdminClient : public QObject {
  Q_OBJECT

 public:
  enum class State { Offline, Connecting, Online };
  Q_ENUM(State)

  struct Stats {
    qint64 connections = 0;
    qint64 messages = 0;
    double messagesPerSecond = 0;
    qint64 uptimeSeconds = 0;
    qint64 bytesIn = 0;
    qint64 bytesOut = 0;
    qint64 databaseBytes = 0;
    qint64 fileBytes = 0;
    qint64 storageQuota = 0;   // 0: unlimited
    QString oldestMessage;     // ISO 8601 UTC; empty when none is kept
    qint64 retentionDays = 0;  // the server's; 0: forever
    // Cluster mode: this server's node name and the live nodes; empty
    // for a single server.
    QString node;
    QStringList nodes;
  };

  explicit AdminClient(QObject* parent = nullptr);

  using Security = ChatConnection::Security;

  void connectTo(const QString& host, quint16 port, const QString& token,
                 Security security = Security::Plain);
  // The last connectTo again, e.g. once the user trusted the certificate.
  void connectAgain();
  void disconnectFromServer();
  ChatConnection::TlsInfo tlsInfo() const { return connection_.tlsInfo(); }
  State state() const { return state_; }

  ClientTableModel* clients() { return &clients_; }
  RoomTableModel* rooms() { return &rooms_; }
  LogModel* log() { return &log_; }
  const Stats& stats() const { return stats_; }

  void kick(const QString& nick, const QString& reason);
  void announce(const QString& text);
  // Deletes a room with its history and files; its members are removed.
  void deleteRoom(const QString& room);
  // How long a room keeps its messages; 0 follows the server's retention.
  void setRetention(const QString& room, int days);
  // Any room's topic, as an administrator; empty clears it.
  void setTopic(const QString& room, const QString& topic);

 Q_SIGNALS:
  void stateChanged(AdminClient::State state, const QString& description);
  void statsChanged();
  void actionDone(const QString& message);
  void errorOccurred(const QString& message);
  // The server's certificate could not be verified: the console stays
  // offline until the user decides (CertificatePrompts).
  void certificateProblem(const CertificateProblem& problem);

 private:
  void onOpened();
  void onClosed(const QString& reason);
  void onEvent(const nlohmann::json& event);
  void pollStats();
  void setState(State state, const QString& description);

  ChatConnection connection_;
  ClientTableModel clients_;
  RoomTableModel rooms_;
  LogModel log_;
  Stats stats_;
  QString token_;
  // Why the server ended the session (a refused login), shown instead of
  // the socket's own reason once it closes.
  QString lastWord_;
  State state_ = State::Offline;
  Redial redial_;
  QTimer statsTimer_;
};
