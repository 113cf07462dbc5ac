// confab-client: the confab desktop chat client.
#include <QApplication>
#include <QCommandLineParser>
#include <QTimer>

#include "AppIcon.h"
#include "ChatClient.h"
#include "MainWindow.h"
#include "net/version.hpp"

int main(int argc, char** argv) {
  QApplication app(argc, argv);
  QApplication::setOrganizationName(QStringLiteral("confab"));
  QApplication::setApplicationName(QStringLiteral("confab-client"));
  QApplication::setApplicationVersion(QString::fromLatin1(confab::net::kVersion));
  QApplication::setWindowIcon(appIcon(AppIconKind::Chat));
  QGuiApplication::setDesktopFileName(QStringLiteral("confab-client"));

  QCommandLineParser parser;
  parser.setApplicationDescription(QStringLiteral("confab desktop chat client"));
  parser.addHelpOption();
  parser.addVersionOption();
  QCommandLineOption host(
      QStringLiteral("host"),
      QStringLiteral("Server address; several, comma-separated, for a cluster's nodes."),
      QStringLiteral("host"), QStringLiteral("127.0.0.1"));
  QCommandLineOption port(QStringLiteral("port"), QStringLiteral("Server port."),
                          QStringLiteral("port"), QStringLiteral("8888"));
  QCommandLineOption nick(QStringLiteral("nick"),
                          QStringLiteral("Connect at once with this nick, skipping the dialog."),
                          QStringLiteral("nick"));
  QCommandLineOption password(QStringLiteral("password"), QStringLiteral("Account password."),
                              QStringLiteral("password"));
  QCommandLineOption tls(QStringLiteral("tls"),
                         QStringLiteral("Encrypt with TLS (the default on port 8443)."));
  parser.addOptions({host, port, nick, password, tls});
  parser.process(app);

  ChatClient client;
  MainWindow window(&client);
  window.setPromptOnLoginFailure(true);
  window.show();
  if (parser.isSet(nick)) {
    const auto portNumber = static_cast<quint16>(parser.value(port).toUInt());
    client.connectTo(parser.value(host), portNumber, parser.value(nick), parser.value(password),
                     parser.isSet(tls) || portNumber == 8443 ? ChatClient::Security::Tls
                                                             : ChatClient::Security::Plain);
  } else {
    QTimer::singleShot(0, &window, [&window] { window.showConnectDialog(); });
  }
  return QApplication::exec();
}
