// Near-duplicate records: the same story published by two sources (a press
// release picked up by two newsletters, a call copied by two portals).
//
// Each record's text (with its title only when the text alone is too short,
// since each source writes its own title) is folded (lower case, accents
// removed, punctuation dropped) and cut into shingles of `shingle_words`
// consecutive words. MinHash signatures (126 hashes, fixed seeds) with
// locality-sensitive hashing (42 bands of 3 rows) find candidate pairs; their
// exact shingle sets then decide. Two records of the same kind are the same
// story when the Jaccard similarity of their shingles reaches `threshold`, or
// when one is almost wholly contained in the other (`containment`: a press
// release republished inside a longer newsletter item). The longest text is
// canonical (ties: the first in the vector) and every record found similar to
// it gets its id in `duplicate_of`. Links are direct (star-shaped), never
// chained through a third record.
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
  // Minimum Jaccard similarity of the shingle sets. Default: 0.7. Measured
  // on the 1,191 WiNER articles: templated series of distinct events (Tour de
  // France stages, Eurovision semi-finals) reach 0.50-0.63 and must not be
  // linked.
  double threshold = 0.7;
  // Minimum share of the smaller record's shingles found in the larger one.
  // Default: 0.9.
  double containment = 0.9;
  // Records with fewer distinct shingles are not compared (a title alone is
  // too little evidence). Default: 8.
  int min_shingles = 8;
  // Compare records of the same kind only. Default: true.
  bool same_kind_only = true;
  // When >= 0: compare only records whose dates are at most this many days
  // apart (records without a date are skipped), every such pair rather than
  // LSH candidates. This is the mode for one story retold by two outlets in
  // their own words, where few word sequences survive but the words do:
  // use it with shingle_words = 1 and a lower threshold. Default: -1 (off).
  int max_days_apart = -1;
  // Link only records from different sources (both set and unequal): one
  // outlet's follow-ups and series are not copies. Default: false.
  bool different_sources_only = false;
};

// Options for stories retold by two sources within a few days: bags of words
// (1-shingles) of records from different sources dated at most 3 days apart,
// Jaccard >= 0.4. Chosen
// a priori: two reports of one event share its names, places and numbers,
// while two unrelated items of the same days share mostly function words
// (measured on WiNER: no link; see near_duplicate_test.cc).
NearDuplicateOptions RetoldStoryOptions();

struct DuplicatePair {
  size_t canonical = 0;   // Index in the vector of the record kept.
  size_t duplicate = 0;   // Index of the record now marked duplicate_of.
  double similarity = 0;  // Jaccard similarity of their shingle sets.
  double contained = 0;   // Share of the smaller set found in the larger.
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
