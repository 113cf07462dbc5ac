#pragma once

#include <QDialog>
#include <QStringList>

#include "ChatClient.h"

class QLabel;
class QListWidget;
class QLineEdit;
class QPushButton;

// Pick a room from the server's list (member counts and topics; rooms
// already joined are marked and cannot be picked again), or type a name:
// what is typed is what is joined, or created when it does not exist.
class JoinRoomDialog : public QDialog {
  Q_OBJECT

 public:
  // `joined`: the rooms the user is in, by name.
  JoinRoomDialog(const QList<RoomInfo>& rooms, const QStringList& joined,
                 QWidget* parent = nullptr);

  QString roomName() const;
  QListWidget* roomList() const { return list_; }
  QLineEdit* nameInput() const { return name_; }
  QString problem() const;

  void accept() override;

  // Why `name` cannot be a room's name; empty when it can.
  static QString nameProblem(const QString& name);

 private:
  QListWidget* list_;
  QLineEdit* name_;
  QLabel* problem_;
  QPushButton* join_ = nullptr;
  QStringList joined_;
};
