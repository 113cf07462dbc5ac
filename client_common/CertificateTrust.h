#pragma once

#include <QList>
#include <QSslCertificate>
#include <QSslError>
#include <QString>
#include <QStringList>

// A server certificate the client could not verify against the system's
// trust store, as the user is shown it.
struct CertificateProblem {
  QString hostPort;  // "chat.example.org:8443"
  QString subject;
  QString fingerprint;  // SHA-256, "AB:CD:…"
  // The fingerprint trusted earlier for this host:port, when it differs.
  QString trustedFingerprint;
  QStringList errors;
  // Only the issuer or the host name is unknown: a self-signed certificate
  // the user may choose to trust. Anything else (expired, broken signature)
  // is refused outright.
  bool trustable = false;
};

// Trust on first use: a certificate no authority vouches for may be trusted
// once per host:port, by its SHA-256 fingerprint, kept in QSettings; a
// different certificate there later is refused.
class CertificateTrust {
 public:
  enum class Verdict { Accept, AskUser, Refuse };

  static QString fingerprint(const QSslCertificate& certificate);
  static QString trusted(const QString& hostPort);
  static void trust(const QString& hostPort, const QString& fingerprint);
  static void forget(const QString& hostPort);

  // What to do about `errors` for `certificate` at `hostPort`; `problem`
  // describes it for the user whenever the verdict is not Accept.
  static Verdict judge(const QString& hostPort, const QSslCertificate& certificate,
                       const QList<QSslError>& errors, CertificateProblem& problem);
};
