#include "Redial.h"

#include <QStringList>

Redial::Redial(ChatConnection* connection, QObject* parent)
    : QObject(parent), connection_(connection) {
  timer_.setSingleShot(true);
  connect(&timer_, &QTimer::timeout, this, [this] {
    if (wanted_) {
      const auto& next = server();
      connection_->open(next.host, next.port, next.security);
    }
  });
  connect(connection_, &ChatConnection::certificateProblem, this,
          [this](const CertificateProblem& problem) {
            stop();
            Q_EMIT certificateProblem(problem);
          });
}

void Redial::start(const Server& server) {
  start(QVector<Server>{server});
}

void Redial::start(const QVector<Server>& servers) {
  servers_ = servers.isEmpty() ? QVector<Server>{Server{}} : servers;
  current_ = 0;
  wanted_ = true;
  policy_.reset();
  timer_.stop();
  const auto& first = server();
  connection_->open(first.host, first.port, first.security);
}

void Redial::stop() {
  wanted_ = false;
  timer_.stop();
}

namespace {

QString addressOf(const Redial::Server& server) {
  return server.host + QLatin1Char(':') + QString::number(server.port);
}

}  // namespace

QString Redial::address() const {
  return addressOf(server());
}

QString Redial::addressesOf(const QVector<Server>& servers) {
  QStringList all;
  for (const auto& server : servers) {
    all << addressOf(server);
  }
  return all.join(QStringLiteral(", "));
}

int Redial::scheduleNext() {
  current_ = (current_ + 1) % static_cast<int>(servers_.size());
  const int delay = policy_.nextDelayMs();
  timer_.start(delay);
  return delay;
}
