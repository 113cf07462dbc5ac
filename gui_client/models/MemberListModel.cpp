#include "models/MemberListModel.h"

MemberListModel::MemberListModel(QObject* parent) : QStringListModel(parent) {}

void MemberListModel::setMembers(QStringList members) {
  members.sort(Qt::CaseInsensitive);
  members.removeDuplicates();
  setStringList(members);
}

void MemberListModel::addMember(const QString& nick) {
  if (!contains(nick)) {
    auto members = stringList();
    members.append(nick);
    setMembers(members);
  }
}

void MemberListModel::removeMember(const QString& nick) {
  auto members = stringList();
  members.removeIf([&](const QString& m) { return m.compare(nick, Qt::CaseInsensitive) == 0; });
  setStringList(members);
}

bool MemberListModel::contains(const QString& nick) const {
  return stringList().contains(nick, Qt::CaseInsensitive);
}
