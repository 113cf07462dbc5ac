#include "Theme.h"

#include <QApplication>
#include <QPalette>
#include <QSettings>
#include <QStyle>
#include <QStyleFactory>

namespace {

Theme::Kind currentKind = Theme::Kind::Light;

QPalette darkPalette() {
  QPalette palette;
  const QColor window(37, 37, 41);
  const QColor base(28, 28, 31);
  const QColor text(230, 230, 230);
  const QColor accent(64, 128, 214);
  palette.setColor(QPalette::Window, window);
  palette.setColor(QPalette::WindowText, text);
  palette.setColor(QPalette::Base, base);
  palette.setColor(QPalette::AlternateBase, window);
  palette.setColor(QPalette::ToolTipBase, base);
  palette.setColor(QPalette::ToolTipText, text);
  palette.setColor(QPalette::Text, text);
  palette.setColor(QPalette::Button, window);
  palette.setColor(QPalette::ButtonText, text);
  palette.setColor(QPalette::BrightText, Qt::red);
  palette.setColor(QPalette::Link, QColor(110, 168, 254));
  palette.setColor(QPalette::Highlight, accent);
  palette.setColor(QPalette::HighlightedText, Qt::white);
  palette.setColor(QPalette::PlaceholderText, QColor(140, 140, 140));
  palette.setColor(QPalette::Disabled, QPalette::Text, QColor(120, 120, 120));
  palette.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(120, 120, 120));
  return palette;
}

}  // namespace

void Theme::apply(Kind kind) {
  currentKind = kind;
  // Fusion draws with the palette on every platform, so both themes look the
  // same everywhere.
  QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
  QApplication::setPalette(kind == Kind::Dark ? darkPalette()
                                              : QApplication::style()->standardPalette());
}

Theme::Kind Theme::current() {
  return currentKind;
}

Theme::Kind Theme::saved() {
  return QSettings().value(QStringLiteral("ui/theme")).toString() == QLatin1String("dark")
             ? Kind::Dark
             : Kind::Light;
}

void Theme::save(Kind kind) {
  QSettings().setValue(QStringLiteral("ui/theme"),
                       kind == Kind::Dark ? QStringLiteral("dark") : QStringLiteral("light"));
}

QString Theme::name(Kind kind) {
  return kind == Kind::Dark ? QStringLiteral("dark") : QStringLiteral("light");
}
