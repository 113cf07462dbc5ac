#pragma once

#include <QCryptographicHash>
#include <QObject>
#include <QSaveFile>

#include <nlohmann/json.hpp>

class ChatConnection;

// Receives one file into `savePath`, verifying its SHA-256. The target file
// appears only once the download is complete and verified.
class DownloadJob : public QObject {
  Q_OBJECT

 public:
  DownloadJob(ChatConnection* connection, qint64 fileId, const QString& savePath,
              QObject* parent = nullptr);

  void start();
  // A `chunk` or `file_end` event for this file.
  void handleEvent(const nlohmann::json& event);
  void abort(const QString& reason);
  // The user changed their mind: the file is not saved, what still arrives
  // of it is dropped.
  void cancel();

  qint64 fileId() const { return fileId_; }
  QString savePath() const { return file_.fileName(); }
  QString fileName() const { return name_; }
  bool isFinished() const { return finished_; }
  bool wasCancelled() const { return cancelled_; }

 Q_SIGNALS:
  void progress(qint64 done, qint64 total);
  void finished(bool ok, const QString& message);

 private:
  void finish(bool ok, const QString& message);

  ChatConnection* connection_;
  qint64 fileId_;
  QSaveFile file_;
  QString name_;
  qint64 size_ = 0;
  qint64 received_ = 0;
  qint64 nextSeq_ = 0;
  std::string expectedSha_;
  QCryptographicHash hash_{QCryptographicHash::Sha256};
  bool finished_ = false;
  bool cancelled_ = false;
};
