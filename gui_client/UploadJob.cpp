#include "UploadJob.h"

#include <QCryptographicHash>
#include <QFileInfo>
#include <QPromise>
#include <QtConcurrent/QtConcurrentRun>

#include "ChatConnection.h"

namespace {

// Chunks awaiting their ok: enough to keep the connection busy, few enough
// that the socket never buffers much of the file.
constexpr int kWindow = 4;
constexpr qint64 kHashBlock = 1 << 20;

// The file's SHA-256 in hex, reporting progress in bytes; empty when the
// file cannot be read or the hashing was cancelled.
void hashFile(QPromise<QByteArray>& promise, const QString& path) {
  QFile file(path);
  if (!file.open(QIODevice::ReadOnly)) {
    return;
  }
  const qint64 size = file.size();
  // Progress counts in int: kibibytes, so files past 2 GiB still fit.
  promise.setProgressRange(0, static_cast<int>(size / 1024));
  QCryptographicHash hash(QCryptographicHash::Sha256);
  qint64 done = 0;
  while (done < size) {
    if (promise.isCanceled()) {
      return;
    }
    const auto block = file.read(kHashBlock);
    if (block.isEmpty()) {
      return;
    }
    hash.addData(block);
    done += block.size();
    promise.setProgressValue(static_cast<int>(done / 1024));
  }
  promise.addResult(hash.result().toHex());
}

}  // namespace

UploadJob::UploadJob(ChatConnection* connection, nlohmann::json target, const QString& path,
                     QObject* parent)
    : QObject(parent),
      connection_(connection),
      target_(std::move(target)),
      file_(path),
      fileName_(QFileInfo(path).fileName()) {
  connect(&hashing_, &QFutureWatcher<QByteArray>::progressValueChanged, this,
          [this](int kib) { Q_EMIT hashProgress(std::min(size_, qint64{kib} * 1024), size_); });
  connect(&hashing_, &QFutureWatcher<QByteArray>::finished, this, [this] {
    if (finished_) {
      return;
    }
    const auto future = hashing_.future();
    if (future.isCanceled() || future.resultCount() == 0) {
      finish(false, tr("could not read %1").arg(fileName_));
      return;
    }
    announce(QString::fromLatin1(future.result()));
  });
}

UploadJob::~UploadJob() {
  // The worker reads at most one more block before it sees this.
  hashing_.cancel();
  hashing_.waitForFinished();
}

void UploadJob::start() {
  if (!file_.open(QIODevice::ReadOnly)) {
    finish(false, tr("cannot read %1: %2").arg(file_.fileName(), file_.errorString()));
    return;
  }
  size_ = file_.size();
  Q_EMIT hashProgress(0, size_);
  hashing_.setFuture(QtConcurrent::run(hashFile, file_.fileName()));
}

void UploadJob::announce(const QString& sha256) {
  sha256_ = sha256;
  auto begin = target_;
  begin["op"] = "upload";
  begin["name"] = fileName_.toStdString();
  begin["size"] = size_;
  begin["sha256"] = sha256_.toStdString();
  connection_->request(begin, this, [this](const nlohmann::json& reply) {
    if (finished_) {
      return;
    }
    if (reply.value("type", "") != "ok") {
      finish(false, tr("%1 not sent: %2")
                        .arg(fileName_, QString::fromStdString(reply.value("message", "refused"))));
      return;
    }
    token_ = reply.value("upload", "");
    chunkSize_ = reply.value("chunk_size", qint64{32768});
    Q_EMIT progress(0, size_);
    sendMoreChunks();
  });
}

void UploadJob::sendMoreChunks() {
  while (!finished_ && inFlight_ < kWindow && sentBytes_ < size_) {
    const QByteArray bytes = file_.read(chunkSize_);
    if (bytes.isEmpty()) {
      finish(false, tr("could not read %1").arg(fileName_));
      return;
    }
    sentBytes_ += bytes.size();
    ++inFlight_;
    const auto length = bytes.size();
    connection_->request({{"op", "chunk"},
                          {"upload", token_},
                          {"seq", nextSeq_++},
                          {"data", bytes.toBase64().toStdString()}},
                         this, [this, length](const nlohmann::json& reply) {
                           --inFlight_;
                           if (finished_) {
                             return;
                           }
                           if (reply.value("type", "") != "ok") {
                             finish(false, QString::fromStdString(reply.value("message", "")));
                             return;
                           }
                           confirmedBytes_ += length;
                           Q_EMIT progress(confirmedBytes_, size_);
                           sendMoreChunks();
                         });
  }
  if (!finished_ && inFlight_ == 0 && sentBytes_ >= size_) {
    connection_->request({{"op", "upload_end"}, {"upload", token_}}, this,
                         [this](const nlohmann::json& reply) {
                           if (reply.value("type", "") == "ok") {
                             fileId_ = reply.value("file_id", qint64{0});
                             msgId_ = reply.value("msg_id", qint64{0});
                             finish(true, tr("%1 shared").arg(fileName_));
                           } else {
                             finish(false, QString::fromStdString(reply.value("message", "")));
                           }
                         });
  }
}

void UploadJob::cancel() {
  if (finished_) {
    return;
  }
  hashing_.cancel();
  if (!token_.empty()) {
    // Ending an upload short cancels it (size_mismatch): the server keeps
    // nothing of it. The answer is of no interest.
    connection_->request({{"op", "upload_end"}, {"upload", token_}}, [](const nlohmann::json&) {});
  }
  cancelled_ = true;
  finish(false, tr("%1: cancelled").arg(fileName_));
}

void UploadJob::abort(const QString& reason) {
  hashing_.cancel();
  finish(false, reason);
}

void UploadJob::finish(bool ok, const QString& message) {
  if (finished_) {
    return;
  }
  finished_ = true;
  file_.close();
  Q_EMIT finished(ok, message);
}
