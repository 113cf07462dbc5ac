#include <doctest/doctest.h>

#include "SearchHighlight.h"

TEST_CASE("search terms are the query's included words, folded as the server folds them") {
  CHECK(searchTerms(QStringLiteral("Ёлка  DEPLOY")) == QStringList{"елка", "deploy"});
  CHECK(searchTerms(QStringLiteral("\"в тумане\" -friday -\"not this\" e-mail")) ==
        QStringList{"в", "тумане", "e", "mail"});
  CHECK(searchTerms(QStringLiteral("Café")) == QStringList{"cafe"});
  CHECK(searchTerms(QStringLiteral("  !!! ")).isEmpty());
}

TEST_CASE("highlighting marks whole words that start with a term and escapes the rest") {
  const auto terms = searchTerms(QStringLiteral("туман ёж cafe"));
  CHECK(highlightedHtml(QStringLiteral("В ТУМАНЕ Ежик <b> café"), terms) ==
        QStringLiteral("В <b><u>ТУМАНЕ</u></b> <b><u>Ежик</u></b> &lt;b&gt; <b><u>café</u></b>"));
  CHECK(highlightedHtml(QStringLiteral("растуман"), terms) == QStringLiteral("растуман"));
  CHECK(highlightedHtml(QStringLiteral("line\nnext"), {}) == QStringLiteral("line<br>next"));
}
