#include "SavedConversations.h"

#include <QSettings>
#include <QUrl>

namespace {

const QString kRooms = QStringLiteral("/rooms");
const QString kPrivates = QStringLiteral("/privates");
const QString kCurrent = QStringLiteral("/current");

}  // namespace

SavedConversations::SavedConversations(const QString& server, const QString& nick)
    // Percent-encoded: '/' separates QSettings groups, and nicks compare
    // without case.
    : group_(QStringLiteral("conversations/") + QString::fromLatin1(QUrl::toPercentEncoding(
                                                    server + QLatin1Char(' ') + nick.toLower()))) {}

QStringList SavedConversations::rooms() const {
  return QSettings().value(group_ + kRooms).toStringList();
}

QStringList SavedConversations::privates() const {
  return QSettings().value(group_ + kPrivates).toStringList();
}

QString SavedConversations::current() const {
  return QSettings().value(group_ + kCurrent).toString();
}

void SavedConversations::save(const QStringList& rooms, const QStringList& privates,
                              const QString& current) const {
  QSettings settings;
  settings.setValue(group_ + kRooms, rooms);
  settings.setValue(group_ + kPrivates, privates);
  settings.setValue(group_ + kCurrent, current);
}
