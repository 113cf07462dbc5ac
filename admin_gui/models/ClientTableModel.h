#pragma once

#include <QAbstractTableModel>
#include <QDateTime>
#include <QStringList>

#include <vector>

#include <nlohmann/json.hpp>

// Connected chat clients, one row each, updated in place from admin events.
class ClientTableModel : public QAbstractTableModel {
  Q_OBJECT

 public:
  enum Column { Nick, Address, Dialect, Rooms, Since, MessagesIn, MessagesOut, ColumnCount };

  struct Client {
    qint64 conn = 0;
    QString nick;
    QString address;
    // json, text or irc: how the client talks.
    QString dialect;
    QStringList rooms;
    QDateTime since;
    qint64 messagesIn = 0;
    qint64 messagesOut = 0;
    qint64 bytesIn = 0;
    qint64 bytesOut = 0;
  };

  // Besides Qt::UserRole (the nick): the server's connection id, which
  // names a client even before it has a nick.
  static constexpr int ConnRole = Qt::UserRole + 1;

  explicit ClientTableModel(QObject* parent = nullptr);

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

  void reset(const nlohmann::json& clients);
  void upsert(const nlohmann::json& client);
  void remove(qint64 conn);

  const std::vector<Client>& rows() const { return rows_; }
  int rowOfNick(const QString& nick) const;
  // The client on connection `conn`; nullptr once it has gone.
  const Client* find(qint64 conn) const;
  // "42 s", "5 min", "3 h 20 min", "2 d 4 h".
  static QString durationText(qint64 seconds);

 private:
  int rowOf(qint64 conn) const;

  std::vector<Client> rows_;
};
