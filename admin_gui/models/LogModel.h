#pragma once

#include <QAbstractTableModel>

#include <deque>

// The server's log lines as they arrive, the newest last; the oldest are
// dropped past a limit so a long session cannot grow without bound.
class LogModel : public QAbstractTableModel {
  Q_OBJECT

 public:
  enum Column { Time, Level, Text, ColumnCount };
  // 0 debug, 1 info, 2 warn, 3 error: what the level filter compares.
  enum Roles { SeverityRole = Qt::UserRole + 1 };

  explicit LogModel(QObject* parent = nullptr, int limit = 5000);

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

  void append(const QString& ts, const QString& level, const QString& text);
  void clear();
  // The newest line's timestamp as the server wrote it (ISO 8601, UTC);
  // empty when there is none.
  QString newestTime() const { return lines_.empty() ? QString() : lines_.back().ts; }

  static int severity(const QString& level);

 private:
  struct Line {
    QString ts;
    QString time;
    QString level;
    QString text;
  };
  std::deque<Line> lines_;
  int limit_;
};
