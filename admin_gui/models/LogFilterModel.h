#pragma once

#include <QSortFilterProxyModel>

// Shows log lines at or above a level that contain the search text.
class LogFilterModel : public QSortFilterProxyModel {
  Q_OBJECT

 public:
  explicit LogFilterModel(QObject* parent = nullptr);

  void setMinimumSeverity(int severity);
  void setSearchText(const QString& text);

 protected:
  bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

 private:
  int minimumSeverity_ = 0;
  QString search_;
};
