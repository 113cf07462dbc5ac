// The Qt client and admin console over TLS against the real confabd: trust
// on first use, a changed certificate refused, the system's trust store,
// and the lock in the status bar.
#include <QApplication>
#include <QCheckBox>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSpinBox>
#include <QSslConfiguration>

#include <doctest/doctest.h>

#include <memory>

#include "AdminClient.h"
#include "AdminWindow.h"
#include "CertificateTrust.h"
#include "ChatClient.h"
#include "ConnectDialog.h"
#include "MainWindow.h"
#include "SecurityIndicator.h"
#include "tests/gui/qt_wait.hpp"
#include "tests/support/client_stream.hpp"
#include "tests/support/confabd_process.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/support/test_certificate.hpp"
#include "tests/support/test_client.hpp"

using namespace confab::test;

namespace {

// The certificate a TLS port presents, as CertificateTrust spells
// fingerprints ("AB:CD:…").
QString fingerprintAt(std::uint16_t port, const std::string& certificate_file) {
  return QString::fromStdString(
      ClientStream(port, TlsClientOptions{certificate_file}).peer_fingerprint());
}

struct TlsServerFixture {
  TempDir dir;
  TestCertificate certificate = make_test_certificate(dir.path(), "localhost");
  ConfabdProcess server{dir.file("chat.db"),
                        {"--tls-cert", certificate.certificate_file, "--tls-key",
                         certificate.key_file, "--tls-port", "0", "--admin-token", "tls-token"}};

  QString hostPort(std::uint16_t port) const { return QStringLiteral("127.0.0.1:%1").arg(port); }

  QString fingerprint() const {
    return fingerprintAt(server.tls_port(), certificate.certificate_file);
  }
};

// Answers every message box that opens while it lives, and remembers what
// each one said.
class MessageBoxWatch {
 public:
  explicit MessageBoxWatch(std::function<void(QMessageBox*)> answer) : answer_(std::move(answer)) {
    QObject::connect(&timer_, &QTimer::timeout, [this] {
      for (auto* widget : QApplication::topLevelWidgets()) {
        auto* box = qobject_cast<QMessageBox*>(widget);
        if (box != nullptr && box->isVisible() && !box->property("answered").toBool()) {
          box->setProperty("answered", true);
          seen.push_back(
              {box->objectName(), box->text() + QLatin1Char('\n') + box->informativeText()});
          answer_(box);
        }
      }
    });
    timer_.start(10);
  }

  struct Seen {
    QString name;
    QString text;
  };
  std::vector<Seen> seen;

 private:
  std::function<void(QMessageBox*)> answer_;
  QTimer timer_;
};

void click(QMessageBox* box, const QString& label) {
  for (auto* button : box->buttons()) {
    if (button->text() == label) {
      button->click();
      return;
    }
  }
  FAIL("no button ", label.toStdString());
}

struct Window {
  ChatClient client;
  MainWindow window{&client};
  Window() { window.show(); }
  bool online() const { return client.state() == ChatClient::State::Online; }
};

}  // namespace

TEST_CASE_FIXTURE(TlsServerFixture,
                  "a self-signed certificate is shown by fingerprint, trusted once, remembered") {
  const auto expected = fingerprint();
  {
    MessageBoxWatch watch([](QMessageBox* box) { click(box, QObject::tr("Trust")); });
    Window alice;
    alice.client.connectTo(QStringLiteral("127.0.0.1"), server.tls_port(), QStringLiteral("alice"),
                           {}, ChatClient::Security::Tls);
    REQUIRE(waitUntil([&] { return alice.online(); }));
    REQUIRE(watch.seen.size() == 1);
    CHECK(watch.seen[0].name == QLatin1String("trustCertificate"));
    CHECK(watch.seen[0].text.contains(expected));
    CHECK(CertificateTrust::trusted(hostPort(server.tls_port())) == expected);

    auto* lock = alice.window.securityIndicator();
    CHECK(lock->isVisible());
    CHECK(lock->locked());
    CHECK(lock->text() == QStringLiteral("TLS 1.3 · localhost"));
    CHECK(lock->toolTip().contains(expected));
    CHECK(lock->toolTip().contains(QLatin1String("first use")));
  }
  // The next time nothing is asked.
  MessageBoxWatch watch([](QMessageBox* box) { box->reject(); });
  Window again;
  again.client.connectTo(QStringLiteral("127.0.0.1"), server.tls_port(), QStringLiteral("alice2"),
                         {}, ChatClient::Security::Tls);
  CHECK(waitUntil([&] { return again.online(); }));
  CHECK(watch.seen.empty());
}

