#include "ingest/french_date.h"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/str_format.h"
#include "absl/strings/string_view.h"
#include "ingest/document.h"

namespace meute::ingest {
namespace {

// ASCII, lower-case view of a string, with the offset in the original after
// each folded byte (so a prefix match can report what it consumed).
struct Folded {
  std::string text;
  std::vector<size_t> end;  // end[i]: original offset just after text[i].
};

// Base letters of U+00C0..U+00FF (lower case), '?' where there is none.
constexpr absl::string_view kLatin1Fold =
    "aaaaaaaceeeeiiii"   // C0-CF (C6 Æ handled apart)
    "?nooooo?ouuuuy??"   // D0-DF
    "aaaaaaaceeeeiiii"   // E0-EF
    "?nooooo?ouuuuy?y";  // F0-FF

Folded Fold(absl::string_view s) {
  Folded f;
  f.text.reserve(s.size());
  f.end.reserve(s.size());
  auto put = [&](absl::string_view out, size_t end) {
    for (char c : out) {
      f.text.push_back(c);
      f.end.push_back(end);
    }
  };
  size_t i = 0;
  while (i < s.size()) {
    const auto b = static_cast<unsigned char>(s[i]);
    if (b < 0x80) {
      char c = static_cast<char>(b);
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      if (c == '\t' || c == '\r' || c == '\n') c = ' ';
      put(absl::string_view(&c, 1), i + 1);
      ++i;
      continue;
    }
    // Decode one UTF-8 sequence (invalid bytes count as one unknown character).
    size_t len = 1;
    uint32_t cp = 0xFFFD;
    if ((b & 0xE0) == 0xC0 && i + 1 < s.size()) {
      len = 2;
      cp = ((b & 0x1Fu) << 6) | (static_cast<unsigned char>(s[i + 1]) & 0x3Fu);
    } else if ((b & 0xF0) == 0xE0 && i + 2 < s.size()) {
      len = 3;
      cp = ((b & 0x0Fu) << 12) | ((static_cast<unsigned char>(s[i + 1]) & 0x3Fu) << 6) |
           (static_cast<unsigned char>(s[i + 2]) & 0x3Fu);
    } else if ((b & 0xF8) == 0xF0 && i + 3 < s.size()) {
      len = 4;
    }
    for (size_t k = 1; k < len; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) {
        len = 1;
        cp = 0xFFFD;
        break;
      }
    }
    const size_t end = i + len;
    if (cp == 0xC6 || cp == 0xE6) {
      put("ae", end);
    } else if (cp == 0x152 || cp == 0x153) {
      put("oe", end);
    } else if (cp >= 0xC0 && cp <= 0xFF) {
      put(kLatin1Fold.substr(cp - 0xC0, 1), end);
    } else if (cp == 0xA0 || cp == 0x202F || cp == 0x2009 || cp == 0x2007) {
      put(" ", end);  // No-break and thin spaces.
    } else if (cp == 0x1D49) {
      put("e", end);  // Modifier letter small e, as in 1ᵉʳ.
    } else if (cp == 0x2B3) {
      put("r", end);  // Modifier letter small r.
    } else if (cp == 0xB0 || cp == 0xBA) {
      put("o", end);  // 1° / 1º (premier).
    } else if (cp == 0x2013 || cp == 0x2014) {
      put("-", end);
    } else {
      put("?", end);
    }
    i = end;
  }
  return f;
}

enum class TokType { kNum, kWord, kPunct };

struct Tok {
  TokType type;
  size_t begin = 0;  // In the folded text.
  size_t end = 0;
  bool space_before = false;
  int value = 0;  // kNum: value (capped); digits = end - begin.
  char punct = 0;
  absl::string_view word;  // kWord.
  int digits() const { return static_cast<int>(end - begin); }
};

// Tokenizes the folded text; stops after `max_tokens` tokens.
std::vector<Tok> Tokenize(absl::string_view t, size_t max_tokens) {
  std::vector<Tok> toks;
  size_t i = 0;
  bool space = false;
  while (i < t.size() && toks.size() < max_tokens) {
    const char c = t[i];
    if (c == ' ') {
      space = true;
      ++i;
      continue;
    }
    Tok tok;
    tok.begin = i;
    tok.space_before = space;
    space = false;
    if (c >= '0' && c <= '9') {
      tok.type = TokType::kNum;
      while (i < t.size() && t[i] >= '0' && t[i] <= '9') {
        if (tok.value < 100000) tok.value = tok.value * 10 + (t[i] - '0');
        ++i;
      }
    } else if (c >= 'a' && c <= 'z') {
      tok.type = TokType::kWord;
      while (i < t.size() && t[i] >= 'a' && t[i] <= 'z') ++i;
      tok.word = t.substr(tok.begin, i - tok.begin);
    } else {
      tok.type = TokType::kPunct;
      tok.punct = c;
      ++i;
    }
    tok.end = i;
    toks.push_back(tok);
  }
  return toks;
}

int MonthOf(absl::string_view w) {
  struct Name {
    const char* name;
    int month;
  };
  static constexpr Name kMonths[] = {
      {"janvier", 1},  {"janv", 1},      {"jan", 1},       {"january", 1},   {"fevrier", 2},
      {"fevr", 2},     {"fev", 2},       {"feb", 2},       {"february", 2},  {"mars", 3},
      {"mar", 3},      {"march", 3},     {"avril", 4},     {"avr", 4},       {"apr", 4},
      {"april", 4},    {"mai", 5},       {"may", 5},       {"juin", 6},      {"jun", 6},
      {"june", 6},     {"juillet", 7},   {"juil", 7},      {"jul", 7},       {"july", 7},
      {"aout", 8},     {"aou", 8},       {"aug", 8},       {"august", 8},    {"septembre", 9},
      {"sept", 9},     {"sep", 9},       {"september", 9}, {"octobre", 10},  {"oct", 10},
      {"october", 10}, {"novembre", 11}, {"nov", 11},      {"november", 11}, {"decembre", 12},
      {"dec", 12},     {"december", 12},
  };
  for (const Name& m : kMonths) {
    if (w == m.name) return m.month;
  }
  return 0;
}

bool IsSkippable(absl::string_view w) {
  static constexpr const char* kWords[] = {
      "le",       "lundi",    "mardi",  "mercredi", "jeudi",   "vendredi",  "samedi",
      "dimanche", "lun",      "mar",    "mer",      "jeu",     "ven",       "sam",
      "dim",      "the",      "on",     "monday",   "tuesday", "wednesday", "thursday",
      "friday",   "saturday", "sunday", "mon",      "tue",     "tues",      "wed",
      "thu",      "thur",     "thurs",  "fri",      "sat",     "sun",
  };
  for (const char* k : kWords) {
    if (w == k) return true;
  }
  return false;
}

bool IsOrdinalSuffix(absl::string_view w) {
  return w == "er" || w == "re" || w == "e" || w == "eme" || w == "o" || w == "th" || w == "st" ||
         w == "nd" || w == "rd";
}

int FullYear(const Tok& t) {
  if (t.digits() == 4) return t.value;
  if (t.digits() == 2) return t.value < 50 ? 2000 + t.value : 1900 + t.value;
  return -1;
}

std::optional<std::string> MakeDate(int y, int m, int d) {
  if (y < 1000 || y > 2999 || m < 1 || m > 12 || d < 1 || d > 31) return std::nullopt;
  std::string s = absl::StrFormat("%04d-%02d-%02d", y, m, d);
  if (!IsValidDate(s)) return std::nullopt;
  return s;
}

struct Match {
  std::string date;
  size_t end_tok = 0;  // Index of the first token after the date.
};

bool IsPunct(const std::vector<Tok>& t, size_t i, char c) {
  return i < t.size() && t[i].type == TokType::kPunct && t[i].punct == c;
}

// Tries every pattern with the date starting at token i.
std::optional<Match> MatchAt(const std::vector<Tok>& t, size_t i) {
  const size_t n = t.size();
  if (i >= n) return std::nullopt;
  // Numeric: YYYY-MM-DD (ISO) or DD/MM/YYYY (French), no spaces inside.
  if (t[i].type == TokType::kNum && i + 4 < n && t[i + 1].type == TokType::kPunct &&
      t[i + 2].type == TokType::kNum && t[i + 3].type == TokType::kPunct &&
      t[i + 4].type == TokType::kNum && t[i + 1].punct == t[i + 3].punct &&
      !t[i + 1].space_before && !t[i + 2].space_before && !t[i + 3].space_before &&
      !t[i + 4].space_before) {
    const char sep = t[i + 1].punct;
    if (sep == '-' || sep == '/' || sep == '.') {
      std::optional<std::string> d;
      if (t[i].digits() == 4 && t[i + 2].digits() <= 2 && t[i + 4].digits() <= 2) {
        d = MakeDate(t[i].value, t[i + 2].value, t[i + 4].value);
      } else if (t[i].digits() <= 2 && t[i + 2].digits() <= 2 &&
                 (t[i + 4].digits() == 4 || t[i + 4].digits() == 2)) {
        d = MakeDate(FullYear(t[i + 4]), t[i + 2].value, t[i].value);
      }
      if (d) return Match{*d, i + 5};
    }
    return std::nullopt;
  }
  // Day first: 1er janvier 2016, 12 févr. 2026, 12 Feb 2026, 12th of February 2026.
  if (t[i].type == TokType::kNum && t[i].digits() <= 2) {
    size_t j = i + 1;
    if (j < n && t[j].type == TokType::kWord && !t[j].space_before && IsOrdinalSuffix(t[j].word)) {
      ++j;
    }
    if (j < n && t[j].type == TokType::kWord && t[j].word == "of") ++j;
    if (j < n && t[j].type == TokType::kWord && MonthOf(t[j].word) > 0) {
      const int month = MonthOf(t[j].word);
      ++j;
      if (IsPunct(t, j, '.') || IsPunct(t, j, ',')) ++j;
      if (j < n && t[j].type == TokType::kNum && (t[j].digits() == 4 || t[j].digits() == 2)) {
        // A 2-digit year only in the RFC 822 way: followed by a time or nothing.
        if (std::optional<std::string> d = MakeDate(FullYear(t[j]), month, t[i].value)) {
          return Match{*d, j + 1};
        }
      }
    }
    return std::nullopt;
  }
  // Month first (English): February 12, 2026; Feb. 12th 2026.
  if (t[i].type == TokType::kWord && MonthOf(t[i].word) > 0) {
    const int month = MonthOf(t[i].word);
    size_t j = i + 1;
    if (IsPunct(t, j, '.')) ++j;
    if (j < n && t[j].type == TokType::kNum && t[j].digits() <= 2) {
      const int day = t[j].value;
      ++j;
      if (j < n && t[j].type == TokType::kWord && !t[j].space_before &&
          IsOrdinalSuffix(t[j].word)) {
        ++j;
      }
      if (IsPunct(t, j, ',')) ++j;
      if (j < n && t[j].type == TokType::kNum && t[j].digits() == 4) {
        if (std::optional<std::string> d = MakeDate(t[j].value, month, day)) {
          return Match{*d, j + 1};
        }
      }
    }
  }
  return std::nullopt;
}

// Finds the date at the start of the token list, skipping up to two weekday
// names or "le" (and their punctuation) first.
std::optional<Match> MatchPrefix(const std::vector<Tok>& t) {
  size_t i = 0;
  for (int skipped = 0; skipped <= 2; ++skipped) {
    if (std::optional<Match> m = MatchAt(t, i)) return m;
    if (i >= t.size() || t[i].type != TokType::kWord || !IsSkippable(t[i].word)) break;
    ++i;
    while (IsPunct(t, i, ',') || IsPunct(t, i, '.')) ++i;
  }
  return std::nullopt;
}

// True if what follows a date is nothing, or a time ("14h30", "10:00:00
// +0100", "à 10h", "T10:00Z"), possibly after a comma.
bool IsTimeTail(absl::string_view rest) {
  size_t i = 0;
  auto skip = [&](absl::string_view chars) {
    while (i < rest.size() && chars.find(rest[i]) != absl::string_view::npos) ++i;
  };
  skip(" ,.;-");
  if (i == rest.size()) return true;
  if (rest.substr(i, 2) == "a " || rest.substr(i, 3) == "at ") {
    i += rest[i + 1] == ' ' ? 2 : 3;
    skip(" ");
  } else if (rest[i] == 't') {
    ++i;
  }
  size_t digits = 0;
  while (i < rest.size() && rest[i] >= '0' && rest[i] <= '9' && digits < 3) {
    ++i;
    ++digits;
  }
  if (digits == 0 || digits > 2) return false;
  if (i == rest.size()) return false;  // "12 mars 2026 14" is not a time.
  return rest[i] == ':' || rest[i] == 'h';
}

constexpr size_t kMaxTokens = 24;

}  // namespace

