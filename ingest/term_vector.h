// A record with its indexed stems and their counts: what the index exports to
// the recommender, so that recommend/ never sees a Xapian database.
//
// Thread safety: plain value types.

#ifndef MEUTE_INGEST_TERM_VECTOR_H_
#define MEUTE_INGEST_TERM_VECTOR_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "ingest/document.h"

namespace meute::ingest {

struct TermVector {
  Document record;
  // Stems as the analyzer makes them (Token::stems, no index prefix), with
  // their within-document frequency; sorted by term, each term once.
  std::vector<std::pair<std::string, uint32_t>> terms;
};

}  // namespace meute::ingest

#endif  // MEUTE_INGEST_TERM_VECTOR_H_
