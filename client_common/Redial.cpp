#include "Redial.h"

Redial::Redial(ChatConnection* connection, QObject* parent)
    : QObject(parent), connection_(connection) {
  timer_.setSingleShot(true);
  connect(&timer_, &QTimer::timeout, this, [this] {
    if (wanted_) {
      connection_->open(server_.host, server_.port, server_.security);
    }
  });
  connect(connection_, &ChatConnection::certificateProblem, this,
          [this](const CertificateProblem& problem) {
            stop();
            Q_EMIT certificateProblem(problem);
          });
}

void Redial::start(const Server& server) {
  server_ = server;
  wanted_ = true;
  policy_.reset();
  timer_.stop();
  connection_->open(server.host, server.port, server.security);
}

void Redial::stop() {
  wanted_ = false;
  timer_.stop();
}

QString Redial::address() const {
  return server_.host + QLatin1Char(':') + QString::number(server_.port);
}

int Redial::scheduleNext() {
  const int delay = policy_.nextDelayMs();
  timer_.start(delay);
  return delay;
}
