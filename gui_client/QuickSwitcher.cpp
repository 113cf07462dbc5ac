#include "QuickSwitcher.h"

#include <QKeyEvent>
#include <QLineEdit>
#include <QListWidget>
#include <QVBoxLayout>

#include <algorithm>

#include "models/ConversationListModel.h"

QuickSwitcher::QuickSwitcher(const ConversationListModel* conversations, QWidget* parent)
    : QDialog(parent),
      conversations_(conversations),
      filter_(new QLineEdit(this)),
      list_(new QListWidget(this)) {
  setWindowTitle(tr("Go to conversation"));
  filter_->setPlaceholderText(tr("Room or person"));
  connect(filter_, &QLineEdit::textChanged, this, &QuickSwitcher::refill);
  connect(filter_, &QLineEdit::returnPressed, this, [this] {
    if (list_->currentItem() != nullptr) {
      accept();
    }
  });
  connect(list_, &QListWidget::itemActivated, this, &QuickSwitcher::accept);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(filter_);
  layout->addWidget(list_);
  refill({});
  filter_->setFocus();
  resize(340, 300);
}

void QuickSwitcher::refill(const QString& typed) {
  list_->clear();
  auto all = conversations_->conversations();
  // Unread first, then in the list's order.
  std::stable_sort(all.begin(), all.end(),
                   [](const auto& a, const auto& b) { return (a.unread > 0) > (b.unread > 0); });
  for (const auto& conversation : all) {
    if (!conversation.title.contains(typed.trimmed(), Qt::CaseInsensitive)) {
      continue;
    }
    auto* item = new QListWidgetItem(
        conversation.unread > 0
            ? tr("%1 (%2 unread)").arg(conversation.title).arg(conversation.unread)
            : conversation.title,
        list_);
    item->setData(Qt::UserRole, conversation.key);
  }
  list_->setCurrentRow(0);
}

void QuickSwitcher::keyPressEvent(QKeyEvent* event) {
  // Up and Down move through the matches while the typing goes on.
  if (event->key() == Qt::Key_Down || event->key() == Qt::Key_Up) {
    const int step = event->key() == Qt::Key_Down ? 1 : -1;
    list_->setCurrentRow(std::clamp(list_->currentRow() + step, 0, list_->count() - 1));
    return;
  }
  QDialog::keyPressEvent(event);
}

QString QuickSwitcher::chosenKey() const {
  auto* item = list_->currentItem();
  return item != nullptr ? item->data(Qt::UserRole).toString() : QString();
}
