#include "index/term_export.h"

#include <string>
#include <utility>

#include <xapian.h>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "index/internal/database.h"
#include "index/schema.h"
#include "index/xapian_status.h"
#include "ingest/document.h"

namespace meute::index {

absl::StatusOr<std::vector<ingest::TermVector>> ExportTermVectors(absl::string_view db_dir) {
  MEUTE_ASSIGN_OR_RETURN(Xapian::Database db, internal::OpenForReading(db_dir));
  std::vector<ingest::TermVector> out;
  absl::Status parse_error;
  const std::string stem_prefix(kPrefixStem);
  MEUTE_RETURN_IF_ERROR(CallXapian(absl::StrCat("exporting terms of \"", db_dir, "\""), [&] {
    out.reserve(db.get_doccount());
    // Walking the id postlist visits every live document once, in docid order.
    for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
      const Xapian::Document doc = db.get_document(*it);
      absl::StatusOr<ingest::Document> record = ingest::FromJson(doc.get_data());
      if (!record.ok()) {
        parse_error = absl::DataLossError(
            absl::StrCat("document ", *it, " of \"", db_dir, "\": ", record.status().message()));
        return;
      }
      ingest::TermVector tv;
      tv.record = *std::move(record);
      auto t = doc.termlist_begin();
      t.skip_to(stem_prefix);
      for (; t != doc.termlist_end(); ++t) {
        const std::string term = *t;
        if (!absl::StartsWith(term, stem_prefix)) break;
        tv.terms.emplace_back(term.substr(stem_prefix.size()), t.get_wdf());
      }
      out.push_back(std::move(tv));
    }
  }));
  if (!parse_error.ok()) return parse_error;
  return out;
}

}  // namespace meute::index
