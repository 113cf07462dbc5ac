#pragma once

#include <QString>
#include <QStringList>

// The words of a search query the way the server matches them (docs/
// protocol.md, Search): bare words and the words of "phrases", not the
// excluded ones; folded as compared (case, ё/е).
QStringList searchTerms(const QString& query);

// `text` as HTML with every word that starts with one of `terms` marked, so
// a result shows why it matched.
QString highlightedHtml(const QString& text, const QStringList& terms);

// Case and ё/е folded, as the server's index folds them.
QString foldForSearch(const QString& text);
