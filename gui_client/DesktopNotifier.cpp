#include "DesktopNotifier.h"

#include <QApplication>
#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QSystemTrayIcon>

namespace {

const QString kService = QStringLiteral("org.freedesktop.Notifications");
const QString kPath = QStringLiteral("/org/freedesktop/Notifications");
const QString kInterface = QStringLiteral("org.freedesktop.Notifications");
// The action a click on the notification's body invokes.
const QString kDefaultAction = QStringLiteral("default");
// The desktop notification specification's "expires as the server decides".
constexpr int kServerTimeout = -1;

}  // namespace

DesktopNotifier::DesktopNotifier(QObject* parent, QDBusConnection bus)
    : QObject(parent), bus_(std::move(bus)) {
  if (QSystemTrayIcon::isSystemTrayAvailable()) {
    tray_ = new QSystemTrayIcon(QApplication::windowIcon(), this);
    tray_->show();
    connect(tray_, &QSystemTrayIcon::messageClicked, this, [this] { Q_EMIT activated(trayKey_); });
    return;
  }
  if (bus_.isConnected()) {
    bus_.connect(QString(), kPath, kInterface, QStringLiteral("ActionInvoked"), this,
                 SLOT(onActionInvoked(uint, QString)));
    bus_.connect(QString(), kPath, kInterface, QStringLiteral("NotificationClosed"), this,
                 SLOT(onNotificationClosed(uint, uint)));
  }
}

void DesktopNotifier::notify(const QString& key, const QString& title, const QString& text) {
  if (tray_ != nullptr) {
    trayKey_ = key;
    tray_->showMessage(title, text);
    return;
  }
  notifyThroughService(key, title, text);
}

void DesktopNotifier::notifyThroughService(const QString& key, const QString& title,
                                           const QString& text) {
  if (!bus_.isConnected()) {
    return;
  }
  auto call = QDBusMessage::createMethodCall(kService, kPath, kInterface, QStringLiteral("Notify"));
  const QVariantMap hints{
      {QStringLiteral("desktop-entry"), QStringLiteral("confab-client")},
      {QStringLiteral("category"), QStringLiteral("im.received")},
  };
  // The body may be read as markup by the service: what people wrote is
  // escaped so it shows as typed.
  call << QApplication::applicationDisplayName() << shown_.value(key, 0u) << QString() << title
       << text.toHtmlEscaped() << QStringList{kDefaultAction, tr("Open")} << hints
       << kServerTimeout;
  // Asynchronous: a missing or slow service never holds up the window.
  auto* watcher = new QDBusPendingCallWatcher(bus_.asyncCall(call), this);
  connect(watcher, &QDBusPendingCallWatcher::finished, this,
          [this, key](QDBusPendingCallWatcher* finished) {
            const QDBusPendingReply<uint> reply = *finished;
            if (reply.isValid()) {
              shown_.insert(key, reply.value());
            }
            finished->deleteLater();
          });
}

void DesktopNotifier::onActionInvoked(uint id, const QString& action) {
  if (action != kDefaultAction) {
    return;
  }
  for (auto it = shown_.cbegin(); it != shown_.cend(); ++it) {
    if (it.value() == id) {
      Q_EMIT activated(it.key());
      return;
    }
  }
}

void DesktopNotifier::onNotificationClosed(uint id, uint /*reason*/) {
  for (auto it = shown_.begin(); it != shown_.end(); ++it) {
    if (it.value() == id) {
      shown_.erase(it);
      return;
    }
  }
}
