#include "ServerList.h"

#include <QStringList>

#include <optional>

namespace {

std::optional<quint16> parsePort(const QString& text) {
  bool ok = false;
  const auto port = text.toUInt(&ok);
  if (!ok || port == 0 || port > 65535) {
    return std::nullopt;
  }
  return static_cast<quint16>(port);
}

}  // namespace

QVector<Redial::Server> parseServerList(const QString& text, quint16 defaultPort,
                                        ChatConnection::Security security) {
  QVector<Redial::Server> servers;
  for (auto entry : text.split(QLatin1Char(','))) {
    entry = entry.trimmed();
    if (entry.isEmpty()) {
      continue;
    }
    Redial::Server server{entry, defaultPort, security};
    if (entry.startsWith(QLatin1Char('['))) {
      const auto close = entry.indexOf(QLatin1Char(']'));
      if (close < 0) {
        return {};
      }
      server.host = entry.mid(1, close - 1);
      const auto rest = entry.mid(close + 1);
      if (!rest.isEmpty()) {
        const auto port = rest.startsWith(QLatin1Char(':')) ? parsePort(rest.mid(1)) : std::nullopt;
        if (!port) {
          return {};
        }
        server.port = *port;
      }
    } else if (entry.count(QLatin1Char(':')) == 1) {
      const auto colon = entry.indexOf(QLatin1Char(':'));
      const auto port = parsePort(entry.mid(colon + 1));
      if (!port || colon == 0) {
        return {};
      }
      server.host = entry.left(colon);
      server.port = *port;
    }
    if (server.host.isEmpty() || server.host.contains(QLatin1Char(' '))) {
      return {};
    }
    servers.push_back(server);
  }
  return servers;
}
