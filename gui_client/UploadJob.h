#pragma once

#include <QFile>
#include <QFutureWatcher>
#include <QObject>

#include <nlohmann/json.hpp>

class ChatConnection;

// Sends one file: hashes it on a worker thread (a large file never stalls
// the window), announces it, streams its chunks with a few in flight, and
// finishes with upload_end. The file is read a chunk at a time.
class UploadJob : public QObject {
  Q_OBJECT

 public:
  // `target` is {"room": …} or {"to": …}.
  UploadJob(ChatConnection* connection, nlohmann::json target, const QString& path,
            QObject* parent = nullptr);
  ~UploadJob() override;

  void start();
  // The user changed their mind: nothing more is sent and the server
  // forgets what it has.
  void cancel();
  // The connection is gone; the server discards what it has.
  void abort(const QString& reason);

  QString fileName() const { return fileName_; }
  // Known once finished successfully.
  qint64 fileId() const { return fileId_; }
  qint64 msgId() const { return msgId_; }
  QString sha256() const { return sha256_; }
  qint64 size() const { return size_; }
  bool isHashing() const { return hashing_.isRunning(); }
  bool isFinished() const { return finished_; }
  bool wasCancelled() const { return cancelled_; }

 Q_SIGNALS:
  // Reading the file for its checksum, before anything is sent.
  void hashProgress(qint64 done, qint64 total);
  void progress(qint64 done, qint64 total);
  void finished(bool ok, const QString& message);

 private:
  void announce(const QString& sha256);
  void sendMoreChunks();
  void finish(bool ok, const QString& message);

  ChatConnection* connection_;
  nlohmann::json target_;
  QFile file_;
  QString fileName_;
  qint64 size_ = 0;
  QFutureWatcher<QByteArray> hashing_;
  std::string token_;
  qint64 chunkSize_ = 0;
  qint64 nextSeq_ = 0;
  qint64 sentBytes_ = 0;
  qint64 confirmedBytes_ = 0;
  int inFlight_ = 0;
  qint64 fileId_ = 0;
  qint64 msgId_ = 0;
  QString sha256_;
  bool finished_ = false;
  bool cancelled_ = false;
};
