// Near-duplicate records: the same story published by two sources (a press
// release picked up by two newsletters, a call copied by two portals).
//
// Each record's title and text are folded (lower case, accents removed,
// punctuation dropped) and cut into shingles of `shingle_words` consecutive
// words; MinHash signatures (128 hashes, fixed seeds) with locality-sensitive
// hashing (32 bands of 4 rows) find candidate pairs, whose exact Jaccard
// similarity of shingle sets is then computed. Records of the same kind whose
// similarity reaches `threshold` are linked: the longest text is canonical
// (ties: the first in the vector) and every record similar to it gets its id
// in `duplicate_of`. Links are direct (star-shaped), never chained through a
// third record.
//
// Deterministic: the same input vector gives the same links on every run and
// platform.
//
// Thread safety: free function; it mutates only the vector it is given.

#ifndef MEUTE_INGEST_NEAR_DUPLICATE_H_
#define MEUTE_INGEST_NEAR_DUPLICATE_H_

#include <cstddef>
#include <vector>

#include "ingest/document.h"

namespace meute::ingest {

struct NearDuplicateOptions {
  // Words per shingle. Default: 4.
  int shingle_words = 4;
  // Minimum Jaccard similarity of the shingle sets. Default: 0.5.
  double threshold = 0.5;
  // Records with fewer distinct shingles are not compared (a title alone is
  // too little evidence). Default: 8.
  int min_shingles = 8;
  // Compare records of the same kind only. Default: true.
  bool same_kind_only = true;
};

struct DuplicatePair {
  size_t canonical = 0;   // Index in the vector of the record kept.
  size_t duplicate = 0;   // Index of the record now marked duplicate_of.
  double similarity = 0;  // Jaccard similarity of their shingle sets.
};

// Sets `duplicate_of` on each near-duplicate in `docs` and returns the links,
// sorted by (canonical, duplicate). Records that already have `duplicate_of`
// set, or share their id with the other record, are left alone.
std::vector<DuplicatePair> LinkNearDuplicates(std::vector<Document>* docs,
                                              const NearDuplicateOptions& options = {});

// Jaccard similarity of the shingle sets of two texts (for tests and tools).
double ShingleSimilarity(const Document& a, const Document& b, int shingle_words = 4);

}  // namespace meute::ingest

#endif  // MEUTE_INGEST_NEAR_DUPLICATE_H_
