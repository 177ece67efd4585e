// Document labels: the words and phrases Meute shows as what a document is
// about, also scored against reader-assigned keyphrases (meute eval-recommend).
//
// Method (no part-of-speech tagger): every content word (not a stop word) is
// scored by the model's weighting, (1 + ln tf) * idf, tf counting each
// occurrence by the weight of its field and idf the smooth idf of a background
// collection; the best words are then joined into phrases where
// they stand next to each other in the text with nothing but a space, a
// hyphen or an apostrophe between them (the post-processing of TextRank,
// Mihalcea and Tarau 2004). A phrase scores the sum of its words; a word shown
// inside a phrase is not shown again alone. The `count` best words make the
// phrases; if joining left fewer than `count` labels, the next best words
// follow alone.
//
// Thread safety: free functions; DocumentFrequencies is thread-compatible.

#ifndef MEUTE_RECOMMEND_KEYPHRASES_H_
#define MEUTE_RECOMMEND_KEYPHRASES_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "ingest/analyzer.h"

namespace meute::recommend {

class DocumentFrequencies {
 public:
  // Counts each distinct key (first stem of a content token) of one document.
  void AddDocument(const std::vector<ingest::Token>& tokens);
  // Smooth idf of `key`: ln((1 + n) / (1 + df)) + 1.
  double Idf(absl::string_view key) const;
  uint32_t documents() const { return documents_; }

 private:
  absl::flat_hash_map<std::string, uint32_t> df_;
  uint32_t documents_ = 0;
};

// One analysed field of a document: the text, its tokens, and how many times
// each of its words counts in tf (a title counts as the index counts it,
// index::kTitleWeight times).
struct AnalyzedField {
  std::string text;
  std::vector<ingest::Token> tokens;
  double weight = 1.0;
};

struct Keyphrase {
  std::string text;               // Readable: "typhon saola".
  std::vector<std::string> keys;  // First stem of each word: {"typhon", "saol"}.
  double score = 0;
};

// The key of a content token (its first stem), or "" for stop words, joined
// compounds and tokens without stems.
std::string TokenKey(const ingest::Token& token);

// Up to `count` labels of a document made of `fields`, best first.
std::vector<Keyphrase> ExtractKeyphrases(const std::vector<AnalyzedField>& fields,
                                         const DocumentFrequencies& df, int count);

}  // namespace meute::recommend

#endif  // MEUTE_RECOMMEND_KEYPHRASES_H_
