#pragma once

#include <QAbstractListModel>

#include <vector>

#include "models/ChatMessage.h"

// The messages of one room or private conversation, in server order
// (msg_id), without duplicates: a message that arrives twice (live and again
// in history after a reconnect) is kept once.
class MessageListModel : public QAbstractListModel {
  Q_OBJECT

 public:
  enum Roles { FromRole = Qt::UserRole + 1, MsgIdRole, PendingRole, KindRole, FileIdRole };

  explicit MessageListModel(QObject* parent = nullptr);

  int rowCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;

  // Returns false when a message with this msg_id is already here.
  bool addFromServer(const ChatMessage& message);
  // Our own message, shown before the server has it.
  qint64 addPending(const QString& from, const QString& text);
  void confirm(qint64 localId, qint64 msgId, const QDateTime& time);
  void markFailed(qint64 localId, const QString& reason);
  void addEvent(const QString& text);
  // The server's operators speaking to everyone (admin announce).
  void addAnnouncement(const QString& text);

  qint64 newestMsgId() const;
  qint64 oldestMsgId() const;
  const std::vector<ChatMessage>& messages() const { return messages_; }
  const ChatMessage& at(int row) const { return messages_[static_cast<std::size_t>(row)]; }
  std::vector<ChatMessage> pendingMessages() const;
  // Drops a pending message (it turned out to be on the server already).
  void removePending(qint64 localId);

 private:
  int rowOfLocal(qint64 localId) const;
  void insertAt(int row, ChatMessage message);
  // A line of the client's own (an event, an announcement), now, at the end.
  void addNote(ChatMessage::Kind kind, const QString& text);

  std::vector<ChatMessage> messages_;
  qint64 nextLocalId_ = 1;
  quint64 nextUid_ = 1;
};
