#include "JoinRoomDialog.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QVBoxLayout>

JoinRoomDialog::JoinRoomDialog(const QList<RoomInfo>& rooms, QWidget* parent)
    : QDialog(parent), list_(new QListWidget(this)), name_(new QLineEdit(this)) {
  setWindowTitle(tr("Join a room"));
  for (const auto& room : rooms) {
    auto* item = new QListWidgetItem(
        tr("#%1 — %2 members%3")
            .arg(room.name)
            .arg(room.members)
            .arg(room.topic.isEmpty() ? QString() : QStringLiteral(" — ") + room.topic),
        list_);
    item->setData(Qt::UserRole, room.name);
  }
  name_->setPlaceholderText(tr("or type a room name"));
  connect(list_, &QListWidget::currentItemChanged, this, [this](QListWidgetItem* item) {
    if (item != nullptr) {
      name_->setText(item->data(Qt::UserRole).toString());
    }
  });
  connect(list_, &QListWidget::itemDoubleClicked, this, &JoinRoomDialog::accept);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
  connect(buttons, &QDialogButtonBox::accepted, this, &JoinRoomDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &JoinRoomDialog::reject);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(new QLabel(tr("Rooms on this server:"), this));
  layout->addWidget(list_);
  layout->addWidget(name_);
  layout->addWidget(buttons);
  resize(420, 360);
}

QString JoinRoomDialog::roomName() const {
  return name_->text().trimmed();
}
