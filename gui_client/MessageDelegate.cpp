#include "MessageDelegate.h"

#include <QAbstractItemView>
#include <QAbstractTextDocumentLayout>
#include <QPainter>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocument>

#include "MessageText.h"
#include "models/MessageListModel.h"

namespace {

constexpr int kHorizontalMargin = 4;
constexpr int kVerticalMargin = 1;
// Documents kept laid out: a few screens' worth.
constexpr int kCachedDocuments = 400;

const ChatMessage* messageAt(const QModelIndex& index) {
  const auto* model = qobject_cast<const MessageListModel*>(index.model());
  if (!model || !index.isValid() || index.row() >= model->rowCount()) {
    return nullptr;
  }
  return &model->at(index.row());
}

}  // namespace

MessageDelegate::MessageDelegate(QAbstractItemView* view)
    : QStyledItemDelegate(view), view_(view) {}

MessageDelegate::~MessageDelegate() = default;

void MessageDelegate::setOwnNick(const QString& nick) {
  if (nick != ownNick_) {
    ownNick_ = nick;
    forgetAll();
  }
}

void MessageDelegate::setMarked(qint64 msgId) {
  marked_ = msgId;
}

void MessageDelegate::setFirstUnread(quint64 uid) {
  const auto before = firstUnread_;
  firstUnread_ = uid;
  forget(before);
  forget(uid);
}

void MessageDelegate::forget(quint64 uid) {
  documents_.remove(uid);
  heights_.remove(uid);
}

void MessageDelegate::forgetAll() {
  documents_.clear();
  heights_.clear();
}

int MessageDelegate::textWidth() const {
  return std::max(80, view_->viewport()->width() - 2 * kHorizontalMargin);
}

QTextDocument* MessageDelegate::document(const QModelIndex& index) const {
  const auto* message = messageAt(index);
  if (!message) {
    return nullptr;
  }
  const int width = textWidth();
  if (width != cachedWidth_) {
    documents_.clear();
    heights_.clear();
    cachedWidth_ = width;
  }
  if (auto found = documents_.find(message->uid); found != documents_.end()) {
    return found->get();
  }
  if (documents_.size() >= kCachedDocuments) {
    documents_.clear();
  }
  auto document = std::make_shared<QTextDocument>();
  document->setDocumentMargin(0);
  document->setDefaultFont(view_->font());
  document->setDefaultStyleSheet(
      QStringLiteral("a { color: %1; }").arg(view_->palette().color(QPalette::Link).name()));
  // A new day opens with its date, above the first message of it.
  QString html;
  const auto day = message->time.date();
  const auto* previous = messageAt(index.sibling(index.row() - 1, 0));
  if (day.isValid() && (previous == nullptr || previous->time.date() != day)) {
    html = QStringLiteral("<p align='center' style='color:gray; margin-bottom:4px'>— %1 —</p>")
               .arg(dayHeading(day).toHtmlEscaped());
  }
  if (message->uid == firstUnread_) {
    html += QStringLiteral(
                "<p align='center' style='color:#c0392b; margin-bottom:2px'>"
                "<b>— %1 —</b></p>")
                .arg(tr("new messages"));
  }
  document->setHtml(html + messageHtml(*message, ownNick_));
  // Wrapped lines start under the text, not under the time.
  const int indent = view_->fontMetrics().horizontalAdvance(QStringLiteral("00:00 "));
  QTextCursor cursor(document.get());
  cursor.movePosition(QTextCursor::End);
  auto format = cursor.blockFormat();
  format.setLeftMargin(indent);
  format.setTextIndent(-indent);
  cursor.setBlockFormat(format);
  document->setTextWidth(width);
  heights_.insert(message->uid, static_cast<int>(std::ceil(document->size().height())));
  return documents_.insert(message->uid, std::move(document))->get();
}

QSize MessageDelegate::sizeHint(const QStyleOptionViewItem&, const QModelIndex& index) const {
  const auto* message = messageAt(index);
  if (!message) {
    return {};
  }
  int height = 0;
  if (textWidth() == cachedWidth_) {
    if (auto found = heights_.find(message->uid); found != heights_.end()) {
      height = *found;
    }
  }
  if (height == 0) {
    document(index);
    height = heights_.value(message->uid);
  }
  return {view_->viewport()->width(), height + 2 * kVerticalMargin};
}

QColor MessageDelegate::markColour() const {
  // The selection colour faded into the background: text stays readable in
  // either theme.
  const auto base = view_->palette().color(QPalette::Base);
  const auto highlight = view_->palette().color(QPalette::Highlight);
  auto mix = [](int a, int b) { return (a * 2 + b) / 3; };
  return QColor(mix(base.red(), highlight.red()), mix(base.green(), highlight.green()),
                mix(base.blue(), highlight.blue()));
}

void MessageDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option,
                            const QModelIndex& index) const {
  const auto* message = messageAt(index);
  auto* document = this->document(index);
  if (!message || !document) {
    return;
  }
  const bool selected = option.state & QStyle::State_Selected;
  painter->save();
  if (selected) {
    painter->fillRect(option.rect, option.palette.brush(QPalette::Highlight));
  } else if (message->msgId != 0 && message->msgId == marked_) {
    painter->fillRect(option.rect, markColour());
  }
  painter->translate(option.rect.topLeft() + QPoint(kHorizontalMargin, kVerticalMargin));
  QAbstractTextDocumentLayout::PaintContext context;
  context.palette = option.palette;
  context.palette.setColor(
      QPalette::Text, option.palette.color(selected ? QPalette::HighlightedText : QPalette::Text));
  context.clip = QRectF(0, 0, option.rect.width(), option.rect.height());
  document->documentLayout()->draw(painter, context);
  painter->restore();
}

QString MessageDelegate::anchorAt(const QModelIndex& index, const QRect& rect,
                                  const QPoint& pos) const {
  auto* document = this->document(index);
  if (!document) {
    return {};
  }
  const auto inside = pos - rect.topLeft() - QPoint(kHorizontalMargin, kVerticalMargin);
  return document->documentLayout()->anchorAt(inside);
}
