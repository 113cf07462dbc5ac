#pragma once

#include <QDialog>

#include "ChatClient.h"

class QListWidget;
class QLineEdit;

// Pick a room from the server's list (with member counts and topics), or
// type a name.
class JoinRoomDialog : public QDialog {
  Q_OBJECT

 public:
  explicit JoinRoomDialog(const QList<RoomInfo>& rooms, QWidget* parent = nullptr);

  QString roomName() const;
  QListWidget* roomList() const { return list_; }

 private:
  QListWidget* list_;
  QLineEdit* name_;
};
