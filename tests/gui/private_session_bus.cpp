#include "tests/gui/private_session_bus.hpp"

#include <sys/prctl.h>

#include <csignal>

#include <QFile>

namespace confab::test {

namespace {

// A session bus with no service directories: nothing is started on demand.
constexpr char kConfig[] = R"(<!DOCTYPE busconfig PUBLIC
 "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir=%1</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
)";

constexpr int kStartMs = 10000;

}  // namespace

PrivateSessionBus::PrivateSessionBus() {
  const auto dir = QString::fromStdString(dir_.path());
  const auto configPath = dir + QStringLiteral("/bus.conf");
  QFile config(configPath);
  if (!config.open(QIODevice::WriteOnly)) {
    return;
  }
  config.write(QString::fromLatin1(kConfig).arg(dir).toUtf8());
  config.close();
  // A test that crashes must not leave its bus running.
  daemon_.setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGTERM); });
  daemon_.start(QStringLiteral("dbus-daemon"),
                QStringList{QStringLiteral("--config-file=") + configPath,
                            QStringLiteral("--nofork"), QStringLiteral("--print-address=1")});
  if (!daemon_.waitForStarted(kStartMs)) {
    return;
  }
  // The address is its first line of output, written once it listens.
  while (!daemon_.canReadLine() && daemon_.waitForReadyRead(kStartMs)) {
  }
  address_ = QString::fromUtf8(daemon_.readLine()).trimmed();
}

PrivateSessionBus::~PrivateSessionBus() {
  if (daemon_.state() != QProcess::NotRunning) {
    daemon_.kill();
    daemon_.waitForFinished(kStartMs);
  }
}

}  // namespace confab::test
