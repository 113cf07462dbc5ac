#pragma once

#include <QStringListModel>

// A room's members, sorted case-insensitively and kept current by presence
// events.
class MemberListModel : public QStringListModel {
  Q_OBJECT

 public:
  explicit MemberListModel(QObject* parent = nullptr);

  void setMembers(QStringList members);
  void addMember(const QString& nick);
  void removeMember(const QString& nick);
  bool contains(const QString& nick) const;
};
