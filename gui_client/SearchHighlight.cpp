#include "SearchHighlight.h"

namespace {

bool isWordCharacter(QChar c) {
  return c.isLetterOrNumber();
}

}  // namespace

QString foldForSearch(const QString& text) {
  auto folded = text.toCaseFolded();
  folded.replace(QChar(0x0451), QChar(0x0435));  // ё → е (Ё folds to ё first)
  // Latin letters lose their accents (unicode61's remove_diacritics); й
  // and other letters keep theirs.
  const auto decomposed = folded.normalized(QString::NormalizationForm_D);
  QString out;
  QChar base;
  for (const QChar c : decomposed) {
    if (c.category() == QChar::Mark_NonSpacing && base.unicode() < 0x0250) {
      continue;
    }
    base = c;
    out += c;
  }
  return out.normalized(QString::NormalizationForm_C);
}

QStringList searchTerms(const QString& query) {
  QStringList terms;
  bool inPhrase = false;
  bool excluded = false;
  QString word;
  auto finish = [&] {
    if (!word.isEmpty() && !excluded) {
      terms << foldForSearch(word);
    }
    word.clear();
  };
  for (int i = 0; i < query.size(); ++i) {
    const QChar c = query.at(i);
    if (c == '"') {
      finish();
      if (inPhrase) {
        excluded = false;
      }
      inPhrase = !inPhrase;
      continue;
    }
    if (c == '-' && word.isEmpty() && !inPhrase && (i == 0 || query.at(i - 1).isSpace())) {
      excluded = true;
      continue;
    }
    if (isWordCharacter(c)) {
      word += c;
      continue;
    }
    finish();
    if (c.isSpace() && !inPhrase) {
      excluded = false;
    }
  }
  finish();
  terms.removeDuplicates();
  return terms;
}

QString highlightedHtml(const QString& text, const QStringList& terms) {
  QString html;
  int at = 0;
  while (at < text.size()) {
    int end = at;
    const bool word = isWordCharacter(text.at(at));
    while (end < text.size() && isWordCharacter(text.at(end)) == word) {
      ++end;
    }
    const auto piece = text.mid(at, end - at);
    bool marked = false;
    if (word) {
      const auto folded = foldForSearch(piece);
      for (const auto& term : terms) {
        marked = marked || folded.startsWith(term);
      }
    }
    html += marked ? QStringLiteral("<b><u>%1</u></b>").arg(piece.toHtmlEscaped())
                   : piece.toHtmlEscaped();
    at = end;
  }
  return html.replace('\n', QStringLiteral("<br>"));
}
