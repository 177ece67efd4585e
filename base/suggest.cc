#include "base/suggest.h"

#include <algorithm>
#include <cstdint>
#include <numeric>

#include "absl/strings/str_cat.h"

namespace meute {
namespace {

// Code points of `s`, ASCII letters lowered; a byte that does not start a
// valid sequence counts as one unit, so any input gives a distance.
std::vector<uint32_t> Units(absl::string_view s) {
  std::vector<uint32_t> out;
  for (size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    size_t len = c < 0x80           ? 1
                 : (c >> 5) == 0x6  ? 2
                 : (c >> 4) == 0xE  ? 3
                 : (c >> 3) == 0x1E ? 4
                                    : 1;
    if (i + len > s.size()) len = 1;
    uint32_t cp = len == 1 ? c : c & (0x7F >> len);
    for (size_t k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    if (cp >= 'A' && cp <= 'Z') cp += 'a' - 'A';
    out.push_back(cp);
    i += len;
  }
  return out;
}

int Distance(const std::vector<uint32_t>& a, const std::vector<uint32_t>& b) {
  const size_t n = a.size(), m = b.size();
  // Three rows: the one before the previous is needed for swaps.
  std::vector<int> two_back(m + 1), prev(m + 1), cur(m + 1);
  std::iota(prev.begin(), prev.end(), 0);
  for (size_t i = 1; i <= n; ++i) {
    cur[0] = static_cast<int>(i);
    for (size_t j = 1; j <= m; ++j) {
      const int cost = a[i - 1] == b[j - 1] ? 0 : 1;
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        cur[j] = std::min(cur[j], two_back[j - 2] + 1);
      }
    }
    std::swap(two_back, prev);
    std::swap(prev, cur);
  }
  return prev[m];
}

}  // namespace

int EditDistance(absl::string_view a, absl::string_view b) { return Distance(Units(a), Units(b)); }

std::vector<std::string> ClosestMatches(absl::string_view word,
                                        const std::vector<std::string>& candidates,
                                        int max_results) {
  const std::vector<uint32_t> w = Units(word);
  const int limit = std::max(1, std::min(3, static_cast<int>(w.size()) / 3));
  struct Scored {
    int distance;
    size_t order;
  };
  std::vector<Scored> close;
  for (size_t i = 0; i < candidates.size(); ++i) {
    const std::vector<uint32_t> c = Units(candidates[i]);
    if (c == w) continue;
    int d = Distance(w, c);
    // A prefix of 3 or more: "cons" for "consortium". Ranked after real slips.
    if (d > limit && w.size() >= 3 && c.size() > w.size() &&
        std::equal(w.begin(), w.end(), c.begin())) {
      d = limit + 1;
    } else if (d > limit) {
      continue;
    }
    close.push_back({d, i});
  }
  std::stable_sort(close.begin(), close.end(),
                   [](const Scored& x, const Scored& y) { return x.distance < y.distance; });
  std::vector<std::string> out;
  for (const Scored& s : close) {
    if (static_cast<int>(out.size()) >= max_results) break;
    if (std::find(out.begin(), out.end(), candidates[s.order]) != out.end()) continue;
    out.push_back(candidates[s.order]);
  }
  return out;
}

std::string DidYouMean(absl::string_view word, const std::vector<std::string>& candidates) {
  const std::vector<std::string> matches = ClosestMatches(word, candidates);
  if (matches.empty()) return "";
  std::string out = "; did you mean ";
  for (size_t i = 0; i < matches.size(); ++i) {
    if (i > 0) absl::StrAppend(&out, i + 1 == matches.size() ? " or " : ", ");
    absl::StrAppend(&out, "\"", matches[i], "\"");
  }
  absl::StrAppend(&out, "?");
  return out;
}

}  // namespace meute
