#include "AppIcon.h"

#include <QImage>
#include <QLinearGradient>
#include <QPainter>
#include <QPainterPath>
#include <QPixmap>

namespace {

constexpr int kSizes[] = {16, 22, 24, 32, 48, 64, 128, 256};

QPainterPath bubble(qreal size) {
  // A rounded body over the upper three quarters and a tail at lower left.
  const QRectF body(size * 0.06, size * 0.08, size * 0.88, size * 0.66);
  QPainterPath path;
  path.addRoundedRect(body, size * 0.16, size * 0.16);
  QPainterPath tail;
  tail.moveTo(size * 0.22, body.bottom() - size * 0.04);
  tail.lineTo(size * 0.16, size * 0.94);
  tail.lineTo(size * 0.46, body.bottom() - size * 0.04);
  tail.closeSubpath();
  return path.united(tail);
}

QPixmap draw(AppIconKind kind, int size) {
  QImage image(size, size, QImage::Format_ARGB32_Premultiplied);
  image.fill(Qt::transparent);
  QPainter painter(&image);
  painter.setRenderHint(QPainter::Antialiasing);
  const qreal s = size;
  QLinearGradient fill(0, 0, 0, s);
  if (kind == AppIconKind::Chat) {
    fill.setColorAt(0, QColor(0x1a, 0xbc, 0x9c));
    fill.setColorAt(1, QColor(0x13, 0x8d, 0x75));
  } else {
    fill.setColorAt(0, QColor(0x3d, 0x56, 0x6e));
    fill.setColorAt(1, QColor(0x2c, 0x3e, 0x50));
  }
  painter.setPen(Qt::NoPen);
  painter.setBrush(fill);
  painter.drawPath(bubble(s));
  painter.setBrush(Qt::white);
  const qreal middle = s * 0.41;
  if (kind == AppIconKind::Chat) {
    const qreal radius = s * 0.065;
    for (const qreal x : {0.30, 0.50, 0.70}) {
      painter.drawEllipse(QPointF(s * x, middle), radius, radius);
    }
  } else {
    // Log lines of different lengths, and an orange mark for "live".
    const qreal thickness = std::max(1.0, s * 0.07);
    const qreal lengths[] = {0.38, 0.52, 0.30};
    for (int line = 0; line < 3; ++line) {
      const qreal y = middle + (line - 1) * s * 0.15;
      painter.drawRoundedRect(QRectF(s * 0.22, y - thickness / 2, s * lengths[line], thickness),
                              thickness / 2, thickness / 2);
    }
    painter.setBrush(QColor(0xe6, 0x7e, 0x22));
    painter.drawEllipse(QPointF(s * 0.78, s * 0.26), s * 0.08, s * 0.08);
  }
  painter.end();
  return QPixmap::fromImage(image);
}

}  // namespace

QIcon appIcon(AppIconKind kind) {
  QIcon icon;
  for (const int size : kSizes) {
    icon.addPixmap(draw(kind, size));
  }
  return icon;
}
