#include "TransferPanel.h"

#include <QDesktopServices>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QUrl>
#include <QVBoxLayout>

#include <memory>

#include "DownloadJob.h"
#include "UploadJob.h"

namespace {

// The rate over the last few seconds, not since the start: a transfer that
// stalls shows it.
class RateMeter {
 public:
  RateMeter() { clock_.start(); }

  double update(qint64 done) {
    const auto now = clock_.elapsed();
    if (now - sampleAt_ >= 500) {
      const double seconds = static_cast<double>(now - sampleAt_) / 1000.0;
      const double rate = static_cast<double>(done - sampleBytes_) / seconds;
      rate_ = rate_ < 0 ? rate : rate_ * 0.6 + rate * 0.4;
      sampleAt_ = now;
      sampleBytes_ = done;
    }
    return rate_;
  }

 private:
  QElapsedTimer clock_;
  qint64 sampleAt_ = 0;
  qint64 sampleBytes_ = 0;
  double rate_ = -1;
};

struct Row {
  QWidget* widget;
  QLabel* title;
  QProgressBar* bar;
  QLabel* detail;
  QPushButton* cancel;
  QPushButton* open;
  QPushButton* reveal;
};

template <class Job>
void follow(Job* job, const Row& row, int& active) {
  auto meter = std::make_shared<RateMeter>();
  QObject::connect(job, &Job::progress, row.bar, [row, meter](qint64 done, qint64 total) {
    // Progress in permille: QProgressBar counts in int, files may exceed 2 GiB.
    row.bar->setValue(total > 0 ? static_cast<int>(done * 1000 / total) : 1000);
    row.detail->setText(TransferPanel::describeProgress(done, total, meter->update(done)));
  });
  QObject::connect(row.cancel, &QPushButton::clicked, job, &Job::cancel);
  QObject::connect(
      job, &Job::finished, row.bar, [job, row, &active](bool ok, const QString& message) {
        --active;
        row.bar->setValue(ok ? 1000 : row.bar->value());
        row.bar->setEnabled(false);
        row.detail->setText(message);
        row.cancel->hide();
        if constexpr (std::is_same_v<Job, DownloadJob>) {
          if (ok) {
            const auto path = job->savePath();
            QObject::connect(row.open, &QPushButton::clicked, row.open,
                             [path] { QDesktopServices::openUrl(QUrl::fromLocalFile(path)); });
            QObject::connect(row.reveal, &QPushButton::clicked, row.reveal, [path] {
              QDesktopServices::openUrl(QUrl::fromLocalFile(QFileInfo(path).absolutePath()));
            });
            row.open->show();
            row.reveal->show();
          }
        }
      });
}

}  // namespace

TransferPanel::TransferPanel(QWidget* parent) : QWidget(parent), rows_(new QVBoxLayout(this)) {
  rows_->setContentsMargins(4, 4, 4, 4);
  rows_->addStretch();
}

QString TransferPanel::describeProgress(qint64 done, qint64 total, double bytesPerSecond) {
  const QLocale locale;
  auto text = tr("%1 of %2").arg(locale.formattedDataSize(done), locale.formattedDataSize(total));
  if (bytesPerSecond > 0) {
    text += QStringLiteral(" · ") +
            tr("%1/s").arg(locale.formattedDataSize(static_cast<qint64>(bytesPerSecond)));
    const auto left = static_cast<qint64>(static_cast<double>(total - done) / bytesPerSecond);
    if (left >= 3600) {
      text += QStringLiteral(" · ") + tr("%1 h %2 min left").arg(left / 3600).arg(left % 3600 / 60);
    } else if (left >= 60) {
      text += QStringLiteral(" · ") + tr("%1 min %2 s left").arg(left / 60).arg(left % 60);
    } else {
      text += QStringLiteral(" · ") + tr("%1 s left").arg(left);
    }
  }
  return text;
}

void TransferPanel::dropFinishedRows() {
  for (int i = rows_->count() - 2; i >= 0; --i) {
    auto* row = rows_->itemAt(i)->widget();
    if (row != nullptr && !row->findChild<QProgressBar*>()->isEnabled()) {
      rows_->removeWidget(row);
      row->deleteLater();
    }
  }
}

void TransferPanel::addTransfer(QObject* job, const QString& title) {
  dropFinishedRows();
  auto* widget = new QWidget(this);
  Row row{widget,
          new QLabel(title, widget),
          new QProgressBar(widget),
          new QLabel(widget),
          new QPushButton(tr("Cancel"), widget),
          new QPushButton(tr("Open"), widget),
          new QPushButton(tr("Show in folder"), widget)};
  row.bar->setRange(0, 1000);
  row.bar->setFormat(QStringLiteral("%p%"));
  row.open->hide();
  row.reveal->hide();
  auto* layout = new QVBoxLayout(widget);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(row.title);
  auto* line = new QHBoxLayout;
  line->addWidget(row.bar, 1);
  line->addWidget(row.cancel);
  line->addWidget(row.open);
  line->addWidget(row.reveal);
  layout->addLayout(line);
  layout->addWidget(row.detail);
  rows_->insertWidget(rows_->count() - 1, widget);
  ++active_;
  if (auto* upload = qobject_cast<UploadJob*>(job)) {
    row.detail->setText(tr("Checking the file…"));
    QObject::connect(upload, &UploadJob::hashProgress, row.detail,
                     [detail = row.detail](qint64 done, qint64 total) {
                       detail->setText(tr("Checking the file… %1 of %2")
                                           .arg(QLocale().formattedDataSize(done),
                                                QLocale().formattedDataSize(total)));
                     });
    follow(upload, row, active_);
  } else if (auto* download = qobject_cast<DownloadJob*>(job)) {
    follow(download, row, active_);
  }
  Q_EMIT transferAdded();
}
