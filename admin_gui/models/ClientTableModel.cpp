#include "models/ClientTableModel.h"

namespace {

ClientTableModel::Client fromJson(const nlohmann::json& json) {
  ClientTableModel::Client client;
  client.node = QString::fromStdString(json.value("node", std::string{}));
  client.conn = json.value("conn", qint64{0});
  client.nick = QString::fromStdString(json.value("nick", std::string{}));
  client.address = QString::fromStdString(json.value("addr", std::string{}));
  client.dialect = QString::fromStdString(json.value("dialect", std::string{}));
  for (const auto& room : json.value("rooms", nlohmann::json::array())) {
    client.rooms << QString::fromStdString(room.get<std::string>());
  }
  client.since = QDateTime::fromString(QString::fromStdString(json.value("since", std::string{})),
                                       Qt::ISODateWithMs)
                     .toLocalTime();
  client.messagesIn = json.value("msgs_in", qint64{0});
  client.messagesOut = json.value("msgs_out", qint64{0});
  client.bytesIn = json.value("bytes_in", qint64{0});
  client.bytesOut = json.value("bytes_out", qint64{0});
  return client;
}

}  // namespace

QString ClientTableModel::durationText(qint64 seconds) {
  if (seconds < 60) {
    return tr("%1 s").arg(seconds);
  }
  if (seconds < 3600) {
    return tr("%1 min").arg(seconds / 60);
  }
  if (seconds < 86400) {
    return tr("%1 h %2 min").arg(seconds / 3600).arg(seconds % 3600 / 60);
  }
  return tr("%1 d %2 h").arg(seconds / 86400).arg(seconds % 86400 / 3600);
}

ClientTableModel::ClientTableModel(QObject* parent) : QAbstractTableModel(parent) {}

int ClientTableModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(rows_.size());
}

int ClientTableModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : ColumnCount;
}

QVariant ClientTableModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= rowCount()) {
    return {};
  }
  const auto& client = rows_[static_cast<std::size_t>(index.row())];
  if (role == Qt::UserRole) {
    return client.nick;
  }
  if (role == ConnRole) {
    return client.conn;
  }
  if (role == NodeRole) {
    return client.node;
  }
  if (role == Qt::ToolTipRole && index.column() == Rooms && !client.rooms.isEmpty()) {
    return client.rooms.join(QStringLiteral(", "));
  }
  if (role == Qt::ToolTipRole && index.column() == Since && client.since.isValid()) {
    return tr("Connected for %1")
        .arg(durationText(client.since.secsTo(QDateTime::currentDateTime())));
  }
  if (role == Qt::TextAlignmentRole && index.column() >= MessagesIn) {
    return QVariant(Qt::AlignRight | Qt::AlignVCenter);
  }
  // Sorting uses EditRole: numbers and times sort as such, not as text.
  if (role != Qt::DisplayRole && role != Qt::EditRole) {
    return {};
  }
  switch (index.column()) {
    case Nick:
      return client.nick.isEmpty() ? tr("(no nick yet)") : client.nick;
    case Node:
      return client.node;
    case Address:
      return client.address;
    case Dialect:
      return client.dialect;
    case Rooms:
      return client.rooms.join(QStringLiteral(", "));
    case Since:
      // Today's connections show the time; older ones the date too.
      return role == Qt::EditRole ? QVariant(client.since)
             : client.since.date() == QDate::currentDate()
                 ? QVariant(client.since.toString(QStringLiteral("HH:mm:ss")))
                 : QVariant(client.since.toString(QStringLiteral("yyyy-MM-dd HH:mm")));
    case MessagesIn:
      return client.messagesIn;
    case MessagesOut:
      return client.messagesOut;
    default:
      return {};
  }
}

QVariant ClientTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
    return {};
  }
  // Frames: every request and event, not only chat messages.
  static const char* const titles[] = {"Nick",  "Node",  "Address",   "Speaks",
                                       "Rooms", "Since", "Frames in", "Frames out"};
  return section < ColumnCount ? tr(titles[section]) : QVariant();
}

void ClientTableModel::reset(const nlohmann::json& clients) {
  beginResetModel();
  rows_.clear();
  for (const auto& client : clients) {
    rows_.push_back(fromJson(client));
  }
  endResetModel();
}

void ClientTableModel::upsert(const nlohmann::json& json) {
  auto client = fromJson(json);
  const int row = rowOf(client.node, client.conn);
  if (row >= 0) {
    rows_[static_cast<std::size_t>(row)] = std::move(client);
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
    return;
  }
  const int end = rowCount();
  beginInsertRows({}, end, end);
  rows_.push_back(std::move(client));
  endInsertRows();
}

void ClientTableModel::remove(const QString& node, qint64 conn) {
  const int row = rowOf(node, conn);
  if (row < 0) {
    return;
  }
  beginRemoveRows({}, row, row);
  rows_.erase(rows_.begin() + row);
  endRemoveRows();
}

const ClientTableModel::Client* ClientTableModel::find(const QString& node, qint64 conn) const {
  const int row = rowOf(node, conn);
  return row < 0 ? nullptr : &rows_[static_cast<std::size_t>(row)];
}

int ClientTableModel::rowOf(const QString& node, qint64 conn) const {
  for (std::size_t i = 0; i < rows_.size(); ++i) {
    if (rows_[i].conn == conn && rows_[i].node == node) {
      return static_cast<int>(i);
    }
  }
  return -1;
}

int ClientTableModel::rowOfNick(const QString& nick) const {
  for (std::size_t i = 0; i < rows_.size(); ++i) {
    if (rows_[i].nick.compare(nick, Qt::CaseInsensitive) == 0) {
      return static_cast<int>(i);
    }
  }
  return -1;
}