TEST_CASE_FIXTURE(TlsServerFixture, "declining the certificate leaves the client offline") {
  MessageBoxWatch watch([](QMessageBox* box) { box->reject(); });
  Window bob;
  bob.client.connectTo(QStringLiteral("127.0.0.1"), server.tls_port(), QStringLiteral("bob"), {},
                       ChatClient::Security::Tls);
  REQUIRE(waitUntil([&] { return watch.seen.size() == 1; }));
  CHECK(waitUntil(
      [&] { return bob.window.statusLabel()->text().contains(QLatin1String("not trusted")); }));
  CHECK(bob.client.state() == ChatClient::State::Offline);
  CHECK(CertificateTrust::trusted(hostPort(server.tls_port())).isEmpty());
  CHECK_FALSE(bob.window.securityIndicator()->isVisible());
}

TEST_CASE_FIXTURE(TlsServerFixture, "a certificate that changed since it was trusted is refused") {
  const auto old = QStringLiteral(
      "00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:"
      "00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF");
  CertificateTrust::trust(hostPort(server.tls_port()), old);
  MessageBoxWatch watch([](QMessageBox* box) { click(box, QObject::tr("Close")); });
  Window carol;
  carol.client.connectTo(QStringLiteral("127.0.0.1"), server.tls_port(), QStringLiteral("carol"),
                         {}, ChatClient::Security::Tls);
  REQUIRE(waitUntil([&] { return watch.seen.size() == 1; }));
  CHECK(watch.seen[0].name == QLatin1String("refusedCertificate"));
  CHECK(watch.seen[0].text.contains(QLatin1String("has changed")));
  CHECK(watch.seen[0].text.contains(old));
  CHECK(watch.seen[0].text.contains(fingerprint()));
  CHECK(waitUntil([&] { return carol.client.state() == ChatClient::State::Offline; }));
  // The client does not retry behind the user's back, and the old
  // fingerprint stays until the user forgets it.
  CHECK_FALSE(waitUntil([&] { return carol.client.state() != ChatClient::State::Offline; },
                        std::chrono::milliseconds(1500)));
  CHECK(CertificateTrust::trusted(hostPort(server.tls_port())) == old);
}

TEST_CASE_FIXTURE(TlsServerFixture, "forgetting a changed certificate lets the user decide anew") {
  CertificateTrust::trust(hostPort(server.tls_port()), QStringLiteral("AA:BB"));
  MessageBoxWatch watch(
      [](QMessageBox* box) { click(box, QObject::tr("Forget the trusted certificate")); });
  Window dave;
  dave.client.connectTo(QStringLiteral("127.0.0.1"), server.tls_port(), QStringLiteral("dave"), {},
                        ChatClient::Security::Tls);
  REQUIRE(waitUntil([&] { return watch.seen.size() == 1; }));
  CHECK(
      waitUntil([&] { return CertificateTrust::trusted(hostPort(server.tls_port())).isEmpty(); }));
  CHECK(dave.client.state() == ChatClient::State::Offline);
}

TEST_CASE_FIXTURE(TlsServerFixture, "a certificate the system trusts connects without a question") {
  const auto saved = QSslConfiguration::defaultConfiguration();
  auto trusting = saved;
  trusting.addCaCertificates(QString::fromStdString(certificate.certificate_file));
  QSslConfiguration::setDefaultConfiguration(trusting);
  {
    MessageBoxWatch watch([](QMessageBox* box) { box->reject(); });
    Window erin;
    erin.client.connectTo(QStringLiteral("localhost"), server.tls_port(), QStringLiteral("erin"),
                          {}, ChatClient::Security::Tls);
    CHECK(waitUntil([&] { return erin.online(); }));
    CHECK(watch.seen.empty());
    CHECK(erin.window.securityIndicator()->locked());
    CHECK(erin.window.securityIndicator()->toolTip().contains(QLatin1String("authorities")));
  }
  QSslConfiguration::setDefaultConfiguration(saved);
}

