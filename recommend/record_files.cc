#include "recommend/record_files.h"

#include <utility>

#include "base/file_util.h"
#include "base/status_macros.h"
#include "ingest/reader.h"
#include "recommend/text_analysis.h"

namespace meute::recommend {

absl::Status AnalyzeRecordFiles(const ingest::Analyzer& analyzer,
                                const std::vector<std::string>& inputs,
                                const std::function<void(ingest::TermVector&&)>& sink) {
  MEUTE_ASSIGN_OR_RETURN(std::vector<std::string> files,
                         ListInputFiles(inputs, ingest::SupportedExtensions()));
  for (const std::string& f : files) {
    MEUTE_ASSIGN_OR_RETURN(ingest::ReadResult r, ingest::ReadFile(f));
    // Analysis is most of the work: on every core, added in record order.
    AnalyzeRecords(analyzer, std::move(r.documents), /*threads=*/0, sink);
  }
  return absl::OkStatus();
}

}  // namespace meute::recommend
