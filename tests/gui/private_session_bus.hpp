#pragma once

#include <QProcess>
#include <QString>

#include "tests/support/temp_dir.hpp"

namespace confab::test {

// A D-Bus daemon of the test process's own, so what the client puts on the
// session bus (desktop notifications) reaches the tests and never the
// desktop of whoever runs them. Nothing is activated on it: services are
// only those the tests register.
class PrivateSessionBus {
 public:
  PrivateSessionBus();
  ~PrivateSessionBus();
  PrivateSessionBus(const PrivateSessionBus&) = delete;
  PrivateSessionBus& operator=(const PrivateSessionBus&) = delete;

  // Empty when dbus-daemon could not be started.
  const QString& address() const { return address_; }

 private:
  TempDir dir_;
  QProcess daemon_;
  QString address_;
};

}  // namespace confab::test
