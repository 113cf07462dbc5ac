#include "models/ConversationListModel.h"

ConversationListModel::ConversationListModel(QObject* parent) : QAbstractListModel(parent) {}

int ConversationListModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(conversations_.size());
}

QVariant ConversationListModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= rowCount()) {
    return {};
  }
  const auto& conversation = conversations_[static_cast<std::size_t>(index.row())];
  switch (role) {
    case Qt::DisplayRole:
      return conversation.unread > 0
                 ? QStringLiteral("%1  (%2)").arg(conversation.title).arg(conversation.unread)
                 : conversation.title;
    case Qt::ToolTipRole:
      return conversation.isRoom ? tr("Room %1").arg(conversation.title)
                                 : tr("Private conversation with %1").arg(conversation.title);
    case KeyRole:
      return conversation.key;
    case UnreadRole:
      return conversation.unread;
    case IsRoomRole:
      return conversation.isRoom;
    case TitleRole:
      return conversation.title;
    default:
      return {};
  }
}

int ConversationListModel::add(const QString& key, const QString& title, bool isRoom) {
  if (const int existing = rowOf(key); existing >= 0) {
    return existing;
  }
  // Rooms first, then private conversations, each group in the order joined.
  int row = rowCount();
  if (isRoom) {
    row = 0;
    while (row < rowCount() && conversations_[static_cast<std::size_t>(row)].isRoom) {
      ++row;
    }
  }
  beginInsertRows({}, row, row);
  conversations_.insert(conversations_.begin() + row, Conversation{key, title, isRoom, 0});
  endInsertRows();
  return row;
}

void ConversationListModel::remove(const QString& key) {
  const int row = rowOf(key);
  if (row < 0) {
    return;
  }
  beginRemoveRows({}, row, row);
  conversations_.erase(conversations_.begin() + row);
  endRemoveRows();
}

int ConversationListModel::rowOf(const QString& key) const {
  for (std::size_t i = 0; i < conversations_.size(); ++i) {
    if (conversations_[i].key == key) {
      return static_cast<int>(i);
    }
  }
  return -1;
}

QString ConversationListModel::keyAt(int row) const {
  if (row < 0 || row >= rowCount()) {
    return {};
  }
  return conversations_[static_cast<std::size_t>(row)].key;
}

void ConversationListModel::addUnread(const QString& key) {
  const int row = rowOf(key);
  if (row >= 0) {
    ++conversations_[static_cast<std::size_t>(row)].unread;
    Q_EMIT dataChanged(index(row), index(row));
  }
}

void ConversationListModel::clearUnread(const QString& key) {
  const int row = rowOf(key);
  if (row >= 0 && conversations_[static_cast<std::size_t>(row)].unread != 0) {
    conversations_[static_cast<std::size_t>(row)].unread = 0;
    Q_EMIT dataChanged(index(row), index(row));
  }
}

int ConversationListModel::unread(const QString& key) const {
  const int row = rowOf(key);
  return row < 0 ? 0 : conversations_[static_cast<std::size_t>(row)].unread;
}
