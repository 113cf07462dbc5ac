#pragma once

#include <QObject>
#include <QSslSocket>
#include <QTimer>

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>

#include <nlohmann/json.hpp>

#include "CertificateTrust.h"
#include "net/line_framer.hpp"

// One connection to confabd speaking the JSON protocol, over TCP or TLS:
// frames out, frames in, and each request's reply routed to the callback
// given with it.
class ChatConnection : public QObject {
  Q_OBJECT

 public:
  using Json = nlohmann::json;
  using ReplyHandler = std::function<void(const Json& reply)>;

  enum class Security { Plain, Tls };
  // What the status bar shows of an open connection.
  struct TlsInfo {
    bool encrypted = false;
    QString protocol;  // "TLS 1.3"
    QString subject;
    QString fingerprint;
    // Trusted by the user, not by an authority the system knows.
    bool trustedOnFirstUse = false;
  };

  explicit ChatConnection(QObject* parent = nullptr);
  ~ChatConnection() override;

  // Over TLS the server's certificate is verified against the system's
  // trust store, or else against the one the user trusted for host:port.
  void open(const QString& host, quint16 port, Security security = Security::Plain);
  void close();
  bool isOpen() const;

  // Sends `frame` with a fresh id; `onReply` receives the ok or error frame.
  // Pending handlers are dropped (not called) when the connection closes.
  void request(Json frame, ReplyHandler onReply = {});
  // The same, for a handler that belongs to `context`: a reply that arrives
  // after `context` is gone is dropped.
  void request(Json frame, QObject* context, ReplyHandler onReply);
  // Sends without an id: only a failure is answered (as an event).
  void send(const Json& frame);
  // The server closes a connection silent for its idle timeout (hello's
  // `idle_timeout`); one that only reads sends a `ping` after a third of
  // it without a frame. Zero: never. Until the next open().
  void keepAliveWithin(std::chrono::seconds idleTimeout);

  qint64 bytesToWrite() const { return socket_.bytesToWrite(); }
  TlsInfo tlsInfo() const { return tlsInfo_; }

 Q_SIGNALS:
  void opened();
  void closed(const QString& reason);
  // The server's certificate could not be verified; closed() follows.
  void certificateProblem(const CertificateProblem& problem);
  // Every frame that is not a reply to a request of ours.
  void eventReceived(const nlohmann::json& event);
  void bytesWritten();

 private:
  void onReadyRead();
  void onDisconnected();
  void onEncrypted();
  void onSslErrors(const QList<QSslError>& errors);

  QSslSocket socket_;
  Security security_ = Security::Plain;
  QString hostPort_;
  TlsInfo tlsInfo_;
  // Set while judging the handshake: the fingerprint the user trusted.
  bool acceptedOnFirstUse_ = false;
  confab::net::LineFramer framer_;
  std::int64_t nextId_ = 1;
  std::map<std::int64_t, ReplyHandler> pending_;
  bool closing_ = false;
  QTimer keepAlive_;
};
