#include "MessageInput.h"

#include <QKeyEvent>

namespace {

constexpr int kHistoryLines = 100;

}  // namespace

MessageInput::MessageInput(QWidget* parent) : QLineEdit(parent) {
  // Anything typed or pasted ends a completion and the walk through history.
  connect(this, &QLineEdit::textEdited, this, [this] {
    completionStart_ = -1;
    historyAt_ = static_cast<int>(history_.size());
  });
}

void MessageInput::remember(const QString& line) {
  if (!line.isEmpty() && (history_.isEmpty() || history_.back() != line)) {
    history_ << line;
    if (history_.size() > kHistoryLines) {
      history_.removeFirst();
    }
  }
  historyAt_ = static_cast<int>(history_.size());
  draft_.clear();
  completionStart_ = -1;
}

bool MessageInput::event(QEvent* event) {
  // Ctrl+K is the window's quick switcher, not the line's "delete to the
  // end": the input lets the shortcut have it.
  if (event->type() == QEvent::ShortcutOverride) {
    auto* key = static_cast<QKeyEvent*>(event);
    if (key->key() == Qt::Key_K && key->modifiers() == Qt::ControlModifier) {
      event->ignore();
      return true;
    }
  }
  // Tab would move the focus on; here it completes.
  if (event->type() == QEvent::KeyPress) {
    auto* key = static_cast<QKeyEvent*>(event);
    if (key->key() == Qt::Key_Tab && key->modifiers() == Qt::NoModifier) {
      completeNick();
      return true;
    }
  }
  return QLineEdit::event(event);
}

void MessageInput::keyPressEvent(QKeyEvent* event) {
  if (event->modifiers() == Qt::NoModifier &&
      (event->key() == Qt::Key_Up || event->key() == Qt::Key_Down)) {
    walkHistory(event->key() == Qt::Key_Up ? -1 : 1);
    return;
  }
  QLineEdit::keyPressEvent(event);
}

void MessageInput::walkHistory(int step) {
  const int next = historyAt_ + step;
  if (next < 0 || next > history_.size()) {
    return;
  }
  if (historyAt_ == history_.size()) {
    draft_ = text();
  }
  historyAt_ = next;
  setText(historyAt_ == history_.size() ? draft_ : history_[historyAt_]);
}

void MessageInput::completeNick() {
  if (!nicks_) {
    return;
  }
  if (completionStart_ < 0) {
    const auto before = text().left(cursorPosition());
    completionStart_ = static_cast<int>(before.lastIndexOf(QLatin1Char(' ')) + 1);
    completing_ = before.mid(completionStart_);
    completionIndex_ = -1;
    if (completing_.isEmpty()) {
      completionStart_ = -1;
      return;
    }
  }
  QStringList matches;
  for (const auto& nick : nicks_()) {
    if (nick.startsWith(completing_, Qt::CaseInsensitive)) {
      matches << nick;
    }
  }
  if (matches.isEmpty()) {
    return;
  }
  matches.sort(Qt::CaseInsensitive);
  completionIndex_ = (completionIndex_ + 1) % static_cast<int>(matches.size());
  // The line from where the word started, up to the cursor, is replaced.
  const auto suffix = completionStart_ == 0 ? QStringLiteral(": ") : QStringLiteral(" ");
  const auto completed = matches[completionIndex_] + suffix;
  const auto rest = text().mid(cursorPosition());
  setText(text().left(completionStart_) + completed + rest);
  setCursorPosition(static_cast<int>(completionStart_ + completed.size()));
}
