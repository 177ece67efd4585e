// A model fitted on record files rather than on a database
// (`meute model build --input`): the files are read and analysed in process,
// as the index would have analysed them.
//
// Thread safety: AddRecordFiles() uses every core; `builder` must not be used
// elsewhere meanwhile.

#ifndef MEUTE_RECOMMEND_RECORD_FILES_H_
#define MEUTE_RECOMMEND_RECORD_FILES_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "ingest/analyzer.h"
#include "recommend/model.h"

namespace meute::recommend {

// Reads the record files of `inputs` (files, or folders searched for the
// extensions ingest::SupportedExtensions() knows) and adds the term vector
// of each record (AnalyzeRecord(), on every core) to `builder`, in file and
// record order. Returns the first error of ListInputFiles() or
// ingest::ReadFile() (records of earlier files stay added).
absl::Status AddRecordFiles(const ingest::Analyzer& analyzer,
                            const std::vector<std::string>& inputs, ModelBuilder& builder);

}  // namespace meute::recommend

#endif  // MEUTE_RECOMMEND_RECORD_FILES_H_
