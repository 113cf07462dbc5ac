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
  enum Column { Nick, Node, Address, Dialect, Rooms, Since, MessagesIn, MessagesOut, ColumnCount };

  struct Client {
    // Cluster mode: the node the client is connected to; connection ids
    // are each node's own. Empty for a single server.
    QString node;
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

  // Besides Qt::UserRole (the nick): the connection id and its node, which
  // name a client even before it has a nick.
  static constexpr int ConnRole = Qt::UserRole + 1;
  static constexpr int NodeRole = Qt::UserRole + 2;

  explicit ClientTableModel(QObject* parent = nullptr);

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

  void reset(const nlohmann::json& clients);
  void upsert(const nlohmann::json& client);
  void remove(const QString& node, qint64 conn);

  const std::vector<Client>& rows() const { return rows_; }
  int rowOfNick(const QString& nick) const;
  // The client on connection `conn` of `node`; nullptr once it has gone.
  const Client* find(const QString& node, qint64 conn) const;
  // "42 s", "5 min", "3 h 20 min", "2 d 4 h".
  static QString durationText(qint64 seconds);

 private:
  int rowOf(const QString& node, qint64 conn) const;

  std::vector<Client> rows_;
};
