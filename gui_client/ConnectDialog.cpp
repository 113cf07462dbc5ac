#include "ConnectDialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpressionValidator>
#include <QSettings>
#include <QSpinBox>
#include <QVBoxLayout>

ConnectDialog::ConnectDialog(QWidget* parent)
    : QDialog(parent),
      host_(new QLineEdit(this)),
      port_(new QSpinBox(this)),
      tls_(new QCheckBox(tr("Encrypt with &TLS"), this)),
      nick_(new QLineEdit(this)),
      password_(new QLineEdit(this)),
      message_(new QLabel(this)) {
  setWindowTitle(tr("Connect to confab"));
  port_->setRange(1, 65535);
  connect(port_, &QSpinBox::valueChanged, this, [this](int port) {
    if (port == 8443) {
      tls_->setChecked(true);
    }
  });
  nick_->setValidator(new QRegularExpressionValidator(
      QRegularExpression(QStringLiteral("[A-Za-z0-9_-]{1,32}")), nick_));
  nick_->setPlaceholderText(tr("letters, digits, _ and -"));
  // A key the nick cannot take is refused, and said so.
  connect(nick_, &QLineEdit::inputRejected, this,
          [this] { setMessage(tr("A nick is letters, digits, _ and -, up to 32.")); });
  host_->setToolTip(
      tr("A server, or the nodes of a cluster separated by commas (host:port where the port "
         "differs): a lost connection goes on at the next."));
  password_->setEchoMode(QLineEdit::Password);
  password_->setPlaceholderText(tr("optional: creates or unlocks your account"));
  message_->setWordWrap(true);
  // Wide enough for the placeholders to be read whole.
  for (auto* field : {host_, nick_, password_}) {
    field->setMinimumWidth(fontMetrics().horizontalAdvance(password_->placeholderText()) + 24);
  }
  message_->setStyleSheet(QStringLiteral("color: #c0392b"));

  auto* form = new QFormLayout;
  form->addRow(tr("&Host"), host_);
  form->addRow(tr("P&ort"), port_);
  form->addRow(QString(), tls_);
  form->addRow(tr("&Nick"), nick_);
  form->addRow(tr("&Password"), password_);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
  buttons->button(QDialogButtonBox::Ok)->setText(tr("Connect"));
  connect(buttons, &QDialogButtonBox::accepted, this, &ConnectDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &ConnectDialog::reject);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(form);
  layout->addWidget(message_);
  layout->addWidget(buttons);

  QSettings settings;
  setValues(
      settings.value(QStringLiteral("connection/host"), QStringLiteral("127.0.0.1")).toString(),
      static_cast<quint16>(settings.value(QStringLiteral("connection/port"), 8888).toUInt()),
      settings.value(QStringLiteral("connection/nick")).toString());
  setTls(settings.value(QStringLiteral("connection/tls"), port() == 8443).toBool());
}

QString ConnectDialog::host() const {
  return host_->text().trimmed();
}
quint16 ConnectDialog::port() const {
  return static_cast<quint16>(port_->value());
}
QString ConnectDialog::nick() const {
  return nick_->text().trimmed();
}
QString ConnectDialog::password() const {
  return password_->text();
}
bool ConnectDialog::tls() const {
  return tls_->isChecked();
}

void ConnectDialog::setTls(bool tls) {
  tls_->setChecked(tls);
}

void ConnectDialog::setValues(const QString& host, quint16 port, const QString& nick) {
  host_->setText(host);
  port_->setValue(port);
  nick_->setText(nick);
}

void ConnectDialog::setPassword(const QString& password) {
  password_->setText(password);
}

void ConnectDialog::setMessage(const QString& message) {
  message_->setText(message);
}

QString ConnectDialog::message() const {
  return message_->text();
}

void ConnectDialog::accept() {
  if (host().isEmpty() || nick().isEmpty()) {
    setMessage(tr("Host and nick are needed."));
    return;
  }
  QSettings settings;
  settings.setValue(QStringLiteral("connection/host"), host());
  settings.setValue(QStringLiteral("connection/port"), port());
  settings.setValue(QStringLiteral("connection/nick"), nick());
  settings.setValue(QStringLiteral("connection/tls"), tls());
  QDialog::accept();
}
