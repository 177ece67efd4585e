// Record files read and analysed in process, as the index would have analysed
// them, for a model fitted without a database (`meute model build --input`)
// and for evaluation sets.
//
// Thread safety: AnalyzeRecordFiles() analyses on every core; `sink` runs on
// the calling thread.

#ifndef MEUTE_RECOMMEND_RECORD_FILES_H_
#define MEUTE_RECOMMEND_RECORD_FILES_H_

#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "ingest/analyzer.h"
#include "ingest/term_vector.h"

namespace meute::recommend {

// Reads the record files of `inputs` (files, or folders searched for the
// extensions ingest::SupportedExtensions() knows) and hands the term vector
// of each record (AnalyzeRecord(), on every core) to `sink`, in file and
// record order, whatever the number of cores. Returns the first error of
// ListInputFiles() or ingest::ReadFile() (the records of earlier files have
// been handed over).
// Example: AnalyzeRecordFiles(analyzer, {"corpora/occitanie"},
//                             [&](ingest::TermVector&& tv) { builder.Add(tv); });
absl::Status AnalyzeRecordFiles(const ingest::Analyzer& analyzer,
                                const std::vector<std::string>& inputs,
                                const std::function<void(ingest::TermVector&&)>& sink);

}  // namespace meute::recommend

#endif  // MEUTE_RECOMMEND_RECORD_FILES_H_
