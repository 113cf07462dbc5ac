#include "ChatView.h"

#include <QApplication>
#include <QClipboard>
#include <QDesktopServices>
#include <QKeyEvent>
#include <QScrollBar>
#include <QToolButton>
#include <QUrl>

#include "MessageDelegate.h"
#include "MessageText.h"

namespace {

// How close to the bottom still counts as reading the newest message.
constexpr int kBottomSlack = 4;

}  // namespace

ChatView::ChatView(QWidget* parent)
    : QListView(parent), delegate_(new MessageDelegate(this)), jump_(new QToolButton(this)) {
  setItemDelegate(delegate_);
  setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
  setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  setResizeMode(QListView::Adjust);
  setUniformItemSizes(false);
  setSelectionMode(QAbstractItemView::ExtendedSelection);
  setEditTriggers(QAbstractItemView::NoEditTriggers);
  setMouseTracking(true);
  verticalScrollBar()->setSingleStep(fontMetrics().height());

  jump_->setToolButtonStyle(Qt::ToolButtonTextOnly);
  jump_->setCursor(Qt::PointingHandCursor);
  jump_->hide();
  connect(jump_, &QToolButton::clicked, this, &ChatView::jumpToLatest);
  openLink_ = [](const QUrl& url) { QDesktopServices::openUrl(url); };

  connect(verticalScrollBar(), &QScrollBar::valueChanged, this, &ChatView::onScrolled);
  // The range changes when rows are laid out, the window is resized or a
  // row grows: whoever followed the newest message still does.
  connect(verticalScrollBar(), &QScrollBar::rangeChanged, this, [this](int, int maximum) {
    if (following_) {
      verticalScrollBar()->setValue(maximum);
    }
  });
}

void ChatView::showConversation(MessageListModel* model, const QString& ownNick, int unread) {
  auto* oldSelection = selectionModel();
  model_ = model;
  ownNick_ = ownNick;
  delegate_->setOwnNick(ownNick);
  delegate_->setMarked(0);
  delegate_->forgetAll();
  following_ = true;
  unseen_ = 0;
  keepFromBottom_.reset();
  setModel(model);
  delete oldSelection;
  // Counted back from the newest: the messages others said (events and our
  // own lines are not what the count counted).
  quint64 firstUnread = 0;
  if (model_ && unread > 0) {
    for (int row = model_->rowCount() - 1; row >= 0 && unread > 0; --row) {
      const auto& message = model_->at(row);
      if (message.kind != ChatMessage::Kind::Event && message.msgId != 0 &&
          message.from.compare(ownNick, Qt::CaseInsensitive) != 0) {
        firstUnread = message.uid;
        --unread;
      }
    }
  }
  delegate_->setFirstUnread(firstUnread);
  updateJumpButton();
  scrollToBottom();
}

int ChatView::firstUnreadRow() const {
  if (!model_ || delegate_->firstUnread() == 0) {
    return -1;
  }
  for (int row = 0; row < model_->rowCount(); ++row) {
    if (model_->at(row).uid == delegate_->firstUnread()) {
      return row;
    }
  }
  return -1;
}

qint64 ChatView::markedMessage() const {
  return delegate_->marked();
}

bool ChatView::showMessage(qint64 msgId) {
  if (!model_) {
    return false;
  }
  const auto& messages = model_->messages();
  const auto found = std::find_if(messages.begin(), messages.end(),
                                  [msgId](const ChatMessage& m) { return m.msgId == msgId; });
  if (found == messages.end()) {
    return false;
  }
  delegate_->setMarked(msgId);
  // Reading there now, not at the newest message.
  following_ = false;
  keepFromBottom_.reset();
  const auto index = model_->index(static_cast<int>(found - messages.begin()));
  scrollTo(index, QAbstractItemView::PositionAtCenter);
  viewport()->update();
  updateJumpButton();
  return true;
}

void ChatView::jumpToLatest() {
  following_ = true;
  unseen_ = 0;
  scrollToBottom();
  updateJumpButton();
}

void ChatView::onScrolled(int value) {
  auto* bar = verticalScrollBar();
  following_ = value >= bar->maximum() - kBottomSlack;
  if (following_) {
    unseen_ = 0;
  }
  updateJumpButton();
  if (value == bar->minimum() && bar->maximum() > 0) {
    Q_EMIT olderMessagesWanted();
  }
}

void ChatView::doItemsLayout() {
  QListView::doItemsLayout();
  auto* bar = verticalScrollBar();
  if (following_) {
    bar->setValue(bar->maximum());
  } else if (keepFromBottom_) {
    bar->setValue(bar->maximum() - *keepFromBottom_);
  }
  keepFromBottom_.reset();
}

