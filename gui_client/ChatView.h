#pragma once

#include <QPointer>
#include <QTextBrowser>

#include "models/MessageListModel.h"

// Shows one conversation: time, sender and text per line, own messages
// marked until the server confirms them, files with a Download link.
// Scrolling to the top asks for older messages.
class ChatView : public QTextBrowser {
  Q_OBJECT

 public:
  explicit ChatView(QWidget* parent = nullptr);

  void setModel(MessageListModel* model, const QString& ownNick);
  MessageListModel* model() const { return model_; }
  // Scrolls to the message and marks it (a search result opened); false
  // when the conversation does not hold it.
  bool showMessage(qint64 msgId);
  qint64 markedMessage() const { return marked_; }

 Q_SIGNALS:
  void downloadRequested(qint64 fileId, const QString& name);
  void olderMessagesWanted();

 protected:
  // Links and muted text take their colours from the palette: re-render
  // when the theme changes.
  void changeEvent(QEvent* event) override;

 private:
  void render();
  QString renderMessage(const ChatMessage& message) const;
  QString markColour() const;

  QPointer<MessageListModel> model_;
  QString ownNick_;
  qint64 marked_ = 0;
};
