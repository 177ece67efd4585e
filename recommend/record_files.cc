#include "recommend/record_files.h"

#include <utility>

#include "base/file_util.h"
#include "base/status_macros.h"
#include "ingest/reader.h"
#include "recommend/text_analysis.h"

namespace meute::recommend {

absl::Status AddRecordFiles(const ingest::Analyzer& analyzer,
                            const std::vector<std::string>& inputs, ModelBuilder& builder) {
  MEUTE_ASSIGN_OR_RETURN(std::vector<std::string> files,
                         ListInputFiles(inputs, ingest::SupportedExtensions()));
  for (const std::string& f : files) {
    MEUTE_ASSIGN_OR_RETURN(ingest::ReadResult r, ingest::ReadFile(f));
    // Analysis is most of the work: on every core, added in record order.
    AnalyzeRecords(analyzer, std::move(r.documents), /*threads=*/0,
                   [&](ingest::TermVector&& tv) { builder.Add(tv); });
  }
  return absl::OkStatus();
}

}  // namespace meute::recommend
