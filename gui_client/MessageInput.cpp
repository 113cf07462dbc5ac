#include "MessageInput.h"

#include <QAbstractTextDocumentLayout>
#include <QKeyEvent>
#include <QScrollBar>
#include <QTextBlock>

#include <algorithm>

namespace {

constexpr int kHistoryMessages = 100;
// Past this the box scrolls instead of pushing the conversation up.
constexpr int kMostLinesShown = 6;

bool isEnter(const QKeyEvent* key) {
  return key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter;
}

}  // namespace

MessageInput::MessageInput(QWidget* parent) : QPlainTextEdit(parent) {
  setTabChangesFocus(false);
  setLineWrapMode(QPlainTextEdit::WidgetWidth);
  setWordWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
  setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
  setVerticalScrollBarPolicy(Qt::ScrollBarAsNeeded);
  setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  // Anything typed or pasted ends a completion and the walk through history.
  connect(this, &QPlainTextEdit::textChanged, this, [this] {
    if (!replacing_) {
      completionStart_ = -1;
      historyAt_ = static_cast<int>(history_.size());
    }
  });
  // The box is as tall as what is typed (wrapped lines included).
  connect(document()->documentLayout(), &QAbstractTextDocumentLayout::documentSizeChanged, this,
          [this] { updateGeometry(); });
}

void MessageInput::setText(const QString& text) {
  replacing_ = true;
  setPlainText(text);
  replacing_ = false;
  moveCursor(QTextCursor::End);
}

void MessageInput::setCursorPosition(int position) {
  auto cursor = textCursor();
  cursor.setPosition(std::clamp(position, 0, static_cast<int>(text().size())));
  setTextCursor(cursor);
}

void MessageInput::remember(const QString& message) {
  if (!message.isEmpty() && (history_.isEmpty() || history_.back() != message)) {
    history_ << message;
    if (history_.size() > kHistoryMessages) {
      history_.removeFirst();
    }
  }
  historyAt_ = static_cast<int>(history_.size());
  draft_.clear();
  completionStart_ = -1;
}

int MessageInput::heightForLines(int lines) const {
  const auto margins = contentsMargins();
  return lines * fontMetrics().lineSpacing() + static_cast<int>(2 * document()->documentMargin()) +
         2 * frameWidth() + margins.top() + margins.bottom();
}

QSize MessageInput::sizeHint() const {
  // The document's height is in lines for a plain text layout.
  const int lines = std::clamp(
      static_cast<int>(document()->documentLayout()->documentSize().height()), 1, kMostLinesShown);
  return {QPlainTextEdit::sizeHint().width(), heightForLines(lines)};
}

QSize MessageInput::minimumSizeHint() const {
  return {QPlainTextEdit::minimumSizeHint().width(), heightForLines(1)};
}

bool MessageInput::event(QEvent* event) {
  // Ctrl+K is the window's quick switcher, not the editor's "delete to the
  // end of the line": the input lets the shortcut have it.
  if (event->type() == QEvent::ShortcutOverride) {
    auto* key = static_cast<QKeyEvent*>(event);
    if (key->key() == Qt::Key_K && key->modifiers() == Qt::ControlModifier) {
      event->ignore();
      return true;
    }
  }
  // Tab would move the focus on (or insert a tab); here it completes.
  if (event->type() == QEvent::KeyPress) {
    auto* key = static_cast<QKeyEvent*>(event);
    if (key->key() == Qt::Key_Tab && key->modifiers() == Qt::NoModifier) {
      completeNick();
      return true;
    }
  }
  return QPlainTextEdit::event(event);
}

void MessageInput::keyPressEvent(QKeyEvent* event) {
  const auto modifiers = event->modifiers() & ~Qt::KeypadModifier;
  if (isEnter(event)) {
    if (modifiers == Qt::NoModifier) {
      Q_EMIT submitted();
      return;
    }
    if (modifiers == Qt::ShiftModifier) {
      // A new paragraph, not the line separator Shift+Enter gives in a
      // rich text editor: the message's text holds a plain '\n'.
      textCursor().insertText(QStringLiteral("\n"));
      return;
    }
  }
  if (modifiers == Qt::NoModifier && (event->key() == Qt::Key_Up || event->key() == Qt::Key_Down) &&
      walkHistory(event->key() == Qt::Key_Up ? -1 : 1)) {
    return;
  }
  QPlainTextEdit::keyPressEvent(event);
}

bool MessageInput::walkHistory(int step) {
  // In a message of several lines Up and Down move between them first.
  auto probe = textCursor();
  if (probe.movePosition(step < 0 ? QTextCursor::Up : QTextCursor::Down)) {
    return false;
  }
  const int next = historyAt_ + step;
  if (next < 0 || next > history_.size()) {
    return true;
  }
  if (historyAt_ == history_.size()) {
    draft_ = text();
  }
  historyAt_ = next;
  setText(historyAt_ == history_.size() ? draft_ : history_[historyAt_]);
  return true;
}

void MessageInput::completeNick() {
  if (!nicks_) {
    return;
  }
  if (completionStart_ < 0) {
    const auto before = text().left(cursorPosition());
    const auto wordStart =
        std::max(before.lastIndexOf(QLatin1Char(' ')), before.lastIndexOf(QLatin1Char('\n'))) + 1;
    completionStart_ = static_cast<int>(wordStart);
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
  // The text from where the word started, up to the cursor, is replaced.
  const auto suffix = completionStart_ == 0 ? QStringLiteral(": ") : QStringLiteral(" ");
  const auto completed = matches[completionIndex_] + suffix;
  const auto rest = text().mid(cursorPosition());
  setText(text().left(completionStart_) + completed + rest);
  setCursorPosition(static_cast<int>(completionStart_ + completed.size()));
}
