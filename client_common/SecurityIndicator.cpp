#include "SecurityIndicator.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QPainterPath>
#include <QPixmap>

namespace {

// A padlock drawn in the text colour, so it follows the theme and needs no
// icon theme or emoji font: a body and a shackle, open or closed.
QPixmap padlock(const QColor& colour, bool closed, int size) {
  QPixmap pixmap(size, size);
  pixmap.fill(Qt::transparent);
  QPainter painter(&pixmap);
  painter.setRenderHint(QPainter::Antialiasing);
  const qreal unit = size / 16.0;
  QPen pen(colour, 1.6 * unit);
  painter.setPen(pen);
  painter.setBrush(Qt::NoBrush);
  QPainterPath shackle;
  const qreal left = 4.5 * unit;
  const qreal right = 11.5 * unit;
  const qreal bottom = 8 * unit;
  shackle.moveTo(left, bottom);
  shackle.lineTo(left, 5 * unit);
  shackle.arcTo(QRectF(left, 1.5 * unit, right - left, 7 * unit), 180, -180);
  shackle.lineTo(right, closed ? bottom : 5.5 * unit);
  if (!closed) {
    shackle.translate(3 * unit, -1 * unit);
  }
  painter.drawPath(shackle);
  painter.setPen(Qt::NoPen);
  painter.setBrush(colour);
  painter.drawRoundedRect(QRectF(3 * unit, 7.5 * unit, 10 * unit, 7.5 * unit), unit, unit);
  return pixmap;
}

}  // namespace

SecurityIndicator::SecurityIndicator(QWidget* parent)
    : QWidget(parent), icon_(new QLabel(this)), text_(new QLabel(this)) {
  auto* layout = new QHBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(4);
  layout->addWidget(icon_);
  layout->addWidget(text_);
  icon_->setObjectName(QStringLiteral("securityIcon"));
  text_->setObjectName(QStringLiteral("securityText"));
  showOffline();
}

void SecurityIndicator::showConnection(const ChatConnection::TlsInfo& info) {
  locked_ = info.encrypted;
  const int size = fontMetrics().height();
  icon_->setPixmap(padlock(palette().color(QPalette::WindowText), locked_, size));
  if (!locked_) {
    text_->setText(tr("Not encrypted"));
    setToolTip(tr("This connection is plain TCP: anyone on the network can read it."));
  } else {
    text_->setText(info.subject.isEmpty() ? info.protocol
                                          : tr("%1 · %2").arg(info.protocol, info.subject));
    setToolTip(tr("Encrypted with %1.\nCertificate: %2\nSHA-256: %3\n%4")
                   .arg(info.protocol, info.subject, info.fingerprint,
                        info.trustedOnFirstUse
                            ? tr("Trusted by you on first use (no authority vouches for it).")
                            : tr("Verified against this computer's trusted authorities.")));
  }
  show();
}

void SecurityIndicator::showOffline() {
  locked_ = false;
  hide();
}

QString SecurityIndicator::text() const {
  return text_->text();
}
