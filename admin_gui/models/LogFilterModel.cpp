#include "models/LogFilterModel.h"

#include "models/LogModel.h"

LogFilterModel::LogFilterModel(QObject* parent) : QSortFilterProxyModel(parent) {}

void LogFilterModel::setMinimumSeverity(int severity) {
  minimumSeverity_ = severity;
  invalidateFilter();
}

void LogFilterModel::setSearchText(const QString& text) {
  search_ = text;
  invalidateFilter();
}

bool LogFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const {
  const auto index = sourceModel()->index(sourceRow, LogModel::Text, sourceParent);
  if (index.data(LogModel::SeverityRole).toInt() < minimumSeverity_) {
    return false;
  }
  return search_.isEmpty() || index.data().toString().contains(search_, Qt::CaseInsensitive);
}
