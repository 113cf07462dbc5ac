#include "models/LogModel.h"

#include <QBrush>
#include <QDateTime>

LogModel::LogModel(QObject* parent, int limit) : QAbstractTableModel(parent), limit_(limit) {}

int LogModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(lines_.size());
}

int LogModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : ColumnCount;
}

int LogModel::severity(const QString& level) {
  if (level == QLatin1String("debug"))
    return 0;
  if (level == QLatin1String("warn"))
    return 2;
  if (level == QLatin1String("error"))
    return 3;
  return 1;
}

QVariant LogModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= rowCount()) {
    return {};
  }
  const auto& line = lines_[static_cast<std::size_t>(index.row())];
  if (role == SeverityRole) {
    return severity(line.level);
  }
  if (role == Qt::ForegroundRole && severity(line.level) >= 2) {
    return QBrush(severity(line.level) == 3 ? QColor(220, 60, 50) : QColor(214, 140, 20));
  }
  if (role != Qt::DisplayRole) {
    return {};
  }
  switch (index.column()) {
    case Time:
      return line.time;
    case Level:
      return line.level;
    case Text:
      return line.text;
    default:
      return {};
  }
}

QVariant LogModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
    return {};
  }
  static const char* const titles[] = {"Time", "Level", "Message"};
  return section < ColumnCount ? tr(titles[section]) : QVariant();
}

void LogModel::append(const QString& ts, const QString& level, const QString& text) {
  if (static_cast<int>(lines_.size()) >= limit_) {
    beginRemoveRows({}, 0, 0);
    lines_.pop_front();
    endRemoveRows();
  }
  const auto local = QDateTime::fromString(ts, Qt::ISODateWithMs).toLocalTime();
  // Today's lines show the time alone; older ones their date too.
  const auto format = local.date() == QDate::currentDate() ? QStringLiteral("HH:mm:ss.zzz")
                                                           : QStringLiteral("yyyy-MM-dd HH:mm:ss");
  const int row = rowCount();
  beginInsertRows({}, row, row);
  lines_.push_back({ts, local.isValid() ? local.toString(format) : ts, level, text});
  endInsertRows();
}

void LogModel::clear() {
  beginResetModel();
  lines_.clear();
  endResetModel();
}
