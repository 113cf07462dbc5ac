#include "tests/gui/notification_service.hpp"

#include <QDBusMessage>

namespace confab::test {

namespace {

const QString kService = QStringLiteral("org.freedesktop.Notifications");
const QString kPath = QStringLiteral("/org/freedesktop/Notifications");
const QString kConnectionName = QStringLiteral("notification-service");

}  // namespace

NotificationService::NotificationService(const QString& busAddress)
    : bus_(QDBusConnection::connectToBus(busAddress, kConnectionName)) {
  registered_ = bus_.isConnected() &&
                bus_.registerObject(kPath, this, QDBusConnection::ExportAllSlots) &&
                bus_.registerService(kService);
}

NotificationService::~NotificationService() {
  bus_.unregisterService(kService);
  bus_.unregisterObject(kPath);
  QDBusConnection::disconnectFromBus(kConnectionName);
}

uint NotificationService::Notify(const QString& appName, uint replacesId,
                                 const QString& /*appIcon*/, const QString& summary,
                                 const QString& body, const QStringList& actions,
                                 const QVariantMap& hints, int /*expireTimeout*/) {
  const uint id = replacesId != 0 ? replacesId : nextId_++;
  shown_.append({appName, replacesId, summary, body, actions, hints, id});
  return id;
}

QStringList NotificationService::GetCapabilities() const {
  return {QStringLiteral("actions"), QStringLiteral("body"), QStringLiteral("body-markup")};
}

void NotificationService::click(uint id) {
  auto signal = QDBusMessage::createSignal(kPath, kService, QStringLiteral("ActionInvoked"));
  signal << id << QStringLiteral("default");
  bus_.send(signal);
}

}  // namespace confab::test
