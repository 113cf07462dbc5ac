#include "models/RoomTableModel.h"

namespace {

RoomTableModel::Room fromJson(const nlohmann::json& json) {
  return {QString::fromStdString(json.value("name", std::string{})),
          json.value("members", qint64{0}), json.value("messages", qint64{0}),
          json.value("retention_days", qint64{0}),
          QString::fromStdString(json.value("topic", std::string{}))};
}

}  // namespace

RoomTableModel::RoomTableModel(QObject* parent) : QAbstractTableModel(parent) {}

int RoomTableModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(rows_.size());
}

int RoomTableModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : ColumnCount;
}

QVariant RoomTableModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= rowCount()) {
    return {};
  }
  const auto& room = rows_[static_cast<std::size_t>(index.row())];
  if (role == Qt::ToolTipRole && index.column() == Topic && !room.topic.isEmpty()) {
    return room.topic;
  }
  if (role == Qt::TextAlignmentRole && index.column() != Name && index.column() != Topic) {
    return QVariant(Qt::AlignRight | Qt::AlignVCenter);
  }
  if (role != Qt::DisplayRole && role != Qt::EditRole) {
    return {};
  }
  switch (index.column()) {
    case Name:
      return room.name;
    case Members:
      return room.members;
    case Messages:
      return room.messages;
    case Topic:
      return room.topic;
    case Retention:
      // Sorted by days, shown in words.
      if (role == Qt::EditRole) {
        return room.retentionDays;
      }
      return room.retentionDays == 0 ? tr("server's")
                                     : tr("%n days", nullptr, static_cast<int>(room.retentionDays));
    default:
      return {};
  }
}

QVariant RoomTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
    return {};
  }
  static const char* const titles[] = {"Room", "Members", "Messages", "Keeps", "Topic"};
  return section < ColumnCount ? tr(titles[section]) : QVariant();
}

void RoomTableModel::reset(const nlohmann::json& rooms) {
  beginResetModel();
  rows_.clear();
  for (const auto& room : rooms) {
    rows_.push_back(fromJson(room));
  }
  endResetModel();
}

void RoomTableModel::upsert(const nlohmann::json& json) {
  auto room = fromJson(json);
  const int row = rowOf(room.name);
  if (row >= 0) {
    rows_[static_cast<std::size_t>(row)] = std::move(room);
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
    return;
  }
  const int end = rowCount();
  beginInsertRows({}, end, end);
  rows_.push_back(std::move(room));
  endInsertRows();
}

void RoomTableModel::remove(const QString& name) {
  const int row = rowOf(name);
  if (row < 0) {
    return;
  }
  beginRemoveRows({}, row, row);
  rows_.erase(rows_.begin() + row);
  endRemoveRows();
}

int RoomTableModel::rowOf(const QString& name) const {
  for (std::size_t i = 0; i < rows_.size(); ++i) {
    if (rows_[i].name.compare(name, Qt::CaseInsensitive) == 0) {
      return static_cast<int>(i);
    }
  }
  return -1;
}
