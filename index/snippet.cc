#include "index/snippet.h"

#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

namespace meute::index {
namespace {

constexpr size_t kMaxAnalysedBytes = 256 * 1024;
constexpr absl::string_view kEllipsis = "\xE2\x80\xA6";  // …

struct Match {
  size_t begin, end;
  int key;  // Which query term matched (for counting distinct ones).
};

bool IsSpace(unsigned char c) {
  return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\v';
}

// Moves `pos` back to the start of a UTF-8 sequence.
size_t CharStart(absl::string_view s, size_t pos) {
  while (pos > 0 && pos < s.size() && (static_cast<unsigned char>(s[pos]) & 0xC0) == 0x80) --pos;
  return pos;
}

// Accent-free, lower-case copy of `text` (Latin-1 letters and œ/æ folded;
// other bytes kept), with the original offset of each byte of the copy. A
// cheap stand-in for the analyzer, to find where the query's terms may be.
void Fold(absl::string_view text, std::string* folded, std::vector<uint32_t>* origin) {
  // Base letters of U+00C0..U+00FF ('.' for non-letters, '*' for two-letter folds).
  static constexpr char kLatin1[] =
      "aaaaaa*ceeeeiiiidnooooo.ouuuuyps"
      "aaaaaa*ceeeeiiiidnooooo.ouuuuypy";
  folded->clear();
  origin->clear();
  folded->reserve(text.size());
  origin->reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = text[i];
    const unsigned char d = i + 1 < text.size() ? text[i + 1] : 0;
    if (c == 0xC3 && d >= 0x80 && d <= 0xBF) {
      const char base = kLatin1[d - 0x80];
      if (base == '*' || d == 0x9F) {  // Æ æ ß
        folded->append(d == 0x9F ? "ss" : "ae");
        origin->push_back(i);
        origin->push_back(i);
      } else {
        folded->push_back(base);
        origin->push_back(i);
      }
      ++i;
    } else if (c == 0xC5 && (d == 0x92 || d == 0x93)) {  // Œ œ
      folded->append("oe");
      origin->push_back(i);
      origin->push_back(i);
      ++i;
    } else {
      folded->push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a')
                                             : static_cast<char>(c));
      origin->push_back(i);
    }
  }
}

bool IsWordByte(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

// Where to run the analyzer: all of a short text; for a long one, the
// stretch around the densest group of query terms found by Fold(), so that
// the analyzer (the costly part) sees about 3 * max_bytes bytes.
std::pair<size_t, size_t> Region(absl::string_view text, const SnippetTerms& terms,
                                 size_t max_bytes) {
  const size_t margin = max_bytes / 4;
  if (text.size() <= 2 * max_bytes + 2 * margin) return {0, text.size()};
  std::string folded;
  std::vector<uint32_t> origin;
  Fold(text, &folded, &origin);
  struct Candidate {
    size_t pos;  // In the original text.
    int needle;
  };
  std::vector<Candidate> found;
  int needle = 0;
  for (const std::set<std::string>* set : {&terms.forms, &terms.stems}) {
    for (const std::string& n : *set) {
      ++needle;
      if (n.size() < 2) continue;
      for (size_t at = folded.find(n); at != std::string::npos; at = folded.find(n, at + 1)) {
        if (at == 0 || !IsWordByte(folded[at - 1])) found.push_back({origin[at], needle});
        if (found.size() > 4096) break;
      }
    }
  }
  size_t window = 0;
  if (!found.empty()) {
    std::sort(found.begin(), found.end(),
              [](const Candidate& a, const Candidate& b) { return a.pos < b.pos; });
    int best_distinct = -1, best_count = -1;
    for (size_t i = 0; i < found.size(); ++i) {
      std::vector<int> seen;
      int count = 0;
      for (size_t j = i; j < found.size() && found[j].pos < found[i].pos + max_bytes; ++j) {
        ++count;
        if (std::find(seen.begin(), seen.end(), found[j].needle) == seen.end()) {
          seen.push_back(found[j].needle);
        }
      }
      const int distinct = static_cast<int>(seen.size());
      if (distinct > best_distinct || (distinct == best_distinct && count > best_count)) {
        window = found[i].pos;
        best_distinct = distinct;
        best_count = count;
      }
    }
  }
  size_t begin = window > margin ? window - margin : 0;
  size_t end = std::min(text.size(), window + max_bytes + margin);
  // Start and end on spaces, so that no word is cut.
  while (begin > 0 && begin > window - std::min(window, margin + 64) && !IsSpace(text[begin - 1])) {
    --begin;
  }
  while (end < text.size() && end < window + max_bytes + margin + 64 && !IsSpace(text[end])) ++end;
  return {CharStart(text, begin), CharStart(text, end)};
}

}  // namespace

