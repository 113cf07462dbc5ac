#pragma once

#include <QObject>
#include <QString>
#include <QTimer>

#include "ChatConnection.h"
#include "ReconnectPolicy.h"

// Whether and when a client connects to its server again: the server it
// wants, the reconnect policy's timer, and a stop when the server's
// certificate needs the user's decision (retrying cannot help then). The
// chat client and the admin console each keep one beside their connection.
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
  // Wants to be offline: no more attempts.
  void stop();
  bool wanted() const { return wanted_; }
  const Server& server() const { return server_; }
  // "host:port", for the status bar.
  QString address() const;

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
  Server server_;
  bool wanted_ = false;
  ReconnectPolicy policy_;
  QTimer timer_;
};
