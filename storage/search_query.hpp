#pragma once

#include <string>
#include <string_view>

namespace confab::storage {

// ё → е and Ё → Е: the one folding the search index adds to unicode61's
// (migrations/0007_message_search.sql does the same to what it indexes).
std::string fold_yo(std::string_view text);

// What a user typed, as an FTS5 MATCH expression; `error` says what is wrong
// with it instead (PROTOCOL.md's bad_query) when `expression` is empty.
struct SearchQuery {
  std::string expression;
  std::string error;
};

// Every bare word must occur as a word prefix ("туман" finds "тумане");
// "quoted words" must occur as that phrase; a word after "-" must not occur.
// Case, Latin accents and ё/е never matter. Nothing the user types reaches
// FTS5's own syntax: every term is quoted.
SearchQuery compile_search_query(std::string_view typed);

}  // namespace confab::storage
