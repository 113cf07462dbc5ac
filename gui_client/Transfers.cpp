#include "Transfers.h"

#include <QFileInfo>

#include "DownloadJob.h"
#include "UploadJob.h"

Transfers::Transfers(ChatConnection* connection, QObject* parent)
    : QObject(parent), connection_(connection) {}

UploadJob* Transfers::upload(nlohmann::json target, const QString& path) {
  auto* job = new UploadJob(connection_, std::move(target), path, this);
  uploads_.emplace_back(job);
  connect(job, &UploadJob::finished, this, [this, job](bool ok, const QString& message) {
    if (!ok && !job->wasCancelled()) {
      Q_EMIT failed(QStringLiteral("upload"), message);
    }
    job->deleteLater();
  });
  Q_EMIT started(job, tr("Uploading %1").arg(job->fileName()));
  job->start();
  return job;
}

DownloadJob* Transfers::download(qint64 fileId, const QString& savePath) {
  auto* job = new DownloadJob(connection_, fileId, savePath, this);
  downloads_[fileId] = job;
  connect(job, &DownloadJob::finished, this, [this, job, fileId](bool ok, const QString& message) {
    downloads_.erase(fileId);
    if (!ok && !job->wasCancelled()) {
      Q_EMIT failed(QStringLiteral("download"), message);
    }
    job->deleteLater();
  });
  Q_EMIT started(job, tr("Downloading %1").arg(QFileInfo(savePath).fileName()));
  job->start();
  return job;
}

void Transfers::handleEvent(const nlohmann::json& event) {
  auto it = downloads_.find(event.value("file_id", qint64{0}));
  if (it != downloads_.end() && it->second) {
    it->second->handleEvent(event);
  }
}

void Transfers::abortAll(const QString& reason) {
  for (auto& upload : uploads_) {
    if (upload) {
      upload->abort(reason);
    }
  }
  uploads_.clear();
  for (auto& [fileId, download] : downloads_) {
    if (download) {
      download->abort(reason);
    }
  }
  downloads_.clear();
}
