#pragma once

#include <QListView>
#include <QPointer>

#include <functional>
#include <optional>

#include "models/MessageListModel.h"

class MessageDelegate;
class QToolButton;
class QUrl;

// Shows one conversation, a row per message (MessageDelegate draws only
// the rows on screen). It follows the newest message unless the reader has
// scrolled up; then new messages are counted on a button that jumps back
// down. Scrolling to the top asks for older messages; older messages
// arriving above keep the reader's place.
class ChatView : public QListView {
  Q_OBJECT

 public:
  explicit ChatView(QWidget* parent = nullptr);

  // `unread`: how many of its newest messages the reader has not seen; a
  // "new messages" line goes above the first of them.
  void showConversation(MessageListModel* model, const QString& ownNick, int unread = 0);
  // The row the "new messages" line is above; -1 when there is none.
  int firstUnreadRow() const;
  MessageListModel* messages() const { return model_; }
  // Scrolls to the message and marks it (a search result opened); false
  // when the conversation does not hold it.
  bool showMessage(qint64 msgId);
  qint64 markedMessage() const;

  // At the newest message, and staying there as messages arrive.
  bool isFollowing() const { return following_; }
  // Messages that arrived below while the reader was scrolled up.
  int unseenCount() const { return unseen_; }
  QToolButton* jumpButton() const { return jump_; }
  void jumpToLatest();

  // What a click on a web address in a message does; by default the
  // desktop's browser opens it.
  using LinkOpener = std::function<void(const QUrl&)>;
  void setLinkOpener(LinkOpener opener) { openLink_ = std::move(opener); }

  // The link under `pos` (viewport coordinates); empty when none.
  QString anchorAt(const QPoint& pos) const;
  // What the conversation reads, a line per message.
  QString toPlainText() const;

 Q_SIGNALS:
  void downloadRequested(qint64 fileId, const QString& name);
  void olderMessagesWanted();

 protected:
  void doItemsLayout() override;
  void rowsInserted(const QModelIndex& parent, int start, int end) override;
  void dataChanged(const QModelIndex& topLeft, const QModelIndex& bottomRight,
                   const QList<int>& roles) override;
  void resizeEvent(QResizeEvent* event) override;
  void changeEvent(QEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;
  void keyPressEvent(QKeyEvent* event) override;

 private:
  void onScrolled(int value);
  void placeJumpButton();
  void updateJumpButton();
  void copySelection();

  QPointer<MessageListModel> model_;
  QString ownNick_;
  MessageDelegate* delegate_;
  QToolButton* jump_;
  bool following_ = true;
  int unseen_ = 0;
  // Older rows arrived above the reader: where they were, counted from the
  // bottom, to keep once the rows are laid out.
  std::optional<int> keepFromBottom_;
  LinkOpener openLink_;
};
