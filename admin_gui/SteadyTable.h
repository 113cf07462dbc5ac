#pragma once

#include <QObject>
#include <QPointer>
#include <QSortFilterProxyModel>

class QAbstractItemModel;
class QTableView;

// Makes a live table safe to act on: while the pointer is over it, rows do
// not re-sort under the mouse (they re-sort once it leaves), and a selected
// row that disappears takes the selection with it instead of handing it to
// a neighbour, so no action lands on a row nobody picked.
class SteadyTable : public QObject {
  Q_OBJECT

 public:
  // `table` shows `source` through `proxy`, which this attaches to it.
  SteadyTable(QTableView* table, QSortFilterProxyModel* proxy, QAbstractItemModel* source);

  bool eventFilter(QObject* watched, QEvent* event) override;

 private:
  QTableView* table_;
  QObject* viewport_;
  QPointer<QSortFilterProxyModel> proxy_;
  bool selectedRowGoing_ = false;
};
