#include "CertificateTrust.h"

#include <QCryptographicHash>
#include <QSettings>

namespace {

const QString kGroup = QStringLiteral("trusted-certificates/");

// The errors a self-signed certificate, or one for another name, brings:
// exactly what trusting its fingerprint answers.
bool aboutTrustOnly(const QSslError& error) {
  switch (error.error()) {
    case QSslError::SelfSignedCertificate:
    case QSslError::SelfSignedCertificateInChain:
    case QSslError::UnableToGetLocalIssuerCertificate:
    case QSslError::UnableToVerifyFirstCertificate:
    case QSslError::UnableToGetIssuerCertificate:
    case QSslError::CertificateUntrusted:
    case QSslError::HostNameMismatch:
      return true;
    default:
      return false;
  }
}

// QSettings treats '/' as a group separator and ':' is fine; an IPv6
// literal keeps its colons.
QString settingsKey(const QString& hostPort) {
  return kGroup + QString(hostPort).replace(QLatin1Char('/'), QLatin1Char('_'));
}

}  // namespace

QString CertificateTrust::fingerprint(const QSslCertificate& certificate) {
  return QString::fromLatin1(certificate.digest(QCryptographicHash::Sha256).toHex(':').toUpper());
}

QString CertificateTrust::trusted(const QString& hostPort) {
  return QSettings().value(settingsKey(hostPort)).toString();
}

void CertificateTrust::trust(const QString& hostPort, const QString& fingerprint) {
  QSettings().setValue(settingsKey(hostPort), fingerprint);
}

void CertificateTrust::forget(const QString& hostPort) {
  QSettings().remove(settingsKey(hostPort));
}

CertificateTrust::Verdict CertificateTrust::judge(const QString& hostPort,
                                                  const QSslCertificate& certificate,
                                                  const QList<QSslError>& errors,
                                                  CertificateProblem& problem) {
  problem = CertificateProblem{};
  problem.hostPort = hostPort;
  problem.subject = certificate.subjectDisplayName();
  problem.fingerprint = fingerprint(certificate);
  problem.trustable = !certificate.isNull();
  for (const auto& error : errors) {
    problem.errors << error.errorString();
    problem.trustable = problem.trustable && aboutTrustOnly(error);
  }
  if (!problem.trustable) {
    return Verdict::Refuse;
  }
  const auto known = trusted(hostPort);
  if (known.isEmpty()) {
    return Verdict::AskUser;
  }
  if (known == problem.fingerprint) {
    return Verdict::Accept;
  }
  problem.trustedFingerprint = known;
  return Verdict::Refuse;
}
