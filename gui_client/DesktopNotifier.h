#pragma once

#include <QDBusConnection>
#include <QHash>
#include <QObject>
#include <QString>

class QSystemTrayIcon;

// Puts a notification on the desktop: through the tray icon where there is
// a tray, otherwise through the freedesktop notification service on the
// session bus (GNOME, KDE, and the daemons of tiling window managers), so
// users without a tray are told too. A conversation's notifications replace
// each other instead of piling up, and clicking one asks for its
// conversation (activated).
class DesktopNotifier : public QObject {
  Q_OBJECT

 public:
  enum class Route { Tray, NotificationService };

  explicit DesktopNotifier(QObject* parent = nullptr,
                           QDBusConnection bus = QDBusConnection::sessionBus());

  Route route() const { return tray_ != nullptr ? Route::Tray : Route::NotificationService; }
  // `key` is the conversation it is about (empty for the server's own news).
  void notify(const QString& key, const QString& title, const QString& text);

 Q_SIGNALS:
  void activated(const QString& key);

 private Q_SLOTS:
  // The service's signals (org.freedesktop.Notifications).
  void onActionInvoked(uint id, const QString& action);
  void onNotificationClosed(uint id, uint reason);

 private:
  void notifyThroughService(const QString& key, const QString& title, const QString& text);

  QDBusConnection bus_;
  QSystemTrayIcon* tray_ = nullptr;
  // The tray shows one message at a time: a click is about the last.
  QString trayKey_;
  // The service's ids of the notifications on screen, by conversation.
  QHash<QString, uint> shown_;
};