Snippet MakeSnippet(const ingest::Analyzer& analyzer, absl::string_view text, ingest::Language lang,
                    const SnippetTerms& terms, size_t max_bytes) {
  if (max_bytes < 16) max_bytes = 16;
  text = text.substr(0, CharStart(text, std::min(text.size(), kMaxAnalysedBytes)));
  auto [region_begin, region_end] = Region(text, terms, max_bytes);
  auto analyse = [&] {
    std::vector<ingest::Token> out =
        analyzer.Analyze(text.substr(region_begin, region_end - region_begin), lang);
    for (ingest::Token& t : out) {
      t.byte_begin += region_begin;
      t.byte_end += region_begin;
    }
    return out;
  };
  std::vector<ingest::Token> tokens = analyse();

  std::vector<std::string> keys;
  auto key_of = [&](const std::string& k) {
    auto it = std::find(keys.begin(), keys.end(), k);
    if (it != keys.end()) return static_cast<int>(it - keys.begin());
    keys.push_back(k);
    return static_cast<int>(keys.size() - 1);
  };
  std::vector<Match> matches;
  for (const ingest::Token& t : tokens) {
    int key = -1;
    if (terms.forms.count(t.form) > 0) {
      key = key_of(t.form);
    } else {
      for (const std::string& s : t.stems) {
        if (terms.stems.count(s) > 0) {
          key = key_of("Z" + s);
          break;
        }
      }
    }
    if (key >= 0 && t.byte_end <= region_end && t.byte_begin < t.byte_end) {
      matches.push_back({t.byte_begin, t.byte_end, key});
    }
  }
  if (matches.empty() && region_begin > 0) {
    // The cheap scan was wrong: show the start of the text.
    region_begin = 0;
    region_end = std::min(text.size(), CharStart(text, 2 * max_bytes));
    tokens = analyse();
  }
  std::sort(matches.begin(), matches.end(), [](const Match& a, const Match& b) {
    return a.begin < b.begin || (a.begin == b.begin && a.end > b.end);
  });

  // Window [start, stop) of the original text.
  size_t start = 0;
  if (!matches.empty()) {
    size_t best = 0;
    int best_distinct = -1, best_count = -1;
    for (size_t i = 0; i < matches.size(); ++i) {
      std::vector<int> seen;
      int count = 0;
      for (size_t j = i; j < matches.size() && matches[j].end <= matches[i].begin + max_bytes;
           ++j) {
        ++count;
        if (std::find(seen.begin(), seen.end(), matches[j].key) == seen.end()) {
          seen.push_back(matches[j].key);
        }
      }
      const int distinct = static_cast<int>(seen.size());
      if (distinct > best_distinct || (distinct == best_distinct && count > best_count)) {
        best = i;
        best_distinct = distinct;
        best_count = count;
      }
    }
    // Some context before the first match, starting on a word.
    const size_t anchor = matches[best].begin;
    const size_t lead = max_bytes / 5;
    start = anchor > lead ? anchor - lead : 0;
    if (start > 0) {
      size_t word_start = anchor;
      for (const ingest::Token& t : tokens) {
        if (t.byte_begin >= start) {
          word_start = t.byte_begin;
          break;
        }
      }
      start = std::min(word_start, anchor);
    }
  }
  size_t stop = std::min(text.size(), start + max_bytes);
  if (stop < text.size()) {
    // End after the last whole word that fits.
    size_t word_end = start;
    for (const ingest::Token& t : tokens) {
      if (t.byte_begin >= start && t.byte_end <= stop)
        word_end = std::max<size_t>(word_end, t.byte_end);
    }
    stop = word_end > start ? word_end : CharStart(text, stop);
  }

  // Merge overlapping highlights inside the window (a compound and its parts).
  std::vector<std::pair<size_t, size_t>> marks;
  for (const Match& m : matches) {
    if (m.begin < start || m.end > stop) continue;
    if (!marks.empty() && m.begin < marks.back().second) {
      marks.back().second = std::max(marks.back().second, m.end);
    } else {
      marks.emplace_back(m.begin, m.end);
    }
  }

  Snippet out;
  // Skip leading whitespace.
  while (start < stop && IsSpace(text[start])) ++start;
  if (start > 0) out.text.append(kEllipsis.data(), kEllipsis.size());
  size_t mark = 0;
  bool pending_space = false;
  for (size_t i = start; i < stop; ++i) {
    while (mark < marks.size() && marks[mark].second <= i && marks[mark].first < i) ++mark;
    const unsigned char c = text[i];
    if (IsSpace(c)) {
      pending_space = true;
      continue;
    }
    if (pending_space) {
      out.text.push_back(' ');
      pending_space = false;
    }
    if (mark < marks.size() && marks[mark].first == i)
      out.highlights.push_back({out.text.size(), 0});
    out.text.push_back(static_cast<char>(c));
    if (mark < marks.size() && marks[mark].second == i + 1) {
      out.highlights.back().end = out.text.size();
      ++mark;
    }
  }
  if (stop < text.size()) out.text.append(kEllipsis.data(), kEllipsis.size());
  return out;
}

}  // namespace meute::index
