#pragma once

#include <QDateTime>
#include <QString>

// One line of a conversation as the client shows it.
struct ChatMessage {
  enum class Kind { Text, File, Event, Announcement };

  qint64 msgId = 0;    // the server's id; 0 for events and unconfirmed messages
  qint64 localId = 0;  // set on our own messages until the server confirms them
  QDateTime time;      // local time
  QString from;
  QString text;  // for a file: its name
  Kind kind = Kind::Text;
  qint64 fileId = 0;
  qint64 fileSize = 0;
  QString sha256;
  bool pending = false;  // ours, sent, not yet acknowledged
  bool failed = false;   // ours, refused by the server
  QString failure;       // why it was refused
  quint64 uid = 0;       // the model's, unique in it: what views cache by
};
