// Synthetic corpora at any scale, for benchmarks: records of every kind whose
// words follow the bundled corpus (a word bigram model learnt from its texts,
// hence a Zipf-like word distribution), with realistic lengths, dates and
// cluster links.
//
// Output is byte-identical for the same model and seed on every platform: the
// generator uses its own PRNG (xoshiro256**) and integer arithmetic, never the
// implementation-defined std:: distributions.
//
// Thread safety: a Generator is immutable after Create(); Write() may run
// concurrently on different streams.

#ifndef MEUTE_CORPORA_GENERATOR_GENERATOR_H_
#define MEUTE_CORPORA_GENERATOR_GENERATOR_H_

#include <cstdint>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "ingest/document.h"

namespace meute::corpora {

struct GeneratorOptions {
  uint64_t seed = 1;
  int64_t docs = 1000;
  // Text length in words, drawn log-uniformly in [min_words, max_words].
  // Default: 150..800.
  int min_words = 150;
  int max_words = 800;
  // News dates fall in [first_date, last_date]; call deadlines up to 2027-12.
  std::string first_date = "2025-06-01";
  std::string last_date = "2026-11-25";
};

class Generator {
 public:
  // Learns the model from `records` (the bundled corpus). kInvalidArgument if
  // they hold no text or no cluster.
  static absl::StatusOr<std::unique_ptr<Generator>> Create(
      const std::vector<ingest::Document>& records);
  ~Generator();

  // Writes options.docs JSON Lines records to `out`. Ids are "gen-<kind>-<n>".
  // Returns the number of bytes written, or kInternal if the stream fails.
  absl::StatusOr<uint64_t> Write(const GeneratorOptions& options, std::ostream& out) const;

  // Size of the learnt vocabulary (distinct words).
  size_t vocabulary_size() const;

 private:
  struct Model;
  explicit Generator(std::unique_ptr<Model> model);
  std::unique_ptr<Model> model_;
};

}  // namespace meute::corpora

#endif  // MEUTE_CORPORA_GENERATOR_GENERATOR_H_
