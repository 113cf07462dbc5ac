#include "JoinRoomDialog.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QRegularExpression>
#include <QVBoxLayout>

namespace {

QString members(int count) {
  return count == 1 ? JoinRoomDialog::tr("1 member") : JoinRoomDialog::tr("%1 members").arg(count);
}

bool contains(const QStringList& names, const QString& name) {
  return names.contains(name, Qt::CaseInsensitive);
}

}  // namespace

JoinRoomDialog::JoinRoomDialog(const QList<RoomInfo>& rooms, const QStringList& joined,
                               QWidget* parent)
    : QDialog(parent),
      list_(new QListWidget(this)),
      name_(new QLineEdit(this)),
      problem_(new QLabel(this)),
      joined_(joined) {
  setWindowTitle(tr("Join a room"));
  for (const auto& room : rooms) {
    const bool in = contains(joined_, room.name);
    auto* item = new QListWidgetItem(
        QStringLiteral("#%1 — %2%3%4")
            .arg(room.name, members(room.members),
                 room.topic.isEmpty() ? QString() : QStringLiteral(" — ") + room.topic,
                 in ? QStringLiteral(" ") + tr("(joined)") : QString()),
        list_);
    item->setData(Qt::UserRole, room.name);
    if (in) {
      item->setFlags(item->flags() & ~(Qt::ItemIsSelectable | Qt::ItemIsEnabled));
    }
  }
  name_->setPlaceholderText(tr("Room name — a new one is created"));
  problem_->setStyleSheet(QStringLiteral("color: #c0392b"));
  problem_->setWordWrap(true);
  // Choosing from the list fills the name; typing never is overruled by it.
  connect(list_, &QListWidget::itemClicked, this,
          [this](QListWidgetItem* item) { name_->setText(item->data(Qt::UserRole).toString()); });
  connect(list_, &QListWidget::itemActivated, this, [this](QListWidgetItem* item) {
    name_->setText(item->data(Qt::UserRole).toString());
    accept();
  });
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
  join_ = buttons->button(QDialogButtonBox::Ok);
  join_->setText(tr("Join"));
  connect(buttons, &QDialogButtonBox::accepted, this, &JoinRoomDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &JoinRoomDialog::reject);
  connect(name_, &QLineEdit::textChanged, this, [this](const QString& text) {
    problem_->setText(text.trimmed().isEmpty() ? QString() : nameProblem(text.trimmed()));
    if (contains(joined_, text.trimmed())) {
      problem_->setText(tr("You are in #%1 already.").arg(text.trimmed()));
    }
  });
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(new QLabel(tr("Rooms on this server:"), this));
  layout->addWidget(list_);
  layout->addWidget(name_);
  layout->addWidget(problem_);
  layout->addWidget(buttons);
  name_->setFocus();
  resize(460, 380);
}

QString JoinRoomDialog::nameProblem(const QString& name) {
  static const QRegularExpression valid(QStringLiteral("^[A-Za-z0-9_.-]{1,64}$"));
  if (name.startsWith(QLatin1Char('#'))) {
    return nameProblem(name.mid(1));
  }
  return valid.match(name).hasMatch()
             ? QString()
             : tr("A room name is 1 to 64 letters, digits, '_', '.' and '-'.");
}

QString JoinRoomDialog::roomName() const {
  auto name = name_->text().trimmed();
  return name.startsWith(QLatin1Char('#')) ? name.mid(1) : name;
}

QString JoinRoomDialog::problem() const {
  return problem_->text();
}

void JoinRoomDialog::accept() {
  // Said here, while the name can still be changed, not after the dialog
  // has closed.
  const auto name = roomName();
  if (name.isEmpty()) {
    problem_->setText(tr("Pick a room or type a name."));
    return;
  }
  if (auto problem = nameProblem(name); !problem.isEmpty()) {
    problem_->setText(problem);
    return;
  }
  if (contains(joined_, name)) {
    problem_->setText(tr("You are in #%1 already.").arg(name));
    return;
  }
  QDialog::accept();
}
