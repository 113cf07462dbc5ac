#pragma once

#include <QDialog>

class QLineEdit;
class QSpinBox;
class QLabel;

// Where and who: host, port, nick and an optional password (which creates
// the account on first use). Remembers the last values in QSettings.
class ConnectDialog : public QDialog {
  Q_OBJECT

 public:
  explicit ConnectDialog(QWidget* parent = nullptr);

  QString host() const;
  quint16 port() const;
  QString nick() const;
  QString password() const;

  void setValues(const QString& host, quint16 port, const QString& nick);
  // Shown under the fields, e.g. why the last attempt failed.
  void setMessage(const QString& message);

  void accept() override;

 private:
  QLineEdit* host_;
  QSpinBox* port_;
  QLineEdit* nick_;
  QLineEdit* password_;
  QLabel* message_;
};
