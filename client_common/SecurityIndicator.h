#pragma once

#include <QWidget>

#include "ChatConnection.h"

class QLabel;

// The status bar's lock: closed with the TLS version and the certificate's
// subject while the connection is encrypted, open ("not encrypted") over
// plain TCP, hidden while offline. The tooltip has the fingerprint.
class SecurityIndicator : public QWidget {
  Q_OBJECT

 public:
  explicit SecurityIndicator(QWidget* parent = nullptr);

  void showConnection(const ChatConnection::TlsInfo& info);
  void showOffline();

  QString text() const;
  bool locked() const { return locked_; }

 private:
  QLabel* icon_;
  QLabel* text_;
  bool locked_ = false;
};
