#pragma once

#include <QHash>
#include <QStyledItemDelegate>

#include <memory>

class QAbstractItemView;
class QTextDocument;
struct ChatMessage;

// Draws a conversation's rows as rich text (MessageText), wrapped to the
// view's width with continuation lines indented past the time. What it
// lays out is cached by message: a row is laid out once, not on every
// scroll or every new message, and heights of rows never shown are still
// known exactly.
class MessageDelegate : public QStyledItemDelegate {
  Q_OBJECT

 public:
  explicit MessageDelegate(QAbstractItemView* view);
  ~MessageDelegate() override;

  void setOwnNick(const QString& nick);
  void setMarked(qint64 msgId);
  // The first message the reader has not seen: a "new messages" line is
  // drawn above it. 0 for none.
  void setFirstUnread(quint64 uid);
  quint64 firstUnread() const { return firstUnread_; }
  qint64 marked() const { return marked_; }
  // What was cached of one message, or of all (width, palette or font
  // changed).
  void forget(quint64 uid);
  void forgetAll();

  QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;
  void paint(QPainter* painter, const QStyleOptionViewItem& option,
             const QModelIndex& index) const override;
  // The link under `pos` (in the view's viewport) in the row at `index`
  // drawn in `rect`; empty when there is none.
  QString anchorAt(const QModelIndex& index, const QRect& rect, const QPoint& pos) const;

 private:
  QTextDocument* document(const QModelIndex& index) const;
  int textWidth() const;
  QColor markColour() const;

  QAbstractItemView* view_;
  QString ownNick_;
  qint64 marked_ = 0;
  quint64 firstUnread_ = 0;
  // Laid-out documents of recently drawn rows, and every row's height, at
  // `cachedWidth_`.
  mutable QHash<quint64, std::shared_ptr<QTextDocument>> documents_;
  mutable QHash<quint64, int> heights_;
  mutable int cachedWidth_ = -1;
};
