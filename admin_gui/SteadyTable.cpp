#include "SteadyTable.h"

#include <QEvent>
#include <QItemSelectionModel>
#include <QSortFilterProxyModel>
#include <QTableView>

SteadyTable::SteadyTable(QTableView* table, QSortFilterProxyModel* proxy,
                         QAbstractItemModel* source)
    : QObject(table), table_(table), viewport_(table->viewport()), proxy_(proxy) {
  viewport_->installEventFilter(this);
  // Told by the source before the proxy is (so connected before the proxy
  // attaches to it): by the time the proxy passes a removal on, the view has
  // already made a neighbour current, and selected it.
  connect(source, &QAbstractItemModel::rowsAboutToBeRemoved, this,
          [this](const QModelIndex&, int first, int last) {
            for (const auto& index : table_->selectionModel()->selectedRows()) {
              const int row = proxy_->mapToSource(index).row();
              selectedRowGoing_ = selectedRowGoing_ || (row >= first && row <= last);
            }
          });
  proxy_->setSourceModel(source);
  connect(proxy_, &QAbstractItemModel::rowsRemoved, this, [this] {
    if (selectedRowGoing_) {
      selectedRowGoing_ = false;
      table_->selectionModel()->clear();
    }
  });
}

bool SteadyTable::eventFilter(QObject* watched, QEvent* event) {
  // Compared by address only: the viewport also reports while the table
  // around it is being destroyed.
  if (watched == viewport_ && proxy_) {
    if (event->type() == QEvent::Enter) {
      proxy_->setDynamicSortFilter(false);
    } else if (event->type() == QEvent::Leave) {
      proxy_->setDynamicSortFilter(true);
      proxy_->invalidate();
    }
  }
  return QObject::eventFilter(watched, event);
}
