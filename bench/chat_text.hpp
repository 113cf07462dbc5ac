#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace confab::bench {

// Words chat is made of, English and Russian, so that what the search index
// costs and finds is measured on text like people's rather than on one long
// token. Frequent and rare words alike: the index pays per distinct word.
inline constexpr std::array<std::string_view, 96> kChatWords{
    "the",      "a",       "to",      "is",       "it",        "and",     "of",      "in",
    "you",      "that",    "on",      "for",      "we",        "this",    "deploy",  "build",
    "release",  "friday",  "meeting", "lunch",    "coffee",    "server",  "client",  "database",
    "ticket",   "review",  "merge",   "branch",   "tomorrow",  "today",   "weekend", "please",
    "thanks",   "sorry",   "great",   "broken",   "fixed",     "logs",    "crash",   "latency",
    "memory",   "disk",    "backup",  "restore",  "network",   "printer", "invoice", "budget",
    "holiday",  "report",  "agenda",  "question", "answer",    "and",     "it's",    "ok",
    "я",        "ты",      "мы",      "это",      "не",        "на",      "что",     "как",
    "завтра",   "сегодня", "встреча", "обед",     "кофе",      "сервер",  "релиз",   "ошибка",
    "исправил", "логи",    "память",  "диск",     "резервная", "копия",   "сеть",    "отчёт",
    "бюджет",   "отпуск",  "вопрос",  "ответ",    "ёлка",      "ещё",     "туман",   "тумане",
    "пятница",  "спасибо", "привет",  "пока",     "хорошо",    "плохо",   "быстро",  "медленно",
};

// Appends words to `text` until it is about `size` bytes (never cutting a
// word, so UTF-8 stays whole), chosen by `seed` so that runs repeat.
inline void append_chat_words(std::string& text, std::size_t size, std::uint64_t seed) {
  std::uint64_t state = seed * 6364136223846793005ULL + 1442695040888963407ULL;
  while (true) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    const auto word = kChatWords[(state >> 33) % kChatWords.size()];
    if (text.size() + word.size() + 1 > size) {
      break;
    }
    text += word;
    text += ' ';
  }
}

}  // namespace confab::bench
