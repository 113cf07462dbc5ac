// doctest main for the Qt suites: a real QApplication on the offscreen
// platform, with settings and runtime files kept in a throwaway directory
// and a session bus of its own.
#define DOCTEST_CONFIG_IMPLEMENT
#include "tests/support/doctest_runner.hpp"

#include <QApplication>

#include <cstdlib>

#include "tests/gui/private_session_bus.hpp"
#include "tests/support/temp_dir.hpp"

namespace {

QtMessageHandler defaultHandler = nullptr;

// The offscreen platform warns about window hints and raising it cannot
// apply; that is noise here, everything else is shown.
void quietHandler(QtMsgType type, const QMessageLogContext& context, const QString& message) {
  if (!message.contains(QLatin1String("propagateSizeHints")) &&
      !message.contains(QLatin1String("does not support raise()"))) {
    defaultHandler(type, context, message);
  }
}

}  // namespace

int main(int argc, char** argv) {
  defaultHandler = qInstallMessageHandler(quietHandler);
  confab::test::TempDir home;
  setenv("QT_QPA_PLATFORM", "offscreen", 1);
  setenv("XDG_RUNTIME_DIR", home.path().c_str(), 1);
  setenv("XDG_CONFIG_HOME", home.path().c_str(), 1);
  confab::test::PrivateSessionBus bus;
  setenv("DBUS_SESSION_BUS_ADDRESS", bus.address().toLocal8Bit().constData(), 1);
  QApplication app(argc, argv);
  QApplication::setOrganizationName(QStringLiteral("confab-tests"));
  QApplication::setApplicationName(QStringLiteral("gui-tests"));
  doctest::Context context(argc, argv);
  return confab::test::run_suite(context, argc, argv);
}
