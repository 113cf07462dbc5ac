#pragma once

#include <QDialog>

class ConversationListModel;
class QLineEdit;
class QListWidget;

// Ctrl+K: type a few letters of a room or a person, Enter opens the
// conversation (unread ones first).
class QuickSwitcher : public QDialog {
  Q_OBJECT

 public:
  QuickSwitcher(const ConversationListModel* conversations, QWidget* parent = nullptr);

  // The conversation chosen, once accepted.
  QString chosenKey() const;
  QLineEdit* filterInput() const { return filter_; }
  QListWidget* matches() const { return list_; }

 protected:
  void keyPressEvent(QKeyEvent* event) override;

 private:
  void refill(const QString& typed);

  const ConversationListModel* conversations_;
  QLineEdit* filter_;
  QListWidget* list_;
};
