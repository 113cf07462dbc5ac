#pragma once

#include <QAbstractTableModel>

#include <vector>

#include <nlohmann/json.hpp>

// Rooms with their member and message counts, how long they keep
// messages, and their topics.
class RoomTableModel : public QAbstractTableModel {
  Q_OBJECT

 public:
  enum Column { Name, Members, Messages, Retention, Topic, ColumnCount };

  struct Room {
    QString name;
    qint64 members = 0;
    qint64 messages = 0;
    // Days; 0 follows the server's retention.
    qint64 retentionDays = 0;
    QString topic;
  };

  explicit RoomTableModel(QObject* parent = nullptr);

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

  void reset(const nlohmann::json& rooms);
  void upsert(const nlohmann::json& room);
  void remove(const QString& name);

  const std::vector<Room>& rows() const { return rows_; }
  int rowOf(const QString& name) const;

 private:
  std::vector<Room> rows_;
};
