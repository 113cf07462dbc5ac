// confab-admin: the confab server's admin console.
#include <QApplication>
#include <QCommandLineParser>
#include <QFile>
#include <QTimer>

#include "AdminClient.h"
#include "AdminWindow.h"
#include "AppIcon.h"
#include "net/version.hpp"

int main(int argc, char** argv) {
  QApplication app(argc, argv);
  QApplication::setOrganizationName(QStringLiteral("confab"));
  QApplication::setApplicationName(QStringLiteral("confab-admin"));
  QApplication::setApplicationVersion(QString::fromLatin1(confab::net::kVersion));
  QApplication::setWindowIcon(appIcon(AppIconKind::Console));
  QGuiApplication::setDesktopFileName(QStringLiteral("confab-admin"));

  QCommandLineParser parser;
  parser.setApplicationDescription(QStringLiteral("confab admin console"));
  parser.addHelpOption();
  parser.addVersionOption();
  QCommandLineOption host(QStringLiteral("host"), QStringLiteral("Server address."),
                          QStringLiteral("host"), QStringLiteral("127.0.0.1"));
  QCommandLineOption port(QStringLiteral("port"), QStringLiteral("Admin port."),
                          QStringLiteral("port"), QStringLiteral("8889"));
  QCommandLineOption tokenFile(QStringLiteral("token-file"),
                               QStringLiteral("Read the admin token from this file and connect."),
                               QStringLiteral("path"));
  QCommandLineOption tls(QStringLiteral("tls"),
                         QStringLiteral("Encrypt with TLS (needed once the server has a "
                                        "certificate; the default on port 8443)."));
  parser.addOptions({host, port, tokenFile, tls});
  parser.process(app);

  AdminClient client;
  AdminWindow window(&client);
  window.show();
  if (parser.isSet(tokenFile)) {
    QFile file(parser.value(tokenFile));
    if (!file.open(QIODevice::ReadOnly)) {
      qCritical("cannot read %s", qPrintable(parser.value(tokenFile)));
      return 2;
    }
    const auto portNumber = static_cast<quint16>(parser.value(port).toUInt());
    client.connectTo(parser.value(host), portNumber, QString::fromUtf8(file.readLine()).trimmed(),
                     parser.isSet(tls) || portNumber == 8443 ? AdminClient::Security::Tls
                                                             : AdminClient::Security::Plain);
  } else {
    QTimer::singleShot(0, &window, [&window] { window.showConnectDialog(); });
  }
  return QApplication::exec();
}
