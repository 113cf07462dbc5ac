#pragma once

#include <QWidget>

class QVBoxLayout;

// Uploads and downloads, one row each: the file's name, a progress bar,
// what is done of how much with the rate and time left, and Cancel; a
// finished download offers Open and Show in folder. Finished rows stay
// until the next transfer starts.
class TransferPanel : public QWidget {
  Q_OBJECT

 public:
  explicit TransferPanel(QWidget* parent = nullptr);

  // `job` is an UploadJob or DownloadJob.
  void addTransfer(QObject* job, const QString& title);
  int activeCount() const { return active_; }

  // "3.1 MiB of 50.0 MiB · 4.2 MiB/s · 12 s left"; the rate and time once
  // known.
  static QString describeProgress(qint64 done, qint64 total, double bytesPerSecond);

 Q_SIGNALS:
  void transferAdded();

 private:
  void dropFinishedRows();

  QVBoxLayout* rows_;
  int active_ = 0;
};
