#include "recommend/need_phrases.h"

#include <algorithm>
#include <cstddef>

namespace meute::recommend {
namespace {

bool IsLinker(const PhraseToken& t) {
  static const std::set<std::string, std::less<>> kLinkers = {
      "de", "du", "des", "a", "au", "aux", "en", "la", "le", "les", "pour", "of", "for", "the"};
  return t.stopword && kLinkers.count(t.form) > 0;
}

// True if the bytes between two words keep them in one phrase: spaces,
// hyphens, apostrophes and elided letters ("d'", "qu'") only.
bool JoinsWords(absl::string_view gap) {
  size_t letters = 0;
  for (size_t i = 0; i < gap.size(); ++i) {
    const auto c = static_cast<unsigned char>(gap[i]);
    if (c == ' ' || c == '\t' || c == '-') {
      if (letters > 0) return false;  // A word that is not an elision.
      continue;
    }
    if (c == '\'') {
      letters = 0;
      continue;
    }
    if (c == 0xE2 && gap.substr(i, 3) == "\xE2\x80\x99") {  // U+2019, the typographic apostrophe.
      letters = 0;
      i += 2;
      continue;
    }
    if (c == 0xC2 && gap.substr(i, 2) == "\xC2\xA0") {  // No-break space.
      ++i;
      continue;
    }
    if (((c | 0x20) >= 'a' && (c | 0x20) <= 'z') && ++letters <= 2) continue;
    return false;
  }
  return letters == 0;
}

bool Joins(const PhraseField& f, size_t a, size_t b) {
  const PhraseToken& x = f.tokens[a];
  const PhraseToken& y = f.tokens[b];
  if (y.byte_begin < x.byte_end || y.byte_begin > f.text.size()) return false;
  return JoinsWords(f.text.substr(x.byte_end, y.byte_begin - x.byte_end));
}

bool IsAnchor(const PhraseToken& t, const std::set<std::string>& anchors) {
  return std::any_of(t.stems.begin(), t.stems.end(),
                     [&](const std::string& s) { return anchors.count(s) > 0; });
}

// The next meaningful word from `at` in direction `step` (+1 or -1), over at
// most two linkers, all joined; or -1.
std::ptrdiff_t Next(const PhraseField& f, std::ptrdiff_t at, std::ptrdiff_t step,
                    const PhraseRules& rules) {
  const auto n = static_cast<std::ptrdiff_t>(f.tokens.size());
  int linkers = 0;
  for (std::ptrdiff_t i = at + step; i >= 0 && i < n; i += step) {
    const size_t prev = static_cast<size_t>(i - step);
    const size_t cur = static_cast<size_t>(i);
    if (!(step > 0 ? Joins(f, prev, cur) : Joins(f, cur, prev))) return -1;
    const PhraseToken& t = f.tokens[cur];
    if (rules.meaningful(t)) return i;
    if (!IsLinker(t) || ++linkers > 2) return -1;
  }
  return -1;
}

struct Candidate {
  std::string text;
  int others = 0;  // Other needs in it.
  int words = 0;   // Meaningful words.
};

// A hyphenated compound is never cut ("fuel-cell", "goutte-à-goutte"):
// widens [lo, hi] over the hyphens on both sides, counting the words added.
void KeepCompounds(const PhraseField& f, std::ptrdiff_t* lo, std::ptrdiff_t* hi, int* words) {
  auto hyphen = [&](std::ptrdiff_t x, std::ptrdiff_t y) {
    const PhraseToken& l = f.tokens[static_cast<size_t>(x)];
    const PhraseToken& r = f.tokens[static_cast<size_t>(y)];
    return r.byte_begin == l.byte_end + 1 && f.text[l.byte_end] == '-' && !r.stopword &&
           !l.stopword;
  };
  while (*lo > 0 && hyphen(*lo - 1, *lo)) --*lo, ++*words;
  while (*hi + 1 < static_cast<std::ptrdiff_t>(f.tokens.size()) && hyphen(*hi, *hi + 1)) {
    ++*hi, ++*words;
  }
}

// The phrase grown from the meaningful token `a` (see the header): its first
// and last tokens and its number of meaningful words.
int Grow(const PhraseField& f, size_t a, const PhraseRules& rules, std::ptrdiff_t* lo_out,
         std::ptrdiff_t* hi_out) {
  const int max_words = std::max(2, rules.max_words);
  auto lo = static_cast<std::ptrdiff_t>(a), hi = lo;
  int words = 1;
  bool grew = true;
  while (grew && words < max_words) {
    grew = false;
    if (const std::ptrdiff_t r = Next(f, hi, +1, rules); r >= 0) {
      hi = r;
      grew = true;
      ++words;
    }
    if (words >= max_words) break;
    if (const std::ptrdiff_t l = Next(f, lo, -1, rules);
        l >= 0 && (!rules.may_start || rules.may_start(f.tokens[static_cast<size_t>(l)]))) {
      lo = l;
      grew = true;
      ++words;
    }
  }
  KeepCompounds(f, &lo, &hi, &words);
  *lo_out = lo;
  *hi_out = hi;
  return words;
}

std::string Span(const PhraseField& f, std::ptrdiff_t lo, std::ptrdiff_t hi) {
  const uint32_t begin = f.tokens[static_cast<size_t>(lo)].byte_begin;
  const uint32_t end = f.tokens[static_cast<size_t>(hi)].byte_end;
  return std::string(f.text.substr(begin, end - begin));
}

}  // namespace

std::vector<PhraseSpan> PhrasesAround(const PhraseField& field,
                                      const std::set<std::string>& anchors,
                                      const PhraseRules& rules) {
  std::vector<PhraseSpan> out;
  auto add = [&](std::ptrdiff_t lo, std::ptrdiff_t hi, int words) {
    KeepCompounds(field, &lo, &hi, &words);
    if (words < 2) return;
    std::string text = Span(field, lo, hi);
    if (std::none_of(out.begin(), out.end(), [&](const PhraseSpan& p) { return p.text == text; })) {
      out.push_back({static_cast<size_t>(lo), static_cast<size_t>(hi), std::move(text)});
    }
  };
  for (size_t a = 0; a < field.tokens.size(); ++a) {
    if (!IsAnchor(field.tokens[a], anchors) || !rules.meaningful(field.tokens[a])) continue;
    const auto at = static_cast<std::ptrdiff_t>(a);
    const bool starts = !rules.may_start || rules.may_start(field.tokens[a]);
    if (const std::ptrdiff_t r = Next(field, at, +1, rules); r >= 0 && starts) add(at, r, 2);
    if (const std::ptrdiff_t l = Next(field, at, -1, rules);
        l >= 0 && (!rules.may_start || rules.may_start(field.tokens[static_cast<size_t>(l)]))) {
      add(l, at, 2);
    }
    std::ptrdiff_t lo = 0, hi = 0;
    const int words = Grow(field, a, rules, &lo, &hi);
    add(lo, hi, words);
  }
  return out;
}

std::set<std::string> NeedAnchors(absl::string_view stem, absl::string_view lang,
                                  const Glossary& glossary) {
  std::set<std::string> out = {std::string(stem)};
  if (lang != "en") return out;
  for (const GlossaryEntry& e : glossary.entries()) {
    if (e.lang != "en") continue;
    if (std::find(e.targets.begin(), e.targets.end(), stem) == e.targets.end()) continue;
    for (const std::vector<std::string>& word : e.source) out.insert(word.begin(), word.end());
  }
  return out;
}

std::vector<std::string> NeedPhrases(const std::vector<PhraseField>& fields,
                                     const std::vector<std::set<std::string>>& anchors,
                                     const PhraseRules& rules) {
  std::vector<std::string> out(anchors.size());
  for (size_t need = 0; need < anchors.size(); ++need) {
    Candidate best;
    for (const PhraseField& f : fields) {
      for (size_t a = 0; a < f.tokens.size(); ++a) {
        if (!IsAnchor(f.tokens[a], anchors[need]) || !rules.meaningful(f.tokens[a])) continue;
        std::ptrdiff_t lo = 0, hi = 0;
        const int words = Grow(f, a, rules, &lo, &hi);
        if (words < 2) continue;
        Candidate c;
        c.words = words;
        for (auto i = lo; i <= hi; ++i) {
          for (size_t other = 0; other < anchors.size(); ++other) {
            if (other != need && IsAnchor(f.tokens[static_cast<size_t>(i)], anchors[other])) {
              ++c.others;
              break;
            }
          }
        }
        c.text = Span(f, lo, hi);
        if (best.text.empty() || c.others > best.others ||
            (c.others == best.others && c.words > best.words)) {
          best = std::move(c);
        }
      }
    }
    out[need] = std::move(best.text);
  }
  return out;
}

}  // namespace meute::recommend
