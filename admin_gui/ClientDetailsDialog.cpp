#include "ClientDetailsDialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QTimer>
#include <QVBoxLayout>

namespace {

// The connection time moves on by itself.
constexpr int kRefreshMs = 1000;

QString trafficText(qint64 frames, qint64 bytes) {
  return QObject::tr("%1 frames, %2")
      .arg(QLocale().toString(frames), QLocale().formattedDataSize(bytes));
}

}  // namespace

ClientDetailsDialog::ClientDetailsDialog(const ClientTableModel* clients, QString node, qint64 conn,
                                         QWidget* parent)
    : QDialog(parent),
      clients_(clients),
      node_(std::move(node)),
      conn_(conn),
      gone_(new QLabel(this)) {
  auto* form = new QFormLayout;
  for (const auto& name : {tr("Nick"), tr("Connection"), tr("Address"), tr("Speaks"), tr("Rooms"),
                           tr("Connected"), tr("Received"), tr("Sent")}) {
    auto* value = new QLabel(this);
    value->setTextInteractionFlags(Qt::TextSelectableByMouse);
    value->setWordWrap(true);
    form->addRow(name + QLatin1Char(':'), value);
    fields_[name] = value;
  }
  gone_->setStyleSheet(QStringLiteral("color: #c0392b;"));
  gone_->hide();
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
  kick_ = buttons->addButton(tr("&Kick…"), QDialogButtonBox::ActionRole);
  // Enter closes; kicking is never one keypress away.
  kick_->setAutoDefault(false);
  buttons->button(QDialogButtonBox::Close)->setDefault(true);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  connect(kick_, &QPushButton::clicked, this, [this] { Q_EMIT kickRequested(nick_); });
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(form);
  layout->addWidget(gone_);
  layout->addWidget(buttons);
  setMinimumWidth(420);

  connect(clients_, &QAbstractItemModel::dataChanged, this, &ClientDetailsDialog::refresh);
  connect(clients_, &QAbstractItemModel::rowsRemoved, this, &ClientDetailsDialog::refresh);
  connect(clients_, &QAbstractItemModel::modelReset, this, &ClientDetailsDialog::refresh);
  auto* ticker = new QTimer(this);
  connect(ticker, &QTimer::timeout, this, &ClientDetailsDialog::refresh);
  ticker->start(kRefreshMs);
  refresh();
}

QString ClientDetailsDialog::field(const QString& name) const {
  auto it = fields_.find(name);
  return it == fields_.end() ? QString() : it->second->text();
}

void ClientDetailsDialog::refresh() {
  const auto* client = clients_->find(node_, conn_);
  if (client == nullptr) {
    gone_->setText(tr("Disconnected; these were its last figures."));
    gone_->show();
    kick_->setEnabled(false);
    return;
  }
  nick_ = client->nick;
  const auto shownNick = nick_.isEmpty() ? tr("(not logged in)") : nick_;
  setWindowTitle(tr("Client %1").arg(shownNick));
  fields_[tr("Nick")]->setText(shownNick);
  fields_[tr("Connection")]->setText(
      client->node.isEmpty() ? QStringLiteral("#%1").arg(client->conn)
                             : tr("#%1 on node %2").arg(client->conn).arg(client->node));
  fields_[tr("Address")]->setText(client->address);
  fields_[tr("Speaks")]->setText(client->dialect.isEmpty() ? tr("(not yet known)")
                                                           : client->dialect);
  fields_[tr("Rooms")]->setText(client->rooms.isEmpty() ? tr("none")
                                                        : client->rooms.join(QStringLiteral(", ")));
  fields_[tr("Connected")]->setText(
      client->since.isValid() ? tr("%1, for %2")
                                    .arg(QLocale().toString(client->since, QLocale::ShortFormat),
                                         ClientTableModel::durationText(
                                             client->since.secsTo(QDateTime::currentDateTime())))
                              : QString());
  fields_[tr("Received")]->setText(trafficText(client->messagesIn, client->bytesIn));
  fields_[tr("Sent")]->setText(trafficText(client->messagesOut, client->bytesOut));
  kick_->setEnabled(!nick_.isEmpty());
}
