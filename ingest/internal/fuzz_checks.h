// Invariants every reader must keep on any input, checked by the fuzz targets
// (ingest/*_fuzzer.cc). A violation traps, so libFuzzer records the input.

#ifndef MEUTE_INGEST_INTERNAL_FUZZ_CHECKS_H_
#define MEUTE_INGEST_INTERNAL_FUZZ_CHECKS_H_

#include <cstddef>
#include <string>

#include "ingest/document.h"
#include "ingest/jsonl_reader.h"
#include "ingest/utf8.h"

namespace meute::ingest::internal {

inline void FuzzCheck(bool ok) {
  if (!ok) __builtin_trap();
}

inline void FuzzCheckField(const std::string& s, size_t max_bytes) {
  FuzzCheck(s.size() <= max_bytes);
  FuzzCheck(FindInvalidUtf8(s) == std::string::npos);
}

// Every record is valid, repaired and capped; the counts add up.
inline void FuzzCheckResult(const ReadResult& r, size_t max_bytes) {
  for (const Document& d : r.documents) {
    FuzzCheck(!IsBlank(d.id));
    FuzzCheck(!IsBlank(d.title));
    FuzzCheck(d.opens.empty() || d.deadline.empty() || d.opens <= d.deadline);
    for (const std::string* s : {&d.id, &d.title, &d.text, &d.url, &d.source, &d.funder, &d.name,
                                 &d.organisation, &d.city, &d.programme}) {
      FuzzCheckField(*s, max_bytes);
    }
    for (const std::string* s : {&d.date, &d.opens, &d.deadline}) {
      FuzzCheck(s->empty() || IsValidDate(*s));
    }
    for (const auto* list : {&d.sectors, &d.clusters, &d.skills, &d.themes}) {
      for (const std::string& s : *list) FuzzCheckField(s, max_bytes);
    }
    // What is stored must parse back.
    FuzzCheck(FromJson(ToJson(d)).ok());
  }
  FuzzCheck(r.stats.accepted == static_cast<int>(r.documents.size()));
  FuzzCheck(r.stats.read == r.stats.accepted + r.stats.rejected);
  for (const Diagnostic& diag : r.diagnostics) {
    FuzzCheck(!diag.message.empty());
    // Diagnostics are valid UTF-8 whatever the input (bad bytes as "\xFF").
    FuzzCheck(FindInvalidUtf8(diag.message) == std::string::npos);
    FuzzCheck(FindInvalidUtf8(diag.ToString()) == std::string::npos);
  }
}

}  // namespace meute::ingest::internal

#endif  // MEUTE_INGEST_INTERNAL_FUZZ_CHECKS_H_
