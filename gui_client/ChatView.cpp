#include "ChatView.h"

#include <algorithm>

#include <QEvent>
#include <QLocale>
#include <QScrollBar>

ChatView::ChatView(QWidget* parent) : QTextBrowser(parent) {
  setOpenLinks(false);
  setOpenExternalLinks(false);
  connect(this, &QTextBrowser::anchorClicked, this, [this](const QUrl& url) {
    if (url.scheme() == QLatin1String("download")) {
      Q_EMIT downloadRequested(url.path().toLongLong(), url.fragment());
    }
  });
  connect(verticalScrollBar(), &QScrollBar::valueChanged, this, [this](int value) {
    if (value == verticalScrollBar()->minimum() && verticalScrollBar()->maximum() > 0) {
      Q_EMIT olderMessagesWanted();
    }
  });
}

void ChatView::setModel(MessageListModel* model, const QString& ownNick) {
  if (model_) {
    disconnect(model_, nullptr, this, nullptr);
  }
  model_ = model;
  ownNick_ = ownNick;
  marked_ = 0;
  if (model_) {
    connect(model_, &QAbstractItemModel::rowsInserted, this, &ChatView::render);
    connect(model_, &QAbstractItemModel::rowsRemoved, this, &ChatView::render);
    connect(model_, &QAbstractItemModel::dataChanged, this, &ChatView::render);
    connect(model_, &QAbstractItemModel::modelReset, this, &ChatView::render);
  }
  render();
  verticalScrollBar()->setValue(verticalScrollBar()->maximum());
}

namespace {

// What an action does ("waves" of "\x01ACTION waves\x01"); null when the
// text is not one.
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

}  // namespace

QString ChatView::renderMessage(const ChatMessage& message) const {
  const auto time = message.time.toString(QStringLiteral("HH:mm"));
  const auto when = QStringLiteral("<span style='color:gray'>%1</span> ").arg(time);
  if (message.kind == ChatMessage::Kind::Event) {
    return when + QStringLiteral("<i style='color:gray'>%1</i>").arg(message.text.toHtmlEscaped());
  }
  const bool own = message.from.compare(ownNick_, Qt::CaseInsensitive) == 0;
  auto from = QStringLiteral("<b%1>%2</b>: ")
                  .arg(own ? QStringLiteral(" style='color:#2e86de'") : QString(),
                       message.from.toHtmlEscaped());
  QString body;
  if (message.kind == ChatMessage::Kind::File) {
    body = tr("shared <b>%1</b> (%2) <a href='download:%3#%4'>[Download]</a>")
               .arg(message.text.toHtmlEscaped(), QLocale().formattedDataSize(message.fileSize))
               .arg(message.fileId)
               .arg(QString::fromUtf8(QUrl::toPercentEncoding(message.text)));
  } else if (const auto action = actionText(message.text); !action.isNull()) {
    // "/me waves" (CTCP ACTION, as IRC writes it): "* alice waves".
    from = QStringLiteral("<i>* <b%1>%2</b> ")
               .arg(own ? QStringLiteral(" style='color:#2e86de'") : QString(),
                    message.from.toHtmlEscaped());
    body = action.toHtmlEscaped() + QStringLiteral("</i>");
  } else {
    body = message.text.toHtmlEscaped().replace('\n', QStringLiteral("<br>"));
  }
  QString status;
  if (message.pending) {
    status = QStringLiteral(" <span style='color:gray' title='sending'>…</span>");
  } else if (message.failed) {
    status = QStringLiteral(" <span style='color:#c0392b'>✗</span>");
  } else if (own) {
    status = QStringLiteral(" <span style='color:gray' title='sent'>✓</span>");
  }
  return when + from + body + status;
}

void ChatView::changeEvent(QEvent* event) {
  QTextBrowser::changeEvent(event);
  if (event->type() == QEvent::PaletteChange) {
    document()->setDefaultStyleSheet(
        QStringLiteral("a { color: %1; }").arg(palette().color(QPalette::Link).name()));
    render();
  }
}

// The selection colour, faded into the background so text stays readable
// in either theme.
QString ChatView::markColour() const {
  const auto base = palette().color(QPalette::Base);
  const auto highlight = palette().color(QPalette::Highlight);
  auto mix = [](int a, int b) { return (a * 2 + b) / 3; };
  return QColor(mix(base.red(), highlight.red()), mix(base.green(), highlight.green()),
                mix(base.blue(), highlight.blue()))
      .name();
}

bool ChatView::showMessage(qint64 msgId) {
  if (!model_) {
    return false;
  }
  const auto& messages = model_->messages();
  const bool held = std::any_of(messages.begin(), messages.end(),
                                [msgId](const ChatMessage& m) { return m.msgId == msgId; });
  if (!held) {
    return false;
  }
  marked_ = msgId;
  render();
  scrollToAnchor(QStringLiteral("m%1").arg(msgId));
  return true;
}

void ChatView::render() {
  auto* bar = verticalScrollBar();
  const bool atBottom = bar->value() >= bar->maximum() - 4;
  const int fromBottom = bar->maximum() - bar->value();
  QString html;
  if (model_) {
    for (const auto& message : model_->messages()) {
      // Each stored message can be scrolled to by its msg_id.
      const auto anchor =
          message.msgId != 0 ? QStringLiteral("<a name='m%1'></a>").arg(message.msgId) : QString();
      const auto style = message.msgId != 0 && message.msgId == marked_
                             ? QStringLiteral(" style='background-color:%1'").arg(markColour())
                             : QString();
      html += QStringLiteral("<div%1>").arg(style) + anchor + renderMessage(message) +
              QStringLiteral("</div>");
    }
  }
  setHtml(html);
  // Stay at the newest line while following; keep the reader's place when
  // older messages arrive above.
  bar->setValue(atBottom ? bar->maximum() : bar->maximum() - fromBottom);
}
