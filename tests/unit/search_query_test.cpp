#include <doctest/doctest.h>

#include "storage/search_query.hpp"

using confab::storage::compile_search_query;
using confab::storage::fold_yo;

TEST_CASE("fold_yo makes the letter yo (both cases) into ye and leaves everything else") {
  CHECK(fold_yo("ёжик Ёлка") == "ежик Елка");
  CHECK(fold_yo("ещё") == "еще");
  CHECK(fold_yo("тёмный ЁЖ café") == "темный ЕЖ café");
  CHECK(fold_yo("") == "");
  CHECK(fold_yo("Ў ў ѐ") == "Ў ў ѐ");  // other Cyrillic letters with marks stay
}

TEST_CASE("bare words match as prefixes, every one of them") {
  CHECK(compile_search_query("туман").expression == R"("туман"*)");
  CHECK(compile_search_query("  deploy   friday ").expression == R"("deploy"* "friday"*)");
  CHECK(compile_search_query("ёлка").expression == R"("елка"*)");
}

TEST_CASE("quoted words are a phrase and a leading minus excludes") {
  CHECK(compile_search_query(R"("в тумане" ёжик)").expression == R"("в тумане" "ежик"*)");
  CHECK(compile_search_query("deploy -friday").expression == R"(("deploy"*) NOT "friday"*)");
  CHECK(compile_search_query(R"(deploy -"on friday")").expression ==
        R"(("deploy"*) NOT "on friday")");
  // A minus alone or inside a word is just text.
  CHECK(compile_search_query("e-mail - x").expression == R"("e-mail"* "x"*)");
}

TEST_CASE("FTS5 syntax typed by the user is only ever text") {
  const auto query = compile_search_query("a OR b NEAR(c) body:d * ^e");
  CHECK(query.error.empty());
  CHECK(query.expression == R"q("a"* "OR"* "b"* "NEAR(c)"* "body:d"* "^e"*)q");
}

TEST_CASE("queries that say nothing, or cannot be read, are bad_query with a reason") {
  CHECK(compile_search_query(R"("unclosed phrase)").error == "a quote is not closed");
  CHECK(compile_search_query("").error == "nothing to search for: give a word");
  CHECK(compile_search_query("!!! — «»").error == "nothing to search for: give a word");
  CHECK(compile_search_query(R"("")").error == "nothing to search for: give a word");
  CHECK(compile_search_query("-only -excluded").error ==
        "give at least one word that is not excluded");
  CHECK(compile_search_query(std::string(501, 'a')).error == "the query is longer than 500 bytes");
  std::string many;
  for (int i = 0; i < 17; ++i) {
    many += "w" + std::to_string(i) + " ";
  }
  CHECK(compile_search_query(many).error == "a query may have at most 16 words");
  for (const auto* typed : {"", "\"x", "-a"}) {
    const auto query = compile_search_query(typed);
    CHECK(query.expression.empty());
    CHECK_FALSE(query.error.empty());
  }
}
