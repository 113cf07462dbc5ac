#include "DownloadJob.h"

#include <QFileInfo>

#include "ChatConnection.h"

DownloadJob::DownloadJob(ChatConnection* connection, qint64 fileId, const QString& savePath,
                         QObject* parent)
    : QObject(parent), connection_(connection), fileId_(fileId), file_(savePath) {}

void DownloadJob::start() {
  if (!file_.open(QIODevice::WriteOnly)) {
    finish(false, tr("cannot write %1: %2").arg(file_.fileName(), file_.errorString()));
    return;
  }
  connection_->request({{"op", "download"}, {"file_id", fileId_}}, this,
                       [this](const nlohmann::json& reply) {
                         if (reply.value("type", "") != "ok") {
                           finish(false, QString::fromStdString(reply.value("message", "")));
                           return;
                         }
                         name_ = QString::fromStdString(reply.value("name", ""));
                         size_ = reply.value("size", qint64{0});
                         expectedSha_ = reply.value("sha256", "");
                         Q_EMIT progress(0, size_);
                       });
}

void DownloadJob::handleEvent(const nlohmann::json& event) {
  if (finished_) {
    return;
  }
  if (event.value("type", "") == "file_end") {
    if (received_ != size_ || hash_.result().toHex().toStdString() != expectedSha_) {
      file_.cancelWriting();
      finish(false, tr("%1 arrived damaged (checksum mismatch)").arg(name_));
      return;
    }
    if (!file_.commit()) {
      finish(false, tr("cannot save %1: %2").arg(name_, file_.errorString()));
      return;
    }
    finish(true, tr("%1 saved").arg(name_));
    return;
  }
  if (event.value("seq", qint64{-1}) != nextSeq_++) {
    file_.cancelWriting();
    finish(false, tr("%1: chunks arrived out of order").arg(name_));
    return;
  }
  const auto data = QByteArray::fromBase64(QByteArray::fromStdString(event.value("data", "")));
  hash_.addData(data);
  file_.write(data);
  received_ += data.size();
  Q_EMIT progress(received_, size_);
}

void DownloadJob::abort(const QString& reason) {
  if (!finished_) {
    file_.cancelWriting();
  }
  finish(false, reason);
}

void DownloadJob::cancel() {
  if (!finished_) {
    cancelled_ = true;
  }
  abort(tr("%1: cancelled").arg(name_.isEmpty() ? QFileInfo(file_.fileName()).fileName() : name_));
}

void DownloadJob::finish(bool ok, const QString& message) {
  if (finished_) {
    return;
  }
  finished_ = true;
  Q_EMIT finished(ok, message);
}
