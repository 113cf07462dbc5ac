#pragma once

#include <QString>
#include <QStringList>

// What a user had open on a server, kept in QSettings across relaunches:
// the rooms (a guest's memberships end with its connection; an account's
// are also the server's), the private conversations (no one's list
// survives otherwise) and the one that was on screen. Kept per server and
// nick, since one person may chat as several.
class SavedConversations {
 public:
  SavedConversations() = default;
  SavedConversations(const QString& server, const QString& nick);

  bool isValid() const { return !group_.isEmpty(); }
  QStringList rooms() const;
  QStringList privates() const;
  QString current() const;

  void save(const QStringList& rooms, const QStringList& privates, const QString& current) const;

 private:
  QString group_;
};
