#pragma once

#include <QObject>
#include <QString>
#include <QTimer>
#include <QVector>

#include "ChatConnection.h"
#include "ReconnectPolicy.h"

// Whether and when a client connects to its server again: the servers it
// wants (several: the nodes of a cluster, tried in turn after a loss), the
// reconnect policy's timer, and a stop when the server's certificate needs
// the user's decision (retrying cannot help then). The chat client and the
// admin console each keep one beside their connection.
class Redial : public QObject {
  Q_OBJECT

 public:
  struct Server {
    QString host;
    quint16 port = 0;
    ChatConnection::Security security = ChatConnection::Security::Plain;
  };

  explicit Redial(ChatConnection* connection, QObject* parent = nullptr);

  // Wants to be online with `server`, and opens the connection now.
  void start(const Server& server);
  // The same with the first of `servers` (at least one); each later
  // attempt goes to the next, round the list.
  void start(const QVector<Server>& servers);
  // Wants to be offline: no more attempts.
  void stop();
  bool wanted() const { return wanted_; }
  // The server of the current (or last) attempt.
  const Server& server() const { return servers_[current_]; }
  const QVector<Server>& servers() const { return servers_; }
  // "host:port" of the current server, for the status bar.
  QString address() const;
  // Every server's "host:port", comma-separated: what the user asked for,
  // whichever node answers.
  QString addresses() const { return addressesOf(servers_); }
  static QString addressesOf(const QVector<Server>& servers);

  // After a lost or refused connection, while still wanted: the next
  // attempt is scheduled; returns its delay.
  int scheduleNext();
  // An attempt got through: the next loss starts from the shortest delay.
  void succeeded() { policy_.reset(); }

 Q_SIGNALS:
  // The connection's certificateProblem, once attempts have stopped.
  void certificateProblem(const CertificateProblem& problem);

 private:
  ChatConnection* connection_;
  QVector<Server> servers_{Server{}};
  int current_ = 0;
  bool wanted_ = false;
  ReconnectPolicy policy_;
  QTimer timer_;
};
