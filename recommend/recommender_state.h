// What `meute model build` computes once for the recommender commands and
// stores in the model file (format 2, see model_io.h), so that `partners`,
// `consortium`, `calls`, `themes` and `digest` do not redo it on every run.
//
// Today: the surface forms of the records (SurfaceForms::BestWords(), the
// readable word of every stem), which cost a full re-analysis of every
// record's title and text. They are valid for the records they were computed
// from only; RecordsFingerprint identifies those records (the fields surface
// forms read: language, title, text), independently of their order. A
// command whose records no longer match (records indexed since the model was
// built) recomputes the surface forms, so its results never depend on
// whether the stored state was used (recommender_state_test.cc checks the
// consortia, calls, partners and themes of the bundled corpus both ways).
//
// Thread safety: plain values; RecordsFingerprint is thread-compatible.

#ifndef MEUTE_RECOMMEND_RECOMMENDER_STATE_H_
#define MEUTE_RECOMMEND_RECOMMENDER_STATE_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "ingest/document.h"
#include "ingest/term_vector.h"

namespace meute::recommend {

// Order-independent fingerprint of a set of records: the sum over records of
// a mix of (CRC-32 of lang, title and text, their byte length), then mixed
// with the record count. Two sets that differ by one record's text have the
// same fingerprint with probability about 2^-32.
class RecordsFingerprint {
 public:
  void Add(const ingest::Document& record);
  uint64_t value() const;
  uint64_t records() const { return records_; }

 private:
  uint64_t sum_ = 0;
  uint64_t records_ = 0;
};

// RecordsFingerprint of the records of `docs`.
uint64_t FingerprintOf(const std::vector<ingest::TermVector>& docs);

struct RecommenderState {
  // False for a model built without it (ModelBuilder alone, the unit tests'
  // models): the commands then compute everything.
  bool has_surface_forms = false;
  // RecordsFingerprint::value() of the records the state was computed from.
  uint64_t records_fingerprint = 0;
  // SurfaceForms::BestWords() of those records: (stem, word), sorted by stem.
  std::vector<std::pair<std::string, std::string>> surface_words;
};

}  // namespace meute::recommend

#endif  // MEUTE_RECOMMEND_RECOMMENDER_STATE_H_
