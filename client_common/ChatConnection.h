#pragma once

#include <QObject>
#include <QTcpSocket>

#include <cstdint>
#include <functional>
#include <map>

#include <nlohmann/json.hpp>

#include "net/line_framer.hpp"

// One TCP connection to confabd speaking the JSON protocol: frames out, frames
// in, and each request's reply routed to the callback given with it.
class ChatConnection : public QObject {
  Q_OBJECT

 public:
  using Json = nlohmann::json;
  using ReplyHandler = std::function<void(const Json& reply)>;

  explicit ChatConnection(QObject* parent = nullptr);
  ~ChatConnection() override;

  void open(const QString& host, quint16 port);
  void close();
  bool isOpen() const;

  // Sends `frame` with a fresh id; `onReply` receives the ok or error frame.
  // Pending handlers are dropped (not called) when the connection closes.
  void request(Json frame, ReplyHandler onReply = {});
  // Sends without an id: only a failure is answered (as an event).
  void send(const Json& frame);

  qint64 bytesToWrite() const { return socket_.bytesToWrite(); }

 Q_SIGNALS:
  void opened();
  void closed(const QString& reason);
  // Every frame that is not a reply to a request of ours.
  void eventReceived(const nlohmann::json& event);
  void bytesWritten();

 private:
  void onReadyRead();
  void onDisconnected();

  QTcpSocket socket_;
  confab::net::LineFramer framer_;
  std::int64_t nextId_ = 1;
  std::map<std::int64_t, ReplyHandler> pending_;
  bool closing_ = false;
};
