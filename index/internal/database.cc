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

namespace fs = std::filesystem;

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

std::string RebuildDir(absl::string_view db_dir) { return absl::StrCat(db_dir, ".rebuild"); }
std::string OldDir(absl::string_view db_dir) { return absl::StrCat(db_dir, ".old"); }

absl::Status SwapInRebuilt(const std::string& rebuilt, const std::string& db_dir) {
  std::error_code ec;
  const std::string old_dir = OldDir(db_dir);
  fs::remove_all(old_dir, ec);
  if (fs::exists(db_dir, ec)) {
    fs::rename(db_dir, old_dir, ec);
    if (ec) {
      return absl::InternalError(absl::StrCat("moving \"", db_dir, "\" aside: ", ec.message()));
    }
  }
  fs::rename(rebuilt, db_dir, ec);
  if (ec) {
    const std::string message = ec.message();
    fs::rename(old_dir, db_dir, ec);
    return absl::InternalError(
        absl::StrCat("moving the rebuilt index to \"", db_dir, "\": ", message));
  }
  fs::remove_all(old_dir, ec);
  return absl::OkStatus();
}

}  // namespace meute::index::internal
