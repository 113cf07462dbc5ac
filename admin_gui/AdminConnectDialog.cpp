#include "AdminConnectDialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QVBoxLayout>

AdminConnectDialog::AdminConnectDialog(QWidget* parent)
    : QDialog(parent),
      host_(new QLineEdit(this)),
      port_(new QSpinBox(this)),
      tls_(new QCheckBox(tr("Encrypt with &TLS (needed once the server has a certificate)"), this)),
      token_(new QLineEdit(this)),
      message_(new QLabel(this)) {
  setWindowTitle(tr("Connect to a confab server"));
  port_->setRange(1, 65535);
  connect(port_, &QSpinBox::valueChanged, this, [this](int port) {
    if (port == 8443) {
      tls_->setChecked(true);
    }
  });
  token_->setEchoMode(QLineEdit::Password);
  token_->setPlaceholderText(tr("token, or the path of its file"));
  auto* browse = new QPushButton(tr("File…"), this);
  connect(browse, &QPushButton::clicked, this, [this] {
    const auto path = QFileDialog::getOpenFileName(
        this, tr("Admin token file"), {}, tr("Token files (*.admin-token);;All files (*)"));
    if (!path.isEmpty()) {
      token_->setEchoMode(QLineEdit::Normal);
      token_->setText(path);
    }
  });
  auto* tokenRow = new QHBoxLayout;
  tokenRow->addWidget(token_);
  tokenRow->addWidget(browse);
  message_->setWordWrap(true);
  message_->setStyleSheet(QStringLiteral("color: #c0392b"));

  auto* form = new QFormLayout;
  form->addRow(tr("&Host"), host_);
  form->addRow(tr("Admin &port"), port_);
  form->addRow(QString(), tls_);
  // A row holding a layout gets no buddy of its own: the label needs one
  // for its & to be a shortcut rather than a character.
  auto* tokenLabel = new QLabel(tr("&Token"), this);
  tokenLabel->setBuddy(token_);
  form->addRow(tokenLabel, tokenRow);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
  buttons->button(QDialogButtonBox::Ok)->setText(tr("Connect"));
  connect(buttons, &QDialogButtonBox::accepted, this, &AdminConnectDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &AdminConnectDialog::reject);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(form);
  layout->addWidget(message_);
  layout->addWidget(buttons);

  QSettings settings;
  host_->setText(
      settings.value(QStringLiteral("admin/host"), QStringLiteral("127.0.0.1")).toString());
  port_->setValue(settings.value(QStringLiteral("admin/port"), 8889).toInt());
  tls_->setChecked(settings.value(QStringLiteral("admin/tls"), port() == 8443).toBool());
}

QString AdminConnectDialog::host() const {
  return host_->text().trimmed();
}
quint16 AdminConnectDialog::port() const {
  return static_cast<quint16>(port_->value());
}
bool AdminConnectDialog::tls() const {
  return tls_->isChecked();
}

QString AdminConnectDialog::token() const {
  const auto given = token_->text().trimmed();
  QFile file(given);
  if (given.contains('/') && file.open(QIODevice::ReadOnly)) {
    return QString::fromUtf8(file.readLine()).trimmed();
  }
  return given;
}

void AdminConnectDialog::setMessage(const QString& message) {
  message_->setText(message);
}

void AdminConnectDialog::accept() {
  if (host().isEmpty() || token().isEmpty()) {
    setMessage(tr("Host and token are needed."));
    return;
  }
  QSettings settings;
  settings.setValue(QStringLiteral("admin/host"), host());
  settings.setValue(QStringLiteral("admin/port"), port());
  settings.setValue(QStringLiteral("admin/tls"), tls());
  QDialog::accept();
}
