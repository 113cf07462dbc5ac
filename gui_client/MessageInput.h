#pragma once

#include <QLineEdit>
#include <QStringList>

#include <functional>

// The line messages are typed into, with what chat users' hands expect:
// Up and Down walk back through the lines sent, Tab completes a nick from
// the conversation (with ": " at the start of the line; Tab again offers
// the next match).
class MessageInput : public QLineEdit {
  Q_OBJECT

 public:
  explicit MessageInput(QWidget* parent = nullptr);

  // Where Tab looks for nicks: the people in the conversation on screen.
  void setNickSource(std::function<QStringList()> source) { nicks_ = std::move(source); }
  // A line was sent: it goes into the history.
  void remember(const QString& line);

 protected:
  bool event(QEvent* event) override;
  void keyPressEvent(QKeyEvent* event) override;

 private:
  void completeNick();
  void walkHistory(int step);

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
};
