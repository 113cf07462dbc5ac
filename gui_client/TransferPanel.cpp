#include "TransferPanel.h"

#include <QLabel>
#include <QProgressBar>
#include <QVBoxLayout>

#include "DownloadJob.h"
#include "UploadJob.h"

namespace {

template <class Job>
void follow(Job* job, QProgressBar* bar, QLabel* label, int& active) {
  QObject::connect(job, &Job::progress, bar, [bar](qint64 done, qint64 total) {
    // Progress in permille: QProgressBar counts in int, files may exceed 2 GiB.
    bar->setValue(total > 0 ? static_cast<int>(done * 1000 / total) : 1000);
  });
  QObject::connect(job, &Job::finished, bar,
                   [bar, label, &active](bool ok, const QString& message) {
                     --active;
                     bar->setValue(ok ? 1000 : bar->value());
                     label->setText(message);
                     bar->setEnabled(false);
                   });
}

}  // namespace

TransferPanel::TransferPanel(QWidget* parent) : QWidget(parent), rows_(new QVBoxLayout(this)) {
  rows_->setContentsMargins(4, 4, 4, 4);
  rows_->addStretch();
}

void TransferPanel::addTransfer(QObject* job, const QString& title) {
  // Keep the panel short: drop finished rows when a new transfer starts.
  for (int i = rows_->count() - 2; i >= 0; --i) {
    auto* row = rows_->itemAt(i)->widget();
    if (row != nullptr && !row->findChild<QProgressBar*>()->isEnabled()) {
      rows_->removeWidget(row);
      row->deleteLater();
    }
  }
  auto* row = new QWidget(this);
  auto* layout = new QVBoxLayout(row);
  layout->setContentsMargins(0, 0, 0, 0);
  auto* label = new QLabel(title, row);
  auto* bar = new QProgressBar(row);
  bar->setRange(0, 1000);
  bar->setFormat(QStringLiteral("%p%"));
  layout->addWidget(label);
  layout->addWidget(bar);
  rows_->insertWidget(rows_->count() - 1, row);
  ++active_;
  if (auto* upload = qobject_cast<UploadJob*>(job)) {
    follow(upload, bar, label, active_);
  } else if (auto* download = qobject_cast<DownloadJob*>(job)) {
    follow(download, bar, label, active_);
  }
}
