#include "index/snippet.h"

#include <algorithm>
#include <utility>

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

}  // namespace

Snippet MakeSnippet(const ingest::Analyzer& analyzer, absl::string_view text, ingest::Language lang,
                    const SnippetTerms& terms, size_t max_bytes) {
  if (max_bytes < 16) max_bytes = 16;
  const absl::string_view analysed =
      text.substr(0, CharStart(text, std::min(text.size(), kMaxAnalysedBytes)));
  const std::vector<ingest::Token> tokens = analyzer.Analyze(analysed, lang);

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
    if (key >= 0 && t.byte_end <= analysed.size() && t.byte_begin < t.byte_end) {
      matches.push_back({t.byte_begin, t.byte_end, key});
    }
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
