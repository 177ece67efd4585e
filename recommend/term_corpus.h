// A compact bag-of-words corpus and its TF-IDF weighting.
//
// TermCorpus interns term strings once and keeps each document as (term id,
// count) pairs, so that 100k documents fit in a few bytes per posting instead
// of one std::string each. Vocabulary fixes the columns of the model (terms in
// byte order) and their smooth idf; BuildTfidfMatrix() makes the L2-normalised
// sublinear TF-IDF rows that the SVD factorises.
//
// Weighting (as scikit-learn's TfidfVectorizer(sublinear_tf=True)):
//   w(t, d) = (1 + ln tf(t, d)) * idf(t),  idf(t) = ln((1 + n) / (1 + df(t))) + 1,
// then every row is divided by its L2 norm.
//
// Thread safety: TermCorpus is thread-compatible; Vocabulary is immutable once
// built and may be read concurrently.

#ifndef MEUTE_RECOMMEND_TERM_CORPUS_H_
#define MEUTE_RECOMMEND_TERM_CORPUS_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "recommend/types.h"

namespace meute::recommend {

// (term, within-document frequency) as the index exports them.
using TermCounts = std::vector<std::pair<std::string, uint32_t>>;

struct TermCount {
  int32_t term = 0;
  uint32_t count = 0;
};

class TermCorpus {
 public:
  TermCorpus() = default;

  // Adds one document and returns its row. Terms with a zero count are
  // ignored; a term given twice has its counts summed; empty terms are ignored.
  int32_t Add(const TermCounts& terms);

  int32_t num_documents() const { return static_cast<int32_t>(row_begin_.size()) - 1; }
  int32_t num_terms() const { return static_cast<int32_t>(terms_.size()); }
  int64_t num_postings() const { return static_cast<int64_t>(entries_.size()); }
  const std::string& term(int32_t id) const { return terms_[static_cast<size_t>(id)]; }

  // The (term id, count) pairs of document `row`, sorted by term id.
  // REQUIRES: 0 <= row < num_documents().
  absl::Span<const TermCount> row(int32_t row) const;

 private:
  absl::flat_hash_map<std::string, int32_t> ids_;
  std::vector<std::string> terms_;
  std::vector<int64_t> row_begin_{0};
  std::vector<TermCount> entries_;
  std::vector<TermCount> scratch_;
};

struct TfidfOptions {
  // Terms found in fewer documents are left out of the vocabulary.
  // Default: 1 (keep every term), as scikit-learn's TfidfVectorizer.
  int min_df = 1;
  // Terms found in more than this fraction of the documents are left out.
  // Default: 1.0 (keep every term).
  double max_df_fraction = 1.0;
};

class Vocabulary {
 public:
  Vocabulary() = default;
  // REQUIRES: `terms` sorted in byte order without duplicates; the three
  // vectors have the same size; num_documents >= every df.
  Vocabulary(std::vector<std::string> terms, std::vector<uint32_t> df, uint32_t num_documents);
  // As above with the idf given (a stored model). REQUIRES: idf.size() == terms.size().
  Vocabulary(std::vector<std::string> terms, std::vector<uint32_t> df, std::vector<float> idf,
             uint32_t num_documents);

  // The terms of `corpus` that pass `options`, in byte order, with their
  // document frequencies and smooth idf.
  static Vocabulary FromCorpus(const TermCorpus& corpus, const TfidfOptions& options);

  int32_t size() const { return static_cast<int32_t>(terms_.size()); }
  uint32_t num_documents() const { return num_documents_; }
  const std::string& term(int32_t id) const { return terms_[static_cast<size_t>(id)]; }
  const std::vector<std::string>& terms() const { return terms_; }
  const std::vector<float>& idfs() const { return idf_; }
  const std::vector<uint32_t>& dfs() const { return df_; }
  float idf(int32_t id) const { return idf_[static_cast<size_t>(id)]; }
  uint32_t df(int32_t id) const { return df_[static_cast<size_t>(id)]; }

  // The column of `term`, or -1 if it is not in the vocabulary.
  int32_t Find(absl::string_view term) const;

  // The L2-normalised sublinear TF-IDF weights of a document given by raw
  // counts; unknown terms are dropped. Empty if no term is known.
  TermWeights Weigh(const TermCounts& terms) const;

 private:
  std::vector<std::string> terms_;
  std::vector<uint32_t> df_;
  std::vector<float> idf_;
  uint32_t num_documents_ = 0;
  absl::flat_hash_map<std::string, int32_t> index_;
};

// Smooth idf: ln((1 + n) / (1 + df)) + 1.
float SmoothIdf(uint32_t df, uint32_t num_documents);

// The TF-IDF matrix of `corpus` on the columns of `vocab`: one L2-normalised
// row per document (a document with no vocabulary term has an empty row).
SparseMatrix BuildTfidfMatrix(const TermCorpus& corpus, const Vocabulary& vocab);

// Returns `w` divided by its L2 norm (unchanged if the norm is zero).
void NormalizeWeights(TermWeights& w);

// Dot product of two sorted sparse weight lists.
float Dot(const TermWeights& a, const TermWeights& b);

}  // namespace meute::recommend

#endif  // MEUTE_RECOMMEND_TERM_CORPUS_H_
