#pragma once

#include <QWidget>

#include <vector>

#include "ChatClient.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;

// Ctrl+F: a query, where to look (everywhere or the current conversation),
// and the messages found, newest first, with the matching words marked and
// each message's date and conversation. Activating one asks for its
// conversation to be opened at it.
class SearchPanel : public QWidget {
  Q_OBJECT

 public:
  explicit SearchPanel(ChatClient* client, QWidget* parent = nullptr);

  // Ready for a new query, scoped to `key` (the conversation on screen)
  // unless the user chooses everywhere.
  void begin(const QString& key);
  void runSearch();

  QLineEdit* queryInput() const { return query_; }
  QComboBox* scopeChoice() const { return scope_; }
  QListWidget* results() const { return results_; }
  QLabel* statusLabel() const { return status_; }
  QPushButton* olderButton() const { return older_; }
  const std::vector<SearchHit>& hits() const { return hits_; }

 Q_SIGNALS:
  void resultActivated(const QString& key, qint64 msgId);

 private:
  void showHits(const std::vector<SearchHit>& hits, bool more, const QString& error, bool append);
  QString placeOf(const SearchHit& hit) const;
  // Result `row` as rich text, in the selection's colours when `selected`.
  QString resultHtml(int row, bool selected) const;

  ChatClient* client_;
  QLineEdit* query_;
  QComboBox* scope_;
  QListWidget* results_;
  QLabel* status_;
  QPushButton* older_;
  QString conversation_;  // the one "this conversation" means
  QString searchedQuery_;
  QString searchedKey_;
  std::vector<SearchHit> hits_;
  // Answers to a query the user has since replaced are dropped.
  int generation_ = 0;
};
