#include "storage/search_query.hpp"

#include <vector>

#include "net/utf8.hpp"

namespace confab::storage {
namespace {

// Longer queries are not searches but attempts to keep the searcher busy.
constexpr std::size_t kMaxQueryBytes = 500;
constexpr std::size_t kMaxTerms = 16;

struct Term {
  std::string text;
  bool phrase = false;
  bool excluded = false;
};

bool is_blank(char c) {
  return static_cast<unsigned char>(c) <= ' ';
}

// Whether unicode61 would find a token in `text`: it splits on everything
// but letters and digits. A term without one would match nothing (FTS5 makes
// an empty phrase of it), so it is dropped instead. Non-ASCII letters are
// told from the punctuation blocks people type (dashes, quotes, «»).
bool has_word_character(std::string_view text) {
  for (std::size_t at = 0; at < text.size();) {
    const auto decoded = net::decode_utf8(text, at);
    at += decoded.length;
    const auto c = decoded.code_point;
    if (c < 0x80) {
      if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
        return true;
      }
      continue;
    }
    const bool punctuation = c == net::kInvalidCodePoint || (c >= 0x80 && c <= 0xBF) ||
                             (c >= 0x2000 && c <= 0x206F) || (c >= 0x3000 && c <= 0x303F) ||
                             (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF0F);
    if (!punctuation) {
      return true;
    }
  }
  return false;
}

std::string quoted(const Term& term) {
  std::string out = "\"";
  out += fold_yo(term.text);  // quotes cannot occur: they delimit terms
  out += '"';
  if (!term.phrase) {
    out += '*';
  }
  return out;
}

}  // namespace

std::string fold_yo(std::string_view text) {
  std::string out(text);
  // ё is D1 91 and е D0 B5; Ё is D0 81 and Е D0 95: the same length, so
  // the text can be rewritten in place.
  for (std::size_t at = 0; at + 1 < out.size(); ++at) {
    const auto lead = static_cast<unsigned char>(out[at]);
    const auto trail = static_cast<unsigned char>(out[at + 1]);
    if (lead == 0xD1 && trail == 0x91) {
      out[at] = static_cast<char>(0xD0);
      out[at + 1] = static_cast<char>(0xB5);
      ++at;
    } else if (lead == 0xD0 && trail == 0x81) {
      out[at + 1] = static_cast<char>(0x95);
      ++at;
    } else if (lead >= 0xC0) {
      ++at;  // a two-byte lead's trail byte is never a lead itself
    }
  }
  return out;
}

SearchQuery compile_search_query(std::string_view typed) {
  if (typed.size() > kMaxQueryBytes) {
    return {{}, "the query is longer than " + std::to_string(kMaxQueryBytes) + " bytes"};
  }
  std::vector<Term> terms;
  std::size_t at = 0;
  while (at < typed.size()) {
    if (is_blank(typed[at])) {
      ++at;
      continue;
    }
    Term term;
    if (typed[at] == '-' && at + 1 < typed.size() && !is_blank(typed[at + 1])) {
      term.excluded = true;
      ++at;
    }
    if (typed[at] == '"') {
      const auto close = typed.find('"', at + 1);
      if (close == std::string_view::npos) {
        return {{}, "a quote is not closed"};
      }
      term.text = std::string(typed.substr(at + 1, close - at - 1));
      term.phrase = true;
      at = close + 1;
    } else {
      const auto begin = at;
      while (at < typed.size() && !is_blank(typed[at]) && typed[at] != '"') {
        ++at;
      }
      term.text = std::string(typed.substr(begin, at - begin));
    }
    if (has_word_character(term.text)) {
      terms.push_back(std::move(term));
    }
  }
  if (terms.size() > kMaxTerms) {
    return {{}, "a query may have at most " + std::to_string(kMaxTerms) + " words"};
  }
  std::string included;
  std::string excluded;
  for (const auto& term : terms) {
    auto& side = term.excluded ? excluded : included;
    if (term.excluded) {
      side += " NOT ";
    } else if (!side.empty()) {
      side += ' ';
    }
    side += quoted(term);
  }
  if (included.empty()) {
    return {{},
            terms.empty() ? "nothing to search for: give a word"
                          : "give at least one word that is not excluded"};
  }
  if (excluded.empty()) {
    return {std::move(included), {}};
  }
  return {"(" + included + ")" + excluded, {}};
}

}  // namespace confab::storage
