#include <QColor>
#include <QScrollBar>
#include <QTest>

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>

#include "ChatView.h"
#include "MessageText.h"
#include "models/MessageListModel.h"
#include "tests/gui/qt_wait.hpp"

using namespace confab::test;

namespace {

ChatMessage said(qint64 id, const QString& from, const QString& text, const QDateTime& time) {
  ChatMessage message;
  message.msgId = id;
  message.from = from;
  message.text = text;
  message.time = time;
  return message;
}

}  // namespace

TEST_CASE("message text links web addresses and marks the reader's nick") {
  const auto html = richBody(QStringLiteral("see https://example.org/a?b=1&c=2, alice <3"),
                             QStringLiteral("alice"));
  CHECK(html.contains(QStringLiteral("<a href='https://example.org/a?b=1&amp;c=2'>")));
  // The comma after the address is not part of it.
  CHECK(html.contains(QStringLiteral("c=2</a>, ")));
  CHECK(html.contains(QStringLiteral("<b>alice</b></span> &lt;3")));
  // Only the whole nick: "malice" is not a mention.
  CHECK_FALSE(
      richBody(QStringLiteral("malice"), QStringLiteral("alice")).contains(QStringLiteral("<b>")));
  CHECK(richBody(QStringLiteral("a\nb"), {}) == QStringLiteral("a<br>b"));
}

TEST_CASE("a nick has one colour wherever it appears") {
  CHECK(nickColour(QStringLiteral("bob")) == nickColour(QStringLiteral("Bob")));
  QStringList colours;
  for (const auto* nick : {"alice", "bob", "carol", "dave", "erin", "frank"}) {
    colours << nickColour(QString::fromLatin1(nick));
  }
  colours.removeDuplicates();
  CHECK(colours.size() > 1);
}

TEST_CASE("no one else's nick looks like the reader's own") {
  const int own = QColor(ownNickColour()).hue();
  for (int i = 0; i < 500; ++i) {
    const auto nick = QStringLiteral("user%1").arg(i);
    const int hue = QColor(nickColour(nick)).hue();
    const int apart = std::min(std::abs(hue - own), 360 - std::abs(hue - own));
    CAPTURE(nick);
    CHECK(apart >= 45);
  }
}

TEST_CASE("a new day opens with its date, the full time is on hover, and links open") {
  MessageListModel model;
  const QDateTime monday(QDate(2026, 11, 30), QTime(18, 3));
  const QDateTime tuesday(QDate(2026, 12, 1), QTime(9, 15));
  model.addFromServer(said(1, QStringLiteral("bob"), QStringLiteral("evening"), monday));
  model.addFromServer(said(2, QStringLiteral("bob"), QStringLiteral("still evening"), monday));
  model.addFromServer(
      said(3, QStringLiteral("carol"), QStringLiteral("morning: https://example.org"), tuesday));
  ChatView view;
  view.resize(600, 400);
  view.showConversation(&model, QStringLiteral("alice"));
  view.show();
  REQUIRE(waitUntil([&] { return view.visualRect(model.index(2)).isValid(); }));
  const int plain = view.visualRect(model.index(1)).height();
  CHECK(view.visualRect(model.index(0)).height() > plain);
  CHECK(view.visualRect(model.index(2)).height() > plain);
  CHECK(model.data(model.index(0), Qt::ToolTipRole).toString() ==
        QLocale().toString(monday, QLocale::LongFormat));

  // No browser in a test: what the click would open is noted instead.
  QList<QUrl> opened;
  view.setLinkOpener([&opened](const QUrl& url) { opened << url; });
  const auto rect = view.visualRect(model.index(2));
  std::optional<QPoint> link;
  for (int y = rect.top(); y <= rect.bottom() && !link; y += 2) {
    for (int x = rect.left(); x <= rect.right() && !link; x += 3) {
      if (view.anchorAt({x, y}).startsWith(QLatin1String("https:"))) {
        link = QPoint(x, y);
      }
    }
  }
  REQUIRE(link);
  QTest::mouseClick(view.viewport(), Qt::LeftButton, {}, *link);
  REQUIRE(opened.size() == 1);
  CHECK(opened.front() == QUrl(QStringLiteral("https://example.org")));
}
