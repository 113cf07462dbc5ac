#pragma once

#include <QDBusConnection>
#include <QList>
#include <QObject>
#include <QStringList>
#include <QVariantMap>

namespace confab::test {

// The desktop's side of org.freedesktop.Notifications, on its own
// connection to the test bus: records what it is asked to show and clicks
// a notification as a user would.
class NotificationService : public QObject {
  Q_OBJECT
  Q_CLASSINFO("D-Bus Interface", "org.freedesktop.Notifications")

 public:
  struct Shown {
    QString appName;
    uint replaces;
    QString summary;
    QString body;
    QStringList actions;
    QVariantMap hints;
    uint id;
  };

  explicit NotificationService(const QString& busAddress);
  ~NotificationService() override;

  // False when the bus or the service name could not be had.
  bool registered() const { return registered_; }
  const QList<Shown>& shown() const { return shown_; }
  // The user clicks notification `id`.
  void click(uint id);

 public Q_SLOTS:
  uint Notify(const QString& appName, uint replacesId, const QString& appIcon,
              const QString& summary, const QString& body, const QStringList& actions,
              const QVariantMap& hints, int expireTimeout);
  QStringList GetCapabilities() const;

 private:
  QDBusConnection bus_;
  bool registered_ = false;
  QList<Shown> shown_;
  uint nextId_ = 1;
};

}  // namespace confab::test
