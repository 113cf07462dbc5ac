#pragma once

#include <QObject>
#include <QPointer>
#include <QString>

#include <map>
#include <vector>

#include <nlohmann/json.hpp>

class ChatConnection;
class DownloadJob;
class UploadJob;

// The file transfers in flight on one connection: starts them, routes the
// server's download pieces to their job, and ends them all when the
// connection goes. What a finished upload means for a conversation is the
// caller's business (it listens to the job).
class Transfers : public QObject {
  Q_OBJECT

 public:
  explicit Transfers(ChatConnection* connection, QObject* parent = nullptr);

  // `target` is the upload's room or recipient ({"room": …} or {"to": …}).
  UploadJob* upload(nlohmann::json target, const QString& path);
  DownloadJob* download(qint64 fileId, const QString& savePath);

  // A `chunk` or `file_end` event.
  void handleEvent(const nlohmann::json& event);
  // The connection is gone: every transfer fails with `reason`.
  void abortAll(const QString& reason);

 Q_SIGNALS:
  void started(QObject* job, const QString& title);
  // `what` is "upload" or "download".
  void failed(const QString& what, const QString& message);

 private:
  ChatConnection* connection_;
  std::vector<QPointer<UploadJob>> uploads_;
  std::map<qint64, QPointer<DownloadJob>> downloads_;
};
