#pragma once

#include "CertificateTrust.h"

class QWidget;

// Shows the fingerprint of a certificate no authority vouches for and asks
// whether to trust it for this server from now on; true when the user does.
bool askToTrustCertificate(QWidget* parent, const CertificateProblem& problem);

// Tells the user why a certificate was refused. When it differs from the
// one trusted before, both fingerprints are shown, and the user may forget
// the old one deliberately (the next connection then asks again).
void showRefusedCertificate(QWidget* parent, const CertificateProblem& problem);

// Asks or warns as `problem` needs; true when the user has just trusted the
// certificate, so connecting again will get through.
bool settleCertificateProblem(QWidget* parent, const CertificateProblem& problem);
