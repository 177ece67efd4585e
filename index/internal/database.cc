#include "index/internal/database.h"

#include <filesystem>
#include <string>
#include <system_error>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "index/schema.h"
#include "index/xapian_status.h"
#include "ingest/analyzer.h"

namespace meute::index::internal {
namespace {

absl::Status CheckOne(const Xapian::Database& db, absl::string_view db_dir, absl::string_view key,
                      int expected, absl::string_view what) {
  std::string stored;
  MEUTE_RETURN_IF_ERROR(
      CallXapian("reading metadata", [&] { stored = db.get_metadata(std::string(key)); }));
  if (stored.empty()) {
    Xapian::doccount count = 0;
    MEUTE_RETURN_IF_ERROR(CallXapian("counting", [&] { count = db.get_doccount(); }));
    if (count == 0) return absl::OkStatus();
    return absl::FailedPreconditionError(
        absl::StrCat("index \"", db_dir, "\" is not a Meute index (no ", what,
                     " stored): rebuild it with `meute index --rebuild --db ", db_dir, " ...`"));
  }
  int version = 0;
  if (!absl::SimpleAtoi(stored, &version) || version != expected) {
    return absl::FailedPreconditionError(absl::StrCat(
        "index \"", db_dir, "\" was built with ", what, " ", stored, " but this meute uses ",
        expected, ": rebuild it with `meute index --rebuild --db ", db_dir, " ...`"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status CheckVersions(const Xapian::Database& db, absl::string_view db_dir) {
  if (absl::Status s =
          CheckOne(db, db_dir, kMetaAnalyzerVersion, ingest::kAnalyzerVersion, "analyzer version");
      !s.ok()) {
    return s;
  }
  return CheckOne(db, db_dir, kMetaSchemaVersion, kSchemaVersion, "index schema version");
}

absl::StatusOr<Xapian::Database> OpenForReading(absl::string_view db_dir) {
  std::error_code ec;
  if (!std::filesystem::is_directory(std::string(db_dir), ec)) {
    return absl::NotFoundError(absl::StrCat(
        "no index at \"", db_dir, "\" (create it with `meute index --db ", db_dir, " FILE...`)"));
  }
  Xapian::Database db;
  absl::Status s = CallXapian(absl::StrCat("opening index \"", db_dir, "\""),
                              [&] { db = Xapian::Database(std::string(db_dir)); });
  if (!s.ok()) return s;
  if (s = CheckVersions(db, db_dir); !s.ok()) return s;
  return db;
}

}  // namespace meute::index::internal
