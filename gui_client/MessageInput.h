#pragma once

#include <QPlainTextEdit>
#include <QStringList>

#include <functional>

// Where messages are typed, with what chat users' hands expect: Enter sends
// and Shift+Enter starts a new line (the box grows with it, up to a few
// lines); Up and Down walk back through the messages sent when the cursor
// is on the first or last line; Tab completes a nick from the conversation
// (with ": " at the start of the message; Tab again offers the next match).
class MessageInput : public QPlainTextEdit {
  Q_OBJECT

 public:
  explicit MessageInput(QWidget* parent = nullptr);

  QString text() const { return toPlainText(); }
  // Replaces the draft, with the cursor at its end.
  void setText(const QString& text);
  int cursorPosition() const { return textCursor().position(); }
  void setCursorPosition(int position);

  // Where Tab looks for nicks: the people in the conversation on screen.
  void setNickSource(std::function<QStringList()> source) { nicks_ = std::move(source); }
  // A message was sent: it goes into the history.
  void remember(const QString& message);

  QSize sizeHint() const override;
  QSize minimumSizeHint() const override;

 Q_SIGNALS:
  // Enter: the draft is to be sent.
  void submitted();

 protected:
  bool event(QEvent* event) override;
  void keyPressEvent(QKeyEvent* event) override;

 private:
  void completeNick();
  // Up/Down: false when the cursor can still move a line that way.
  bool walkHistory(int step);
  int heightForLines(int lines) const;

  std::function<QStringList()> nicks_;
  QStringList history_;
  // Where Up/Down are in the history (history_.size() is the draft), and
  // the draft kept while walking.
  int historyAt_ = 0;
  QString draft_;
  // A completion in progress: the word typed, where it starts, and which
  // match was offered last.
  QString completing_;
  int completionStart_ = -1;
  int completionIndex_ = -1;
  // Set while the text is replaced here, so the change is not taken for
  // the user's editing.
  bool replacing_ = false;
};
