#include "MessageText.h"

#include <QCoreApplication>
#include <QLocale>
#include <QRegularExpression>
#include <QUrl>

namespace {

QString tr(const char* text) {
  return QCoreApplication::translate("MessageText", text);
}

bool isOwn(const ChatMessage& message, const QString& ownNick) {
  return message.from.compare(ownNick, Qt::CaseInsensitive) == 0;
}

QString fileSize(const ChatMessage& message) {
  return QLocale().formattedDataSize(message.fileSize);
}

}  // namespace

QString dayHeading(const QDate& day) {
  return QLocale().toString(day, QLocale::LongFormat);
}

QString ownNickColour() {
  return QStringLiteral("#2e86de");
}

QString nickColour(const QString& nick) {
  // Mid-tone hues: dark enough on white, light enough on the dark theme.
  // No blue or cyan, which would read as the reader's own nick, and no two
  // that are told apart only by a close look.
  static const char* const kColours[] = {"#c0392b", "#d35400", "#b7950b", "#558b2f",
                                         "#27ae60", "#8e44ad", "#c2185b", "#8d6e63"};
  const auto hash = qHash(nick.toLower());
  return QString::fromLatin1(kColours[hash % (sizeof kColours / sizeof kColours[0])]);
}

QString richBody(const QString& text, const QString& ownNick) {
  static const QRegularExpression link(QStringLiteral(R"(\bhttps?://[^\s<>"]+[^\s<>".,;:!?)\]'])"));
  QString html;
  qsizetype at = 0;
  const QRegularExpression mention(
      QStringLiteral("\\b(%1)\\b").arg(QRegularExpression::escape(ownNick.toHtmlEscaped())),
      QRegularExpression::CaseInsensitiveOption);
  auto plain = [&](const QString& part) {
    auto escaped = part.toHtmlEscaped();
    if (!ownNick.isEmpty()) {
      escaped.replace(mention, QStringLiteral("<span style='background-color:#f9e79f;"
                                              "color:#000000'><b>\\1</b></span>"));
    }
    return escaped;
  };
  for (auto it = link.globalMatch(text); it.hasNext();) {
    const auto match = it.next();
    html += plain(text.mid(at, match.capturedStart() - at));
    const auto url = match.captured();
    html += QStringLiteral("<a href='%1'>%2</a>")
                .arg(QString::fromUtf8(QUrl(url).toEncoded()).toHtmlEscaped(), url.toHtmlEscaped());
    at = match.capturedEnd();
  }
  html += plain(text.mid(at));
  return html.replace(QLatin1Char('\n'), QStringLiteral("<br>"));
}

QString actionText(const QString& text) {
  static const QString start = QStringLiteral(
      "\x01"
      "ACTION ");
  if (!text.startsWith(start)) {
    return {};
  }
  auto what = text.mid(start.size());
  if (what.endsWith(QChar(1))) {
    what.chop(1);
  }
  return what.isNull() ? QStringLiteral("") : what;
}

QString messageHtml(const ChatMessage& message, const QString& ownNick) {
  const auto time = message.time.toString(QStringLiteral("HH:mm"));
  const auto when = QStringLiteral("<span style='color:gray'>%1</span> ").arg(time);
  if (message.kind == ChatMessage::Kind::Event) {
    return when + QStringLiteral("<i style='color:gray'>%1</i>").arg(message.text.toHtmlEscaped());
  }
  if (message.kind == ChatMessage::Kind::Announcement) {
    return when + QStringLiteral("<b style='color:#d35400'>%1</b> <b>%2</b>")
                      .arg(tr("Announcement:"), richBody(message.text, {}));
  }
  const bool own = isOwn(message, ownNick);
  const auto nickStyle =
      QStringLiteral(" style='color:%1'").arg(own ? ownNickColour() : nickColour(message.from));
  auto from = QStringLiteral("<b%1>%2</b>: ").arg(nickStyle, message.from.toHtmlEscaped());
  QString body;
  if (message.kind == ChatMessage::Kind::File) {
    body = tr("shared <b>%1</b> (%2) <a href='download:%3#%4'>[Download]</a>")
               .arg(message.text.toHtmlEscaped(), fileSize(message))
               .arg(message.fileId)
               .arg(QString::fromUtf8(QUrl::toPercentEncoding(message.text)));
  } else if (const auto action = actionText(message.text); !action.isNull()) {
    from = QStringLiteral("<i>* <b%1>%2</b> ").arg(nickStyle, message.from.toHtmlEscaped());
    body = richBody(action, own ? QString() : ownNick) + QStringLiteral("</i>");
  } else {
    body = richBody(message.text, own ? QString() : ownNick);
  }
  QString status;
  if (message.pending) {
    status = QStringLiteral(" <span style='color:gray' title='sending'>…</span>");
  } else if (message.failed) {
    status = QStringLiteral(" <span style='color:#c0392b'>✗ %1</span>")
                 .arg(tr("not sent: %1").arg(message.failure).toHtmlEscaped());
  } else if (own) {
    status = QStringLiteral(" <span style='color:gray' title='sent'>✓</span>");
  }
  return when + from + body + status;
}

QString messagePlainText(const ChatMessage& message, const QString& ownNick) {
  const auto when = message.time.toString(QStringLiteral("HH:mm")) + QLatin1Char(' ');
  if (message.kind == ChatMessage::Kind::Event) {
    return when + message.text;
  }
  if (message.kind == ChatMessage::Kind::Announcement) {
    return when + tr("Announcement:") + QLatin1Char(' ') + message.text;
  }
  QString line;
  if (message.kind == ChatMessage::Kind::File) {
    line = when + message.from + QStringLiteral(": ") +
           tr("shared %1 (%2) [Download]").arg(message.text, fileSize(message));
  } else if (const auto action = actionText(message.text); !action.isNull()) {
    line = when + QStringLiteral("* ") + message.from + QLatin1Char(' ') + action;
  } else {
    line = when + message.from + QStringLiteral(": ") + message.text;
  }
  if (message.pending) {
    line += QStringLiteral(" …");
  } else if (message.failed) {
    line += QStringLiteral(" ✗ ") + tr("not sent: %1").arg(message.failure);
  } else if (isOwn(message, ownNick)) {
    line += QStringLiteral(" ✓");
  }
  return line;
}
