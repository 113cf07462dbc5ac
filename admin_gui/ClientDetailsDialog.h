#pragma once

#include <QDialog>

#include <map>

#include "models/ClientTableModel.h"

class QLabel;
class QPushButton;

// Everything the console knows about one connected client, kept up to date
// while open: who, from where, speaking what, in which rooms, since when,
// and its traffic. When the client goes the last values stay, marked.
class ClientDetailsDialog : public QDialog {
  Q_OBJECT

 public:
  ClientDetailsDialog(const ClientTableModel* clients, QString node, qint64 conn,
                      QWidget* parent = nullptr);

  QString field(const QString& name) const;
  QPushButton* kickButton() const { return kick_; }

 Q_SIGNALS:
  // The user asked to kick this client (by nick).
  void kickRequested(const QString& nick);

 private:
  void refresh();

  const ClientTableModel* clients_;
  QString node_;
  qint64 conn_;
  QString nick_;
  QLabel* gone_;
  QPushButton* kick_;
  std::map<QString, QLabel*> fields_;
};
