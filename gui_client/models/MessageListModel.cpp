#include "models/MessageListModel.h"

#include <QLocale>

MessageListModel::MessageListModel(QObject* parent) : QAbstractListModel(parent) {}

int MessageListModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(messages_.size());
}

QVariant MessageListModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= rowCount()) {
    return {};
  }
  const auto& message = messages_[static_cast<std::size_t>(index.row())];
  switch (role) {
    case Qt::DisplayRole:
      return message.from.isEmpty() ? message.text : message.from + ": " + message.text;
    case Qt::ToolTipRole:
      // The list shows the time only; the full date is a hover away.
      return QLocale().toString(message.time, QLocale::LongFormat);
    case FromRole:
      return message.from;
    case MsgIdRole:
      return message.msgId;
    case PendingRole:
      return message.pending;
    case KindRole:
      return static_cast<int>(message.kind);
    case FileIdRole:
      return message.fileId;
    default:
      return {};
  }
}

bool MessageListModel::addFromServer(const ChatMessage& message) {
  std::size_t at = messages_.size();
  bool newest = true;
  for (std::size_t i = 0; i < messages_.size(); ++i) {
    const auto id = messages_[i].msgId;
    if (id == message.msgId) {
      return false;
    }
    if (id > message.msgId && newest) {
      // Older than something we have (history paging, catch-up): it goes in
      // msg_id order. Anything newer than all we have is appended, after the
      // events and unconfirmed messages that came before it.
      at = i;
      newest = false;
    }
  }
  insertAt(static_cast<int>(at), message);
  return true;
}

void MessageListModel::insertAt(int row, ChatMessage message) {
  // A message moved within the model (confirmed) keeps its uid, but what a
  // view cached of it is stale: it is inserted anew.
  if (message.uid == 0) {
    message.uid = nextUid_++;
  }
  beginInsertRows({}, row, row);
  messages_.insert(messages_.begin() + row, std::move(message));
  endInsertRows();
}

qint64 MessageListModel::addPending(const QString& from, const QString& text) {
  ChatMessage message;
  message.localId = nextLocalId_++;
  message.time = QDateTime::currentDateTime();
  message.from = from;
  message.text = text;
  message.pending = true;
  const auto localId = message.localId;
  insertAt(rowCount(), std::move(message));
  return localId;
}

int MessageListModel::rowOfLocal(qint64 localId) const {
  for (std::size_t i = 0; i < messages_.size(); ++i) {
    if (messages_[i].localId == localId) {
      return static_cast<int>(i);
    }
  }
  return -1;
}

void MessageListModel::confirm(qint64 localId, qint64 msgId, const QDateTime& time) {
  const int row = rowOfLocal(localId);
  if (row < 0) {
    return;
  }
  auto message = messages_[static_cast<std::size_t>(row)];
  message.msgId = msgId;
  message.time = time;
  message.pending = false;
  message.localId = 0;
  // Others' messages that the server numbered before ours may have arrived
  // after we showed ours: the confirmed message takes its msg_id place.
  beginRemoveRows({}, row, row);
  messages_.erase(messages_.begin() + row);
  endRemoveRows();
  addFromServer(message);
}

void MessageListModel::markFailed(qint64 localId, const QString& reason) {
  const int row = rowOfLocal(localId);
  if (row < 0) {
    return;
  }
  auto& message = messages_[static_cast<std::size_t>(row)];
  message.pending = false;
  message.failed = true;
  message.failure = reason;
  Q_EMIT dataChanged(index(row), index(row));
}

void MessageListModel::addEvent(const QString& text) {
  addNote(ChatMessage::Kind::Event, text);
}

void MessageListModel::addAnnouncement(const QString& text) {
  addNote(ChatMessage::Kind::Announcement, text);
}

void MessageListModel::addNote(ChatMessage::Kind kind, const QString& text) {
  ChatMessage note;
  note.kind = kind;
  note.time = QDateTime::currentDateTime();
  note.text = text;
  insertAt(rowCount(), std::move(note));
}

qint64 MessageListModel::newestMsgId() const {
  qint64 newest = 0;
  for (const auto& message : messages_) {
    newest = std::max(newest, message.msgId);
  }
  return newest;
}

qint64 MessageListModel::oldestMsgId() const {
  for (const auto& message : messages_) {
    if (message.msgId != 0) {
      return message.msgId;
    }
  }
  return 0;
}

std::vector<ChatMessage> MessageListModel::pendingMessages() const {
  std::vector<ChatMessage> pending;
  for (const auto& message : messages_) {
    if (message.pending) {
      pending.push_back(message);
    }
  }
  return pending;
}

void MessageListModel::removePending(qint64 localId) {
  const int row = rowOfLocal(localId);
  if (row < 0) {
    return;
  }
  beginRemoveRows({}, row, row);
  messages_.erase(messages_.begin() + row);
  endRemoveRows();
}