std::optional<std::string> ParseDatePrefix(absl::string_view text, size_t* consumed) {
  // Dates are short: looking at the first 200 bytes is enough and bounds work.
  const Folded f = Fold(text.substr(0, 200));
  const std::vector<Tok> toks = Tokenize(f.text, kMaxTokens);
  std::optional<Match> m = MatchPrefix(toks);
  if (!m) return std::nullopt;
  if (consumed != nullptr) {
    const size_t last = toks[m->end_tok - 1].end;  // Folded offset after the date.
    *consumed = last == 0 ? 0 : f.end[last - 1];
  }
  return m->date;
}

std::optional<std::string> ParseDate(absl::string_view text) {
  if (text.size() > 200) return std::nullopt;
  const Folded f = Fold(text);
  const std::vector<Tok> toks = Tokenize(f.text, kMaxTokens);
  std::optional<Match> m = MatchPrefix(toks);
  if (!m) return std::nullopt;
  const size_t after = toks[m->end_tok - 1].end;
  if (!IsTimeTail(absl::string_view(f.text).substr(after))) return std::nullopt;
  return m->date;
}

std::optional<std::string> FindDateline(absl::string_view text, int max_lines) {
  static constexpr absl::string_view kCues[] = {
      "publie le",
      "publiee le",
      "publie",
      "mis a jour le",
      "mise a jour le",
      "mis en ligne le",
      "date de publication",
      "date :",
      "date:",
      "posted on",
      "published on",
      "published",
      "updated on",
      "le",
  };
  int seen = 0;
  size_t pos = 0;
  while (pos < text.size() && seen < max_lines) {
    size_t end = text.find('\n', pos);
    if (end == absl::string_view::npos) end = text.size();
    absl::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    const Folded f = Fold(line.substr(0, 200));
    absl::string_view folded = f.text;
    while (!folded.empty() && (folded.front() == ' ' || folded.front() == '-' ||
                               folded.front() == '*' || folded.front() == '#')) {
      folded.remove_prefix(1);
    }
    if (folded.empty()) continue;
    ++seen;
    for (absl::string_view cue : kCues) {
      if (folded.substr(0, cue.size()) == cue &&
          (folded.size() == cue.size() || folded[cue.size()] == ' ' || cue.back() == ':')) {
        folded.remove_prefix(cue.size());
        while (!folded.empty() && (folded.front() == ' ' || folded.front() == ':')) {
          folded.remove_prefix(1);
        }
        break;
      }
    }
    std::optional<Match> m = MatchPrefix(Tokenize(folded, kMaxTokens));
    if (m) return m->date;
  }
  return std::nullopt;
}

