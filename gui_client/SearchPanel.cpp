#include "SearchPanel.h"

#include <algorithm>

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QPushButton>
#include <QVBoxLayout>

#include "SearchHighlight.h"

namespace {

enum Scope { Everywhere = 0, ThisConversation = 1 };

}  // namespace

SearchPanel::SearchPanel(ChatClient* client, QWidget* parent)
    : QWidget(parent),
      client_(client),
      query_(new QLineEdit(this)),
      scope_(new QComboBox(this)),
      results_(new QListWidget(this)),
      status_(new QLabel(this)),
      older_(new QPushButton(tr("Older results"), this)) {
  query_->setPlaceholderText(tr("Search messages — \"phrase\", -exclude"));
  query_->setClearButtonEnabled(true);
  scope_->addItem(tr("Everywhere"));
  scope_->addItem(tr("This conversation"));
  results_->setWordWrap(true);
  results_->setSelectionMode(QAbstractItemView::SingleSelection);
  // Each result wraps to the dock's width; nothing is ever wider.
  results_->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  status_->setWordWrap(true);
  older_->hide();

  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  auto* row = new QHBoxLayout;
  row->addWidget(query_, 1);
  row->addWidget(scope_);
  layout->addLayout(row);
  layout->addWidget(status_);
  layout->addWidget(results_, 1);
  layout->addWidget(older_);

  connect(query_, &QLineEdit::returnPressed, this, &SearchPanel::runSearch);
  connect(scope_, qOverload<int>(&QComboBox::activated), this, [this] {
    if (!query_->text().trimmed().isEmpty()) {
      runSearch();
    }
  });
  auto activate = [this](QListWidgetItem* item) {
    const auto row = results_->row(item);
    if (row >= 0 && row < static_cast<int>(hits_.size())) {
      Q_EMIT resultActivated(hits_[row].key, hits_[row].message.msgId);
    }
  };
  connect(results_, &QListWidget::itemClicked, this, activate);
  // The selected result is drawn in the selection's colours: its date line
  // would be grey on the highlight otherwise.
  connect(results_, &QListWidget::currentRowChanged, this, [this](int row) {
    for (int other = 0; other < results_->count(); ++other) {
      if (auto* label = qobject_cast<QLabel*>(results_->itemWidget(results_->item(other)))) {
        label->setText(resultHtml(other, other == row));
      }
    }
  });
  connect(results_, &QListWidget::itemActivated, this, activate);
  connect(older_, &QPushButton::clicked, this, [this] {
    if (hits_.empty()) {
      return;
    }
    const int generation = generation_;
    client_->search(
        searchedQuery_, searchedKey_, hits_.back().message.msgId,
        [this, generation](const std::vector<SearchHit>& hits, bool more, const QString& error) {
          if (generation == generation_) {
            showHits(hits, more, error, true);
          }
        });
  });
}

void SearchPanel::begin(const QString& key) {
  conversation_ = key;
  scope_->setItemText(ThisConversation, key.isEmpty() ? tr("This conversation")
                                        : ChatClient::isRoomKey(key)
                                            ? tr("In #%1").arg(client_->targetName(key))
                                            : tr("With %1").arg(client_->targetName(key)));
  query_->setFocus();
  query_->selectAll();
}

void SearchPanel::runSearch() {
  const auto query = query_->text().trimmed();
  if (query.isEmpty()) {
    return;
  }
  searchedQuery_ = query;
  searchedKey_ = scope_->currentIndex() == ThisConversation ? conversation_ : QString();
  const int generation = ++generation_;
  status_->setText(tr("Searching…"));
  client_->search(
      searchedQuery_, searchedKey_, 0,
      [this, generation](const std::vector<SearchHit>& hits, bool more, const QString& error) {
        if (generation == generation_) {
          showHits(hits, more, error, false);
        }
      });
}

QString SearchPanel::resultHtml(int row, bool selected) const {
  const auto& hit = hits_[static_cast<std::size_t>(row)];
  const auto terms = searchTerms(searchedQuery_);
  const auto when = QLocale().toString(hit.message.time, QLocale::ShortFormat);
  const auto body = hit.message.kind == ChatMessage::Kind::File
                        ? tr("shared %1").arg(highlightedHtml(hit.message.text, terms))
                        : highlightedHtml(hit.message.text, terms);
  const auto text = palette().color(selected ? QPalette::HighlightedText : QPalette::Text);
  const auto meta = selected ? text : palette().color(QPalette::PlaceholderText);
  return QStringLiteral(
             "<div style='color:%1'><span style='color:%2'>%3 · %4</span><br>"
             "<b>%5</b>: %6</div>")
      .arg(text.name(), meta.name(), when.toHtmlEscaped(), placeOf(hit).toHtmlEscaped(),
           hit.message.from.toHtmlEscaped(), body);
}

QString SearchPanel::placeOf(const SearchHit& hit) const {
  return ChatClient::isRoomKey(hit.key) ? QStringLiteral("#") + client_->targetName(hit.key)
                                        : tr("with %1").arg(client_->targetName(hit.key));
}

void SearchPanel::showHits(const std::vector<SearchHit>& hits, bool more, const QString& error,
                           bool append) {
  if (!append) {
    results_->clear();
    hits_.clear();
  }
  if (!error.isEmpty()) {
    status_->setText(error);
    older_->hide();
    return;
  }
  for (const auto& hit : hits) {
    hits_.push_back(hit);
    auto* item = new QListWidgetItem(results_);
    auto* label = new QLabel(results_);
    label->setTextFormat(Qt::RichText);
    label->setWordWrap(true);
    label->setAttribute(Qt::WA_TransparentForMouseEvents);
    label->setContentsMargins(4, 3, 4, 3);
    label->setText(resultHtml(static_cast<int>(hits_.size()) - 1, false));
    item->setToolTip(hit.message.text);
    results_->setItemWidget(item, label);
    const int width = std::max(120, results_->viewport()->width() - 4);
    item->setSizeHint(QSize(width, label->heightForWidth(width)));
  }
  const auto count = static_cast<int>(hits_.size());
  status_->setText(count == 0 ? tr("No messages found")
                   : more     ? tr("%n newest found", nullptr, count)
                              : tr("%n found", nullptr, count));
  older_->setVisible(more);
}