TEST_CASE_FIXTURE(TlsServerFixture, "a plain connection shows an open lock") {
  Window frank;
  frank.client.connectTo(QStringLiteral("127.0.0.1"), server.port(), QStringLiteral("frank"));
  REQUIRE(waitUntil([&] { return frank.online(); }));
  CHECK_FALSE(frank.window.securityIndicator()->locked());
  CHECK(frank.window.securityIndicator()->text() == QLatin1String("Not encrypted"));
}

TEST_CASE_FIXTURE(TlsServerFixture, "the admin console reaches the TLS admin port") {
  CertificateTrust::trust(hostPort(server.admin_port()), fingerprint());
  AdminClient client;
  AdminWindow window(&client);
  window.show();
  client.connectTo(QStringLiteral("127.0.0.1"), server.admin_port(), QStringLiteral("tls-token"),
                   AdminClient::Security::Tls);
  REQUIRE(waitUntil([&] { return client.state() == AdminClient::State::Online; }));
  CHECK(window.securityIndicator()->locked());
  CHECK(window.securityIndicator()->text().startsWith(QLatin1String("TLS 1.3")));
}

TEST_CASE("the connect dialog ticks TLS for port 8443 and remembers the choice") {
  {
    ConnectDialog dialog;
    dialog.setValues(QStringLiteral("chat.example"), 8888, QStringLiteral("gina"));
    dialog.setTls(false);
    dialog.findChild<QSpinBox*>()->setValue(8443);
    CHECK(dialog.tls());
    dialog.accept();
  }
  ConnectDialog reopened;
  CHECK(reopened.tls());
  CHECK(reopened.port() == 8443);
}

TEST_CASE("over TLS the client comes back after a server restart and catches up") {
  TempDir dir;
  const auto certificate = make_test_certificate(dir.path(), "localhost");
  auto arguments = [&](std::uint16_t tls_port) {
    return std::vector<std::string>{
        "--tls-cert", certificate.certificate_file, "--tls-key",    certificate.key_file,
        "--tls-port", std::to_string(tls_port),     "--rate-limit", "0"};
  };
  auto server = std::make_unique<ConfabdProcess>(dir.file("chat.db"), arguments(0));
  const auto port = server->tls_port();
  const TlsClientOptions trust{certificate.certificate_file};
  CertificateTrust::trust(QStringLiteral("127.0.0.1:%1").arg(port),
                          fingerprintAt(port, certificate.certificate_file));
  Window alice;
  alice.client.connectTo(QStringLiteral("127.0.0.1"), port, QStringLiteral("alice"),
                         QStringLiteral("alice-pw"), ChatClient::Security::Tls);
  REQUIRE(waitUntil([&] { return alice.online(); }));

  REQUIRE(server->terminate() == 0);
  REQUIRE(waitUntil([&] { return alice.client.state() == ChatClient::State::Connecting; }));
  server = std::make_unique<ConfabdProcess>(dir.file("chat.db"), arguments(port));
  {
    TestClient bob(port, trust);
    bob.hello("bob");
    for (const char* text : {"missed over TLS", "and another"}) {
      REQUIRE(bob.request({{"op", "say"}, {"room", "main"}, {"text", text}}).value("type", "") ==
              "ok");
    }
  }
  REQUIRE(waitUntil(
      [&] {
        if (!alice.online()) {
          return false;
        }
        int found = 0;
        for (const auto& message : alice.client.messages(QStringLiteral("#main"))->messages()) {
          found += message.text == QLatin1String("and another");
        }
        return found == 1;
      },
      std::chrono::seconds(20)));
  CHECK(alice.window.securityIndicator()->locked());
}
