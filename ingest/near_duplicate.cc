#include "ingest/near_duplicate.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <numeric>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "absl/strings/string_view.h"
#include "base/parallel.h"

namespace meute::ingest {
namespace {

constexpr int kHashes = 126;
constexpr int kBands = 42;
constexpr int kRows = kHashes / kBands;
// A bucket holding many records (boilerplate shared by a whole site) is
// compared against its first members only, keeping the work linear.
constexpr size_t kMaxBucketCompare = 64;

uint64_t Fnv1a(absl::string_view s, uint64_t h = 0xcbf29ce484222325ULL) {
  for (char c : s) {
    h ^= static_cast<uint8_t>(c);
    h *= 0x100000001b3ULL;
  }
  return h;
}

uint64_t SplitMix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// Lower-case ASCII words; Latin-1 accented letters folded to their base
// letter; any other non-ASCII character is kept as part of the word.
std::vector<std::string> Words(absl::string_view s) {
  static constexpr absl::string_view kFold =
      "aaaaaaaceeeeiiiidnooooo_ouuuuyts"   // U+00C0-U+00DF
      "aaaaaaaceeeeiiiidnooooo_ouuuuyty";  // U+00E0-U+00FF
  std::vector<std::string> words;
  std::string w;
  auto flush = [&] {
    if (!w.empty()) words.push_back(std::move(w));
    w.clear();
  };
  for (size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    if (b < 0x80) {
      if ((b >= 'a' && b <= 'z') || (b >= '0' && b <= '9')) {
        w += static_cast<char>(b);
      } else if (b >= 'A' && b <= 'Z') {
        w += static_cast<char>(b + 32);
      } else {
        flush();
      }
      ++i;
      continue;
    }
    size_t len = (b & 0xE0) == 0xC0 ? 2 : (b & 0xF0) == 0xE0 ? 3 : (b & 0xF8) == 0xF0 ? 4 : 1;
    if (i + len > s.size()) len = 1;
    if (len == 2) {
      const uint32_t cp = ((b & 0x1Fu) << 6) | (static_cast<unsigned char>(s[i + 1]) & 0x3Fu);
      if (cp >= 0xC0 && cp <= 0xFF && kFold[cp - 0xC0] != '_') {
        w += kFold[cp - 0xC0];
      } else if (cp == 0x152 || cp == 0x153) {
        w += "oe";
      } else if (cp == 0xA0 || cp < 0xC0) {
        flush();  // No-break space, «, », °...
      } else {
        w.append(s.data() + i, len);
      }
    } else if (len == 3 && b == 0xE2) {
      flush();  // General punctuation: ’ – — … “ ” and thin spaces.
    } else {
      w.append(s.data() + i, len);
    }
    i += len;
  }
  flush();
  return words;
}

// Sorted distinct shingle hashes of a list of words.
std::vector<uint64_t> ShinglesOf(const std::vector<std::string>& words, int k) {
  std::vector<uint64_t> out;
  if (k < 1) k = 1;
  if (words.size() < static_cast<size_t>(k)) return out;
  for (size_t i = 0; i + static_cast<size_t>(k) <= words.size(); ++i) {
    uint64_t h = 0xcbf29ce484222325ULL;
    for (int j = 0; j < k; ++j) {
      h = Fnv1a(words[i + static_cast<size_t>(j)], h);
      h = Fnv1a(" ", h);
    }
    out.push_back(h);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

// The text's shingles; title and text together when the text is too short.
std::vector<uint64_t> Shingles(const Document& d, int k, int min_shingles) {
  std::vector<std::string> words = Words(d.text);
  std::vector<uint64_t> text = ShinglesOf(words, k);
  if (text.size() >= static_cast<size_t>(std::max(1, min_shingles))) return text;
  std::vector<std::string> all = Words(d.title);
  all.insert(all.end(), words.begin(), words.end());
  return ShinglesOf(all, k);
}

size_t Common(const std::vector<uint64_t>& a, const std::vector<uint64_t>& b) {
  size_t i = 0, j = 0, common = 0;
  while (i < a.size() && j < b.size()) {
    if (a[i] == b[j]) {
      ++common;
      ++i;
      ++j;
    } else if (a[i] < b[j]) {
      ++i;
    } else {
      ++j;
    }
  }
  return common;
}

double Jaccard(const std::vector<uint64_t>& a, const std::vector<uint64_t>& b) {
  if (a.empty() && b.empty()) return 0;
  const size_t common = Common(a, b);
  return static_cast<double>(common) / static_cast<double>(a.size() + b.size() - common);
}

double Containment(const std::vector<uint64_t>& a, const std::vector<uint64_t>& b) {
  const size_t smaller = std::min(a.size(), b.size());
  if (smaller == 0) return 0;
  return static_cast<double>(Common(a, b)) / static_cast<double>(smaller);
}

std::array<uint64_t, kHashes> Signature(const std::vector<uint64_t>& shingles) {
  // The seed of hash function i: SplitMix(i + 1).
  static const std::array<uint64_t, kHashes> kSeeds = [] {
    std::array<uint64_t, kHashes> seeds;
    for (int i = 0; i < kHashes; ++i) {
      seeds[static_cast<size_t>(i)] = SplitMix(static_cast<uint64_t>(i) + 1);
    }
    return seeds;
  }();
  std::array<uint64_t, kHashes> sig;
  sig.fill(UINT64_MAX);
  for (uint64_t s : shingles) {
    for (size_t i = 0; i < kHashes; ++i) sig[i] = std::min(sig[i], SplitMix(s ^ kSeeds[i]));
  }
  return sig;
}

}  // namespace

double ShingleSimilarity(const Document& a, const Document& b, int shingle_words) {
  return Jaccard(Shingles(a, shingle_words, 8), Shingles(b, shingle_words, 8));
}

NearDuplicateOptions RetoldStoryOptions() {
  NearDuplicateOptions o;
  o.shingle_words = 1;
  o.threshold = 0.4;
  o.containment = 2.0;  // Never: containment of word bags says little.
  o.min_shingles = 30;
  o.max_days_apart = 3;
  o.different_sources_only = true;
  return o;
}

std::vector<DuplicatePair> LinkNearDuplicates(std::vector<Document>* docs,
                                              const NearDuplicateOptions& options) {
  const size_t n = docs->size();
  std::vector<std::vector<uint64_t>> shingles(n);
  std::vector<bool> eligible(n, false);
  // With different_sources_only, a record without a source can pair with no
  // other, and two records of one source never pair: each source gets a
  // number so that such pairs are never made candidates (a window of dates
  // holds every pair of its records, quadratic in a busy week).
  std::vector<uint32_t> source_of(n, 0);
  std::unordered_map<std::string_view, uint32_t> source_numbers;
  std::vector<size_t> considered;
  for (size_t i = 0; i < n; ++i) {
    const Document& d = (*docs)[i];
    if (!d.duplicate_of.empty()) continue;
    if (options.different_sources_only) {
      if (d.source.empty()) continue;
      source_of[i] =
          source_numbers.try_emplace(d.source, static_cast<uint32_t>(source_numbers.size()))
              .first->second;
    }
    considered.push_back(i);
  }
  // Each record's shingles on its own: on every core.
  ParallelFor(considered.size(), 256, [&](size_t begin, size_t end) {
    for (size_t k = begin; k < end; ++k) {
      const size_t i = considered[k];
      shingles[i] = Shingles((*docs)[i], options.shingle_words, options.min_shingles);
    }
  });
  for (const size_t i : considered) {
    eligible[i] = shingles[i].size() >= static_cast<size_t>(std::max(1, options.min_shingles));
  }
  std::vector<std::vector<size_t>> candidates(n);
  if (options.max_days_apart >= 0) {
    // Every pair of dated records within the window.
    std::vector<std::pair<int64_t, size_t>> dated;
    for (size_t i = 0; i < n; ++i) {
      if (eligible[i] && IsValidDate((*docs)[i].date))
        dated.emplace_back(*DayNumber((*docs)[i].date), i);
    }
    std::sort(dated.begin(), dated.end());
    for (size_t a = 0; a < dated.size(); ++a) {
      for (size_t b = a + 1;
           b < dated.size() && dated[b].first - dated[a].first <= options.max_days_apart; ++b) {
        if (options.different_sources_only &&
            source_of[dated[a].second] == source_of[dated[b].second]) {
          continue;
        }
        candidates[dated[a].second].push_back(dated[b].second);
        candidates[dated[b].second].push_back(dated[a].second);
      }
    }
  } else {
    // Candidate pairs from LSH buckets.
    std::unordered_map<uint64_t, std::vector<size_t>> buckets;
    // Each record's band keys on its own, on every core, a block of records
    // at a time (the keys of all would take 336 bytes per record); then into
    // the buckets in record order.
    constexpr size_t kBlock = 8192;
    std::vector<std::array<uint64_t, kBands>> keys(std::min(n, kBlock));
    for (size_t first = 0; first < n; first += kBlock) {
      const size_t count = std::min(kBlock, n - first);
      ParallelFor(count, 256, [&](size_t begin, size_t end) {
        for (size_t k = begin; k < end; ++k) {
          const size_t i = first + k;
          if (!eligible[i]) continue;
          const std::array<uint64_t, kHashes> sig = Signature(shingles[i]);
          for (int band = 0; band < kBands; ++band) {
            uint64_t key = SplitMix(static_cast<uint64_t>(band) + 0x51ed270b27a2a4d5ULL);
            for (int r = 0; r < kRows; ++r) {
              key = SplitMix(key ^ sig[static_cast<size_t>(band * kRows + r)]);
            }
            if (options.same_kind_only) {
              key = SplitMix(key ^ static_cast<uint64_t>((*docs)[i].kind));
            }
            keys[k][static_cast<size_t>(band)] = key;
          }
        }
      });
      for (size_t k = 0; k < count; ++k) {
        if (!eligible[first + k]) continue;
        for (const uint64_t key : keys[k]) buckets[key].push_back(first + k);
      }
    }
    for (auto& [key, members] : buckets) {
      if (members.size() < 2) continue;
      const size_t heads = std::min(members.size(), kMaxBucketCompare);
      for (size_t a = 0; a < heads; ++a) {
        for (size_t b = a + 1; b < members.size(); ++b) {
          candidates[members[a]].push_back(members[b]);
          candidates[members[b]].push_back(members[a]);
        }
      }
    }
  }
  for (std::vector<size_t>& c : candidates) {
    std::sort(c.begin(), c.end());
    c.erase(std::unique(c.begin(), c.end()), c.end());
  }
  // Canonical first: the longest text, then the earliest.
  std::vector<size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return (*docs)[a].text.size() > (*docs)[b].text.size();
  });
  std::vector<bool> assigned(n, false);
  std::vector<DuplicatePair> pairs;
  for (size_t c : order) {
    if (!eligible[c] || assigned[c]) continue;
    assigned[c] = true;
    for (size_t other : candidates[c]) {
      if (assigned[other]) continue;
      const Document& a = (*docs)[c];
      const Document& b = (*docs)[other];
      if (a.id == b.id) continue;
      if (options.same_kind_only && a.kind != b.kind) continue;
      if (options.different_sources_only &&
          (a.source.empty() || b.source.empty() || a.source == b.source)) {
        continue;
      }
      const double sim = Jaccard(shingles[c], shingles[other]);
      const double contained = Containment(shingles[c], shingles[other]);
      if (sim < options.threshold && contained < options.containment) continue;
      assigned[other] = true;
      pairs.push_back({c, other, sim, contained});
    }
  }
  for (const DuplicatePair& p : pairs) {
    (*docs)[p.duplicate].duplicate_of = (*docs)[p.canonical].id;
  }
  std::sort(pairs.begin(), pairs.end(), [](const DuplicatePair& x, const DuplicatePair& y) {
    return x.canonical != y.canonical ? x.canonical < y.canonical : x.duplicate < y.duplicate;
  });
  return pairs;
}

}  // namespace meute::ingest
