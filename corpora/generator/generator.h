// Synthetic corpora at any scale, for benchmarks: records of every kind whose
// words follow the bundled corpus (a word bigram model learnt from its texts,
// hence a Zipf-like word distribution), with realistic lengths, dates and
// cluster links.
//
// Topics. Each generated cluster gets kTopicWords words of its own, drawn
// from the longer lower-case words of the bundled member and call texts; the
// clusters form a ring, and a cluster's neighbours are the two before and the
// two after it. About one word in 8 of a cluster's text, one in 12 of a
// member's, is a topic word of its cluster(s): a member belongs to one
// generated cluster (30%: also to one of its neighbours). A call needs a lead
// cluster and 1 to 3 of the lead's neighbours; one word in 16 of its text is
// a topic word, of the lead twice as often as of each other needed cluster,
// and 25% of them from any cluster (distractors). Those needed clusters are
// the ground truth Write() gives: it follows from how the data was made, not
// from Meute. With fewer than two clusters, members link to the model
// corpus's clusters as before and no call has a truth.
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
  // With `truth`, also writes the consortium ground truth of the calls
  // (corpora/eval/consortium.tsv's format: call TAB clusters TAB why), read
  // by feedback::ReadConsortiumTruth(). Returns the number of bytes of
  // records written, or kInternal if a stream fails.
  absl::StatusOr<uint64_t> Write(const GeneratorOptions& options, std::ostream& out,
                                 std::ostream* truth = nullptr) const;

  // Size of the learnt vocabulary (distinct words).
  size_t vocabulary_size() const;

 private:
  struct Model;
  explicit Generator(std::unique_ptr<Model> model);
  std::unique_ptr<Model> model_;
};

}  // namespace meute::corpora

#endif  // MEUTE_CORPORA_GENERATOR_GENERATOR_H_
