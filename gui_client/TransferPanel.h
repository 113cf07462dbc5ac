#pragma once

#include <QWidget>

class QVBoxLayout;

// Uploads and downloads in progress, one progress bar each; finished ones
// show their outcome until the next transfer starts.
class TransferPanel : public QWidget {
  Q_OBJECT

 public:
  explicit TransferPanel(QWidget* parent = nullptr);

  // `job` is an UploadJob or DownloadJob (progress and finished signals).
  void addTransfer(QObject* job, const QString& title);
  int activeCount() const { return active_; }

 private:
  QVBoxLayout* rows_;
  int active_ = 0;
};
