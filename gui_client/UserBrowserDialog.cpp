#include "UserBrowserDialog.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

UserBrowserDialog::UserBrowserDialog(const QStringList& users, const QString& ownNick,
                                     QWidget* parent)
    : QDialog(parent), filter_(new QLineEdit(this)), list_(new QListWidget(this)) {
  setWindowTitle(tr("People online"));
  auto sorted = users;
  sorted.sort(Qt::CaseInsensitive);
  for (const auto& nick : sorted) {
    auto* item = new QListWidgetItem(nick, list_);
    if (nick.compare(ownNick, Qt::CaseInsensitive) == 0) {
      item->setText(tr("%1 (you)").arg(nick));
      item->setFlags(item->flags() & ~(Qt::ItemIsSelectable | Qt::ItemIsEnabled));
    }
    item->setData(Qt::UserRole, nick);
  }
  filter_->setPlaceholderText(tr("Filter by name"));
  filter_->setClearButtonEnabled(true);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
  message_ = buttons->addButton(tr("Private message"), QDialogButtonBox::AcceptRole);
  message_->setEnabled(false);
  connect(buttons, &QDialogButtonBox::accepted, this, &UserBrowserDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &UserBrowserDialog::reject);
  connect(filter_, &QLineEdit::textChanged, this, &UserBrowserDialog::applyFilter);
  connect(list_, &QListWidget::currentItemChanged, this, [this](QListWidgetItem* item) {
    message_->setEnabled(item != nullptr && (item->flags() & Qt::ItemIsEnabled));
  });
  connect(list_, &QListWidget::itemActivated, this, [this](QListWidgetItem* item) {
    if (item->flags() & Qt::ItemIsEnabled) {
      list_->setCurrentItem(item);
      accept();
    }
  });
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(new QLabel(
      users.size() == 1 ? tr("1 person online") : tr("%1 people online").arg(users.size()), this));
  layout->addWidget(filter_);
  layout->addWidget(list_);
  layout->addWidget(buttons);
  filter_->setFocus();
  resize(320, 420);
}

void UserBrowserDialog::applyFilter(const QString& text) {
  for (int row = 0; row < list_->count(); ++row) {
    auto* item = list_->item(row);
    item->setHidden(
        !item->data(Qt::UserRole).toString().contains(text.trimmed(), Qt::CaseInsensitive));
  }
}

QString UserBrowserDialog::chosenNick() const {
  auto* item = list_->currentItem();
  return item != nullptr ? item->data(Qt::UserRole).toString() : QString();
}