std::optional<std::string> FindDeadline(absl::string_view text) {
  static constexpr absl::string_view kCues[] = {
      "date limite", "date de cloture", "cloture",         "jusqu'au",  "jusqu au",
      "jusqu?au",    "avant le",        "au plus tard le", "deadline",  "date butoir",
      "date de fin", "fin de depot",    "closing date",    "closes on", "due date",
  };
  // Fold a bounded prefix: deadlines of calls are stated near the top, and the
  // fold makes this linear.
  const Folded f = Fold(text.substr(0, 64 * 1024));
  absl::string_view t = f.text;
  size_t best = absl::string_view::npos;
  std::optional<std::string> best_date;
  for (absl::string_view cue : kCues) {
    size_t at = 0;
    while ((at = t.find(cue, at)) != absl::string_view::npos) {
      const size_t from = at + cue.size();
      at = from;
      if (best != absl::string_view::npos && from >= best) break;
      // Try each of the next few tokens as the start of a date.
      absl::string_view window = t.substr(from, 80);
      const std::vector<Tok> toks = Tokenize(window, 12);
      for (size_t k = 0; k < toks.size() && k < 8; ++k) {
        const std::vector<Tok> rest(toks.begin() + static_cast<std::ptrdiff_t>(k), toks.end());
        if (std::optional<Match> m = MatchPrefix(rest)) {
          best = from;
          best_date = m->date;
          break;
        }
      }
      if (best == from) break;
    }
  }
  return best_date;
}

}  // namespace meute::ingest
