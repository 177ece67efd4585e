#include "recommend/term_corpus.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace meute::recommend {

int32_t TermCorpus::Add(const TermCounts& terms) {
  scratch_.clear();
  for (const auto& [term, count] : terms) {
    if (count == 0 || term.empty()) continue;
    auto [it, inserted] = ids_.try_emplace(term, static_cast<int32_t>(terms_.size()));
    if (inserted) terms_.push_back(term);
    scratch_.push_back({it->second, count});
  }
  std::sort(scratch_.begin(), scratch_.end(),
            [](const TermCount& a, const TermCount& b) { return a.term < b.term; });
  for (const TermCount& tc : scratch_) {
    if (!entries_.empty() && static_cast<int64_t>(entries_.size()) > row_begin_.back() &&
        entries_.back().term == tc.term) {
      entries_.back().count += tc.count;
    } else {
      entries_.push_back(tc);
    }
  }
  row_begin_.push_back(static_cast<int64_t>(entries_.size()));
  return num_documents() - 1;
}

absl::Span<const TermCount> TermCorpus::row(int32_t row) const {
  const auto r = static_cast<size_t>(row);
  return absl::Span<const TermCount>(entries_.data() + row_begin_[r],
                                     static_cast<size_t>(row_begin_[r + 1] - row_begin_[r]));
}

float SmoothIdf(uint32_t df, uint32_t num_documents) {
  return static_cast<float>(std::log((1.0 + num_documents) / (1.0 + df)) + 1.0);
}

Vocabulary::Vocabulary(std::vector<std::string> terms, std::vector<uint32_t> df,
                       uint32_t num_documents)
    : terms_(std::move(terms)), df_(std::move(df)), num_documents_(num_documents) {
  idf_.reserve(df_.size());
  index_.reserve(terms_.size());
  for (size_t i = 0; i < terms_.size(); ++i) {
    idf_.push_back(SmoothIdf(df_[i], num_documents_));
    index_.emplace(terms_[i], static_cast<int32_t>(i));
  }
}

Vocabulary::Vocabulary(std::vector<std::string> terms, std::vector<uint32_t> df,
                       std::vector<float> idf, uint32_t num_documents)
    : terms_(std::move(terms)),
      df_(std::move(df)),
      idf_(std::move(idf)),
      num_documents_(num_documents) {
  index_.reserve(terms_.size());
  for (size_t i = 0; i < terms_.size(); ++i) index_.emplace(terms_[i], static_cast<int32_t>(i));
}

Vocabulary Vocabulary::FromCorpus(const TermCorpus& corpus, const TfidfOptions& options) {
  std::vector<uint32_t> df(static_cast<size_t>(corpus.num_terms()), 0);
  for (int32_t r = 0; r < corpus.num_documents(); ++r) {
    for (const TermCount& tc : corpus.row(r)) ++df[static_cast<size_t>(tc.term)];
  }
  const auto n = static_cast<uint32_t>(corpus.num_documents());
  const double max_df = options.max_df_fraction * n;
  std::vector<int32_t> kept;
  for (int32_t t = 0; t < corpus.num_terms(); ++t) {
    const uint32_t d = df[static_cast<size_t>(t)];
    if (d >= static_cast<uint32_t>(std::max(1, options.min_df)) && d <= max_df) kept.push_back(t);
  }
  std::sort(kept.begin(), kept.end(),
            [&](int32_t a, int32_t b) { return corpus.term(a) < corpus.term(b); });
  std::vector<std::string> terms;
  std::vector<uint32_t> kept_df;
  terms.reserve(kept.size());
  kept_df.reserve(kept.size());
  for (int32_t t : kept) {
    terms.push_back(corpus.term(t));
    kept_df.push_back(df[static_cast<size_t>(t)]);
  }
  return Vocabulary(std::move(terms), std::move(kept_df), n);
}

int32_t Vocabulary::Find(absl::string_view term) const {
  auto it = index_.find(term);
  return it == index_.end() ? -1 : it->second;
}

void NormalizeWeights(TermWeights& w) {
  double norm = 0.0;
  for (const auto& [t, v] : w) norm += static_cast<double>(v) * v;
  if (norm <= 0.0) return;
  const auto inv = static_cast<float>(1.0 / std::sqrt(norm));
  for (auto& [t, v] : w) v *= inv;
}

TermWeights Vocabulary::Weigh(const TermCounts& terms) const {
  TermWeights w;
  for (const auto& [term, count] : terms) {
    if (count == 0) continue;
    const int32_t id = Find(term);
    if (id < 0) continue;
    w.emplace_back(id, static_cast<float>(count));
  }
  std::sort(w.begin(), w.end());
  // Merge repeated terms (sum counts), then weigh.
  TermWeights merged;
  for (const auto& [id, c] : w) {
    if (!merged.empty() && merged.back().first == id) {
      merged.back().second += c;
    } else {
      merged.emplace_back(id, c);
    }
  }
  for (auto& [id, c] : merged) c = (1.0f + std::log(c)) * idf(id);
  NormalizeWeights(merged);
  return merged;
}

SparseMatrix BuildTfidfMatrix(const TermCorpus& corpus, const Vocabulary& vocab) {
  std::vector<int32_t> column(static_cast<size_t>(corpus.num_terms()));
  for (int32_t t = 0; t < corpus.num_terms(); ++t) {
    column[static_cast<size_t>(t)] = vocab.Find(corpus.term(t));
  }
  const int32_t n = corpus.num_documents();
  int64_t nnz = 0;
  for (int32_t r = 0; r < n; ++r) {
    for (const TermCount& tc : corpus.row(r)) nnz += column[static_cast<size_t>(tc.term)] >= 0;
  }
  SparseMatrix m(n, vocab.size());
  m.resizeNonZeros(static_cast<Eigen::Index>(nnz));
  int32_t* outer = m.outerIndexPtr();
  int32_t* inner = m.innerIndexPtr();
  float* values = m.valuePtr();
  int64_t pos = 0;
  std::vector<std::pair<int32_t, float>> row;
  for (int32_t r = 0; r < n; ++r) {
    outer[r] = static_cast<int32_t>(pos);
    row.clear();
    for (const TermCount& tc : corpus.row(r)) {
      const int32_t c = column[static_cast<size_t>(tc.term)];
      if (c < 0) continue;
      row.emplace_back(c, (1.0f + std::log(static_cast<float>(tc.count))) * vocab.idf(c));
    }
    std::sort(row.begin(), row.end());
    double norm = 0.0;
    for (const auto& [c, v] : row) norm += static_cast<double>(v) * v;
    const float inv = norm > 0.0 ? static_cast<float>(1.0 / std::sqrt(norm)) : 0.0f;
    for (const auto& [c, v] : row) {
      inner[pos] = c;
      values[pos] = v * inv;
      ++pos;
    }
  }
  outer[n] = static_cast<int32_t>(pos);
  return m;
}

float Dot(const TermWeights& a, const TermWeights& b) {
  float s = 0.0f;
  size_t i = 0;
  size_t j = 0;
  while (i < a.size() && j < b.size()) {
    if (a[i].first < b[j].first) {
      ++i;
    } else if (b[j].first < a[i].first) {
      ++j;
    } else {
      s += a[i].second * b[j].second;
      ++i;
      ++j;
    }
  }
  return s;
}

}  // namespace meute::recommend
