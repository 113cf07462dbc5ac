#pragma once

#include <QAbstractListModel>

#include <vector>

// The side list: joined rooms and private conversations, each with the
// number of messages that arrived while it was not on screen.
class ConversationListModel : public QAbstractListModel {
  Q_OBJECT

 public:
  enum Roles { KeyRole = Qt::UserRole + 1, UnreadRole, IsRoomRole, TitleRole };

  struct Conversation {
    QString key;    // "#room" or "@nick", lower case
    QString title;  // "#Room" or "Nick" as the server spells it
    bool isRoom = true;
    int unread = 0;
  };

  explicit ConversationListModel(QObject* parent = nullptr);

  int rowCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;

  // Adds the conversation unless it is there; returns its row.
  int add(const QString& key, const QString& title, bool isRoom);
  void remove(const QString& key);
  int rowOf(const QString& key) const;
  QString keyAt(int row) const;
  void addUnread(const QString& key);
  void clearUnread(const QString& key);
  int unread(const QString& key) const;
  const std::vector<Conversation>& conversations() const { return conversations_; }

 private:
  std::vector<Conversation> conversations_;
};
