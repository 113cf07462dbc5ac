#include "CertificatePrompts.h"

#include <QMessageBox>
#include <QPushButton>

bool askToTrustCertificate(QWidget* parent, const CertificateProblem& problem) {
  QMessageBox box(QMessageBox::Warning, QObject::tr("Unverified certificate"),
                  QObject::tr("No authority this computer trusts vouches for the certificate of "
                              "%1 (%2).")
                      .arg(problem.hostPort, problem.subject),
                  QMessageBox::NoButton, parent);
  box.setObjectName(QStringLiteral("trustCertificate"));
  box.setInformativeText(
      QObject::tr("Compare its SHA-256 fingerprint with the one the server's operator gave "
                  "you:\n\n%1\n\nTrust it for this server from now on? If it ever changes, the "
                  "connection will be refused.")
          .arg(problem.fingerprint));
  box.setDetailedText(problem.errors.join(QLatin1Char('\n')));
  auto* trust = box.addButton(QObject::tr("Trust"), QMessageBox::AcceptRole);
  box.addButton(QMessageBox::Cancel);
  box.setDefaultButton(QMessageBox::Cancel);
  box.exec();
  return box.clickedButton() == trust;
}

void showRefusedCertificate(QWidget* parent, const CertificateProblem& problem) {
  const bool changed = !problem.trustedFingerprint.isEmpty();
  QMessageBox box(QMessageBox::Critical, QObject::tr("Certificate refused"),
                  changed
                      ? QObject::tr("The certificate of %1 has changed since you trusted it. "
                                    "Someone may be impersonating the server.")
                            .arg(problem.hostPort)
                      : QObject::tr("The certificate of %1 cannot be used.").arg(problem.hostPort),
                  QMessageBox::NoButton, parent);
  box.setObjectName(QStringLiteral("refusedCertificate"));
  box.setInformativeText(
      changed ? QObject::tr("Trusted: %1\nOffered: %2\n\nConnect again only once the server's "
                            "operator confirms the new fingerprint.")
                    .arg(problem.trustedFingerprint, problem.fingerprint)
              : problem.errors.join(QLatin1Char('\n')));
  QPushButton* forget = nullptr;
  if (changed) {
    forget =
        box.addButton(QObject::tr("Forget the trusted certificate"), QMessageBox::DestructiveRole);
  }
  box.addButton(QMessageBox::Close);
  box.setDefaultButton(QMessageBox::Close);
  box.exec();
  if (forget != nullptr && box.clickedButton() == forget) {
    CertificateTrust::forget(problem.hostPort);
  }
}

bool settleCertificateProblem(QWidget* parent, const CertificateProblem& problem) {
  if (!problem.trustable || !problem.trustedFingerprint.isEmpty()) {
    showRefusedCertificate(parent, problem);
    return false;
  }
  if (!askToTrustCertificate(parent, problem)) {
    return false;
  }
  CertificateTrust::trust(problem.hostPort, problem.fingerprint);
  return true;
}