void ChatView::rowsInserted(const QModelIndex& parent, int start, int end) {
  if (model_) {
    // A row may come back changed (a confirmed message moves to its place).
    for (int row = start; row <= end; ++row) {
      delegate_->forget(model_->at(row).uid);
    }
    // The row after them may no longer open a new day.
    if (end + 1 < model_->rowCount()) {
      delegate_->forget(model_->at(end + 1).uid);
    }
  }
  // Until the rows are laid out the scroll bar still measures the old ones.
  auto* bar = verticalScrollBar();
  const auto top = indexAt(QPoint(0, 0));
  const bool aboveReader = !following_ && top.isValid() && start <= top.row();
  if (aboveReader && !keepFromBottom_) {
    keepFromBottom_ = bar->maximum() - bar->value();
  }
  const bool appended = model_ && end == model_->rowCount() - 1;
  if (appended && !following_ && !aboveReader) {
    for (int row = start; row <= end; ++row) {
      const auto& message = model_->at(row);
      unseen_ += message.kind != ChatMessage::Kind::Event && message.msgId != 0;
    }
    updateJumpButton();
  }
  QListView::rowsInserted(parent, start, end);
}

void ChatView::dataChanged(const QModelIndex& topLeft, const QModelIndex& bottomRight,
                           const QList<int>& roles) {
  if (model_) {
    for (int row = topLeft.row(); row <= bottomRight.row(); ++row) {
      delegate_->forget(model_->at(row).uid);
    }
  }
  QListView::dataChanged(topLeft, bottomRight, roles);
  // Its height may have changed.
  scheduleDelayedItemsLayout();
}

void ChatView::resizeEvent(QResizeEvent* event) {
  QListView::resizeEvent(event);
  placeJumpButton();
}

void ChatView::changeEvent(QEvent* event) {
  QListView::changeEvent(event);
  if (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange) {
    delegate_->forgetAll();
    scheduleDelayedItemsLayout();
  }
}

QString ChatView::anchorAt(const QPoint& pos) const {
  const auto index = indexAt(pos);
  return index.isValid() ? delegate_->anchorAt(index, visualRect(index), pos) : QString();
}

void ChatView::mouseMoveEvent(QMouseEvent* event) {
  QListView::mouseMoveEvent(event);
  viewport()->setCursor(anchorAt(event->position().toPoint()).isEmpty() ? Qt::ArrowCursor
                                                                        : Qt::PointingHandCursor);
}

void ChatView::mouseReleaseEvent(QMouseEvent* event) {
  QListView::mouseReleaseEvent(event);
  if (event->button() != Qt::LeftButton) {
    return;
  }
  const QUrl link(anchorAt(event->position().toPoint()));
  if (link.scheme() == QLatin1String("download")) {
    Q_EMIT downloadRequested(link.path().toLongLong(), link.fragment());
  } else if (link.scheme() == QLatin1String("http") || link.scheme() == QLatin1String("https")) {
    openLink_(link);
  }
}

void ChatView::keyPressEvent(QKeyEvent* event) {
  if (event->matches(QKeySequence::Copy)) {
    copySelection();
    return;
  }
  QListView::keyPressEvent(event);
}

void ChatView::copySelection() {
  if (!model_ || !selectionModel()) {
    return;
  }
  auto rows = selectionModel()->selectedRows();
  std::sort(rows.begin(), rows.end());
  QStringList lines;
  for (const auto& index : rows) {
    lines << messagePlainText(model_->at(index.row()), ownNick_);
  }
  if (!lines.isEmpty()) {
    QApplication::clipboard()->setText(lines.join(QLatin1Char('\n')));
  }
}

QString ChatView::toPlainText() const {
  QStringList lines;
  if (model_) {
    for (const auto& message : model_->messages()) {
      lines << messagePlainText(message, ownNick_);
    }
  }
  return lines.join(QLatin1Char('\n'));
}

void ChatView::updateJumpButton() {
  const bool scrolledUp = !following_ && verticalScrollBar()->maximum() > 0;
  jump_->setText(unseen_ == 0   ? tr("Jump to latest ↓")
                 : unseen_ == 1 ? tr("1 new message ↓")
                                : tr("%1 new messages ↓").arg(unseen_));
  jump_->setVisible(scrolledUp);
  placeJumpButton();
}

void ChatView::placeJumpButton() {
  jump_->adjustSize();
  const auto area = viewport()->geometry();
  jump_->move(area.right() - jump_->width() - 8, area.bottom() - jump_->height() - 8);
  jump_->raise();
}
