#pragma once

#include <QDialog>

class QCheckBox;
class QLabel;
class QLineEdit;
class QSpinBox;

// Server address, TLS and admin token; the token may also be given as the
// path of the token file confabd writes beside its database. confabd's admin
// port speaks only TLS once the server has a certificate.
class AdminConnectDialog : public QDialog {
  Q_OBJECT

 public:
  explicit AdminConnectDialog(QWidget* parent = nullptr);

  QString host() const;
  quint16 port() const;
  // The token typed, or read from the file named.
  QString token() const;
  bool tls() const;
  void setMessage(const QString& message);

  void accept() override;

 private:
  QLineEdit* host_;
  QSpinBox* port_;
  QCheckBox* tls_;
  QLineEdit* token_;
  QLabel* message_;
};
