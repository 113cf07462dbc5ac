#pragma once

#include <QDialog>

class QCheckBox;
class QLineEdit;
class QSpinBox;
class QLabel;

// Where and who: host, port, TLS, nick and an optional password (which
// creates the account on first use). Remembers the last values in QSettings.
// TLS is ticked by default for port 8443, confabd's TLS port.
class ConnectDialog : public QDialog {
  Q_OBJECT

 public:
  explicit ConnectDialog(QWidget* parent = nullptr);

  QString host() const;
  quint16 port() const;
  QString nick() const;
  QString password() const;
  bool tls() const;

  void setValues(const QString& host, quint16 port, const QString& nick);
  void setTls(bool tls);
  void setPassword(const QString& password);
  // Shown under the fields, e.g. why the last attempt failed.
  void setMessage(const QString& message);
  QString message() const;

  void accept() override;

 private:
  QLineEdit* host_;
  QSpinBox* port_;
  QCheckBox* tls_;
  QLineEdit* nick_;
  QLineEdit* password_;
  QLabel* message_;
};
