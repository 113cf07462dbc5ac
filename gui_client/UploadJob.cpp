#include "UploadJob.h"

#include <QCryptographicHash>
#include <QFileInfo>

#include "ChatConnection.h"

namespace {

// Chunks awaiting their ok: enough to keep the connection busy, few enough
// that the socket never buffers much of the file.
constexpr int kWindow = 4;

}  // namespace

UploadJob::UploadJob(ChatConnection* connection, nlohmann::json target, const QString& path,
                     QObject* parent)
    : QObject(parent),
      connection_(connection),
      target_(std::move(target)),
      file_(path),
      fileName_(QFileInfo(path).fileName()) {}

void UploadJob::start() {
  if (!file_.open(QIODevice::ReadOnly)) {
    finish(false, tr("cannot read %1: %2").arg(file_.fileName(), file_.errorString()));
    return;
  }
  size_ = file_.size();
  QCryptographicHash hash(QCryptographicHash::Sha256);
  hash.addData(&file_);
  file_.seek(0);
  auto begin = target_;
  begin["op"] = "upload";
  begin["name"] = fileName_.toStdString();
  begin["size"] = size_;
  sha256_ = QString::fromLatin1(hash.result().toHex());
  begin["sha256"] = sha256_.toStdString();
  connection_->request(begin, [this](const nlohmann::json& reply) {
    if (reply.value("type", "") != "ok") {
      finish(false, QString::fromStdString(reply.value("message", "upload refused")));
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
                         [this, length](const nlohmann::json& reply) {
                           --inFlight_;
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
    connection_->request({{"op", "upload_end"}, {"upload", token_}},
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

void UploadJob::abort(const QString& reason) {
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
