#pragma once

#include <QMainWindow>

#include <optional>

#include "AdminClient.h"
#include "models/RoomTableModel.h"

class LogFilterModel;
class QLabel;
class SecurityIndicator;
class QLineEdit;
class QComboBox;
class QSortFilterProxyModel;
class QTableView;

// The console: connected clients and rooms in sortable, filterable tables
// updated live, the server log with a level filter and a search box, a strip
// of counters and storage figures, and the kick, announce, client details,
// room topic, retention and delete actions.
class AdminWindow : public QMainWindow {
  Q_OBJECT

 public:
  explicit AdminWindow(AdminClient* client, QWidget* parent = nullptr);

  void showConnectDialog(const QString& message = {});

  QTableView* clientTable() const { return clientTable_; }
  QTableView* roomTable() const { return roomTable_; }
  QTableView* logView() const { return logView_; }
  QLineEdit* clientFilter() const { return clientFilter_; }
  QLineEdit* logSearch() const { return logSearch_; }
  QComboBox* logLevel() const { return logLevel_; }
  QLabel* statsLabel() const { return stats_; }
  // Database size, files against the quota, the oldest message kept.
  QLabel* storageLabel() const { return storage_; }
  QLabel* staleLabel() const { return stale_; }
  SecurityIndicator* securityIndicator() const { return security_; }
  QAction* kickAction() const { return kick_; }
  QAction* themeAction(bool dark) const { return themeActions_[dark ? 1 : 0]; }
  QAction* announceAction() const { return announce_; }
  QAction* deleteRoomAction() const { return deleteRoom_; }
  QAction* retentionAction() const { return retention_; }
  QAction* topicAction() const { return topic_; }
  QAction* detailsAction() const { return details_; }

 private:
  QWidget* buildClients();
  QWidget* buildRooms();
  QWidget* buildLog();
  void onKick();
  void updateSelectionActions();
  // The selected room's row as the table shows it; none (and said so) when
  // nothing is selected.
  std::optional<RoomTableModel::Room> selectedRoom();
  void onAnnounce();
  void onDeleteRoom();
  void onRetention();
  void onTopic();
  void onDetails();
  // Asks for a reason and a confirmation, then kicks.
  void kickNick(const QString& nick);
  void updateStats();

  AdminClient* client_;
  QTableView* clientTable_;
  QTableView* roomTable_;
  QTableView* logView_;
  QSortFilterProxyModel* clientProxy_;
  QSortFilterProxyModel* roomProxy_;
  LogFilterModel* logProxy_;
  QLineEdit* clientFilter_;
  QLineEdit* roomFilter_;
  QLineEdit* logSearch_;
  QComboBox* logLevel_;
  QLabel* stats_;
  QLabel* storage_;
  QLabel* status_;
  // Shown while offline after having been online: the tables are old.
  QLabel* stale_ = nullptr;
  QAction* themeActions_[2] = {nullptr, nullptr};
  bool everOnline_ = false;
  SecurityIndicator* security_;
  QAction* kick_ = nullptr;
  QAction* announce_ = nullptr;
  QAction* deleteRoom_ = nullptr;
  QAction* retention_ = nullptr;
  QAction* topic_ = nullptr;
  QAction* details_ = nullptr;
};
