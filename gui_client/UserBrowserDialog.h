#pragma once

#include <QDialog>
#include <QStringList>

class QLineEdit;
class QListWidget;
class QPushButton;

// Everyone online, to filter by name and start a private conversation
// with (double-click or "Private message").
class UserBrowserDialog : public QDialog {
  Q_OBJECT

 public:
  UserBrowserDialog(const QStringList& users, const QString& ownNick, QWidget* parent = nullptr);

  // The nick chosen, once accepted.
  QString chosenNick() const;
  QLineEdit* filterInput() const { return filter_; }
  QListWidget* userList() const { return list_; }

 private:
  void applyFilter(const QString& text);

  QLineEdit* filter_;
  QListWidget* list_;
  QPushButton* message_;
};
