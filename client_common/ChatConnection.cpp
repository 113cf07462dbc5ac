#include "ChatConnection.h"

#include <QPointer>
#include <QSslCipher>

namespace {

// Server frames can carry 64 KiB of base64 file data and more; the client
// trusts its server further than the server trusts clients.
constexpr std::size_t kMaxServerFrame = 16 * 1024 * 1024;

}  // namespace

ChatConnection::ChatConnection(QObject* parent)
    : QObject(parent), socket_(this), framer_(kMaxServerFrame) {
  connect(&keepAlive_, &QTimer::timeout, this, [this] { send({{"op", "ping"}}); });
  connect(&socket_, &QSslSocket::connected, this, [this] {
    if (security_ == Security::Plain) {
      Q_EMIT opened();
    }
  });
  connect(&socket_, &QSslSocket::encrypted, this, &ChatConnection::onEncrypted);
  connect(&socket_, &QSslSocket::sslErrors, this, &ChatConnection::onSslErrors);
  connect(&socket_, &QSslSocket::readyRead, this, &ChatConnection::onReadyRead);
  connect(&socket_, &QSslSocket::disconnected, this, &ChatConnection::onDisconnected);
  connect(&socket_, &QSslSocket::bytesWritten, this, [this] { Q_EMIT bytesWritten(); });
  connect(&socket_, &QSslSocket::errorOccurred, this, [this](QAbstractSocket::SocketError) {
    if (socket_.state() != QAbstractSocket::ConnectedState) {
      onDisconnected();
    }
  });
}

ChatConnection::~ChatConnection() {
  // The socket's destructor announces the disconnect; nobody is listening
  // any more, and the owner may already be half destroyed.
  QObject::disconnect(&socket_, nullptr, this, nullptr);
  socket_.abort();
}

void ChatConnection::open(const QString& host, quint16 port, Security security) {
  closing_ = false;
  keepAlive_.stop();
  keepAlive_.setInterval(0);
  framer_ = confab::net::LineFramer(kMaxServerFrame);
  pending_.clear();
  socket_.abort();
  security_ = security;
  hostPort_ = host + QLatin1Char(':') + QString::number(port);
  tlsInfo_ = TlsInfo{};
  acceptedOnFirstUse_ = false;
  if (security == Security::Tls) {
    socket_.connectToHostEncrypted(host, port);
  } else {
    socket_.connectToHost(host, port);
  }
}

void ChatConnection::onSslErrors(const QList<QSslError>& errors) {
  CertificateProblem problem;
  switch (CertificateTrust::judge(hostPort_, socket_.peerCertificate(), errors, problem)) {
    case CertificateTrust::Verdict::Accept:
      acceptedOnFirstUse_ = true;
      socket_.ignoreSslErrors(errors);
      return;
    case CertificateTrust::Verdict::AskUser:
    case CertificateTrust::Verdict::Refuse:
      // The handshake fails once this returns; the owner asks or warns.
      Q_EMIT certificateProblem(problem);
      return;
  }
}

void ChatConnection::onEncrypted() {
  const auto certificate = socket_.peerCertificate();
  const auto protocol = socket_.sessionProtocol();
  tlsInfo_.encrypted = true;
  tlsInfo_.protocol = protocol == QSsl::TlsV1_3   ? QStringLiteral("TLS 1.3")
                      : protocol == QSsl::TlsV1_2 ? QStringLiteral("TLS 1.2")
                                                  : socket_.sessionCipher().protocolString();
  tlsInfo_.subject = certificate.subjectDisplayName();
  tlsInfo_.fingerprint = CertificateTrust::fingerprint(certificate);
  tlsInfo_.trustedOnFirstUse = acceptedOnFirstUse_;
  Q_EMIT opened();
}

void ChatConnection::close() {
  closing_ = true;
  keepAlive_.stop();
  pending_.clear();
  socket_.abort();
}

bool ChatConnection::isOpen() const {
  return socket_.state() == QAbstractSocket::ConnectedState;
}

void ChatConnection::request(Json frame, ReplyHandler onReply) {
  const auto id = nextId_++;
  frame["id"] = id;
  if (onReply) {
    pending_.emplace(id, std::move(onReply));
  }
  send(frame);
}

void ChatConnection::request(Json frame, QObject* context, ReplyHandler onReply) {
  request(std::move(frame),
          [guard = QPointer<QObject>(context), onReply = std::move(onReply)](const Json& reply) {
            if (guard) {
              onReply(reply);
            }
          });
}

void ChatConnection::send(const Json& frame) {
  if (!isOpen()) {
    return;
  }
  auto bytes = frame.dump(-1, ' ', false, Json::error_handler_t::replace);
  bytes.push_back('\n');
  socket_.write(bytes.data(), static_cast<qint64>(bytes.size()));
  // Any frame is activity: the ping is due a whole interval after it.
  if (keepAlive_.interval() > 0) {
    keepAlive_.start();
  }
}

void ChatConnection::keepAliveWithin(std::chrono::seconds idleTimeout) {
  if (idleTimeout.count() <= 0) {
    keepAlive_.stop();
    keepAlive_.setInterval(0);
    return;
  }
  keepAlive_.setInterval(std::chrono::duration_cast<std::chrono::milliseconds>(idleTimeout) / 3);
  keepAlive_.start();
}

void ChatConnection::onReadyRead() {
  const QByteArray data = socket_.readAll();
  const auto status =
      framer_.feed(std::string_view(data.constData(), static_cast<std::size_t>(data.size())),
                   [this](std::string&& line) {
                     auto frame = Json::parse(line, nullptr, false);
                     if (frame.is_discarded() || !frame.is_object()) {
                       return;
                     }
                     const auto type = frame.value("type", std::string{});
                     if ((type == "ok" || type == "error") && frame.contains("id") &&
                         frame["id"].is_number_integer()) {
                       auto it = pending_.find(frame["id"].get<std::int64_t>());
                       if (it != pending_.end()) {
                         auto handler = std::move(it->second);
                         pending_.erase(it);
                         handler(frame);
                         return;
                       }
                     }
                     Q_EMIT eventReceived(frame);
                   });
  if (status == confab::net::LineFramer::Status::too_large) {
    socket_.abort();
  }
}

void ChatConnection::onDisconnected() {
  pending_.clear();
  keepAlive_.stop();
  if (closing_) {
    return;
  }
  closing_ = true;
  Q_EMIT closed(socket_.errorString());
}
