// What a `meute nightly` run did: counts, durations, each source's outcome and
// each rejected record with its file and line. Written as JSON with --report
// (format below, DO NOT CHANGE field meanings: monitoring reads them) and
// summed up in one line.
//
//   {"version":1, "status":"ok"|"partial"|"error"|"locked", "exit_code":0,
//    "error":"...", "config":..., "index":..., "shards":1, "rebuild":false,
//    "started":"2026-11-26T02:00:00Z", "finished":..., "duration_s":12.3,
//    "durations_s":{"fetch":..,"index":..,"commit":..,"state":..,"model":..},
//    "counts":{"read":..,"added":..,"updated":..,"unchanged":..,"deleted":..,
//              "rejected":..,"warnings":..,"analysed":..,"files_unreadable":..},
//    "documents":100000, "model":"refreshed"|"unchanged"|"disabled"|"...",
//    "sources":[{"name":..,"location":..,"status":"ok"|"failed","error":..,
//                "fetch":"local"|"fetched"|"not_modified","files":..,"bytes":..,
//                "read":..,"rejected":..,"skipped_unchanged":..,"queued":..,
//                "deleted":..,"duration_s":..,"files_unreadable":..,
//                "unreadable":["FILE",...],"skipped":["FILE (reason)",...]}],
//    "rejects":[{"source":..,"file":..,"line":12,"message":..}],
//    "rejects_truncated":false}
//
// Thread safety: plain values.

#ifndef MEUTE_NIGHTLY_REPORT_H_
#define MEUTE_NIGHTLY_REPORT_H_

#include <cstdint>
#include <string>
#include <vector>

namespace meute::nightly {

// More rejects than this are counted but not listed.
inline constexpr size_t kMaxListedRejects = 10000;

enum class RunStatus {
  kOk,       // Everything read was committed.
  kPartial,  // Committed, but some records were rejected or some sources failed.
  kError,    // The run stopped; the index keeps its last committed batch.
  kLocked,   // Another writer was running; nothing was done.
};

struct SourceReport {
  std::string name;
  std::string location;
  bool ok = true;
  std::string error;
  std::string fetch = "local";  // "local", "fetched" or "not_modified".
  uint64_t files = 0;
  uint64_t bytes = 0;
  uint64_t read = 0;      // Records the readers produced.
  uint64_t rejected = 0;  // Records the readers or the run refused.
  uint64_t warnings = 0;
  // Files a reader could not read, or read only in part (a file-level error:
  // `meute index` counts them the same way); the source's records that such a
  // file may still hold are neither deleted nor forgotten.
  uint64_t files_unreadable = 0;
  std::vector<std::string> unreadable;
  // Files of a folder source that are not record sources: "FILE (reason)",
  // as `meute index` says (ingest::NotARecordSource()); not read.
  std::vector<std::string> skipped;
  uint64_t skipped_unchanged = 0;  // Same hash as the last run: not even analysed.
  uint64_t queued = 0;             // Handed to the writer.
  uint64_t deleted = 0;            // Deletions queued (ids gone from the source).
  double duration_s = 0;
};

struct Reject {
  std::string source;
  std::string file;
  int line = 0;
  std::string message;
};

struct RunReport {
  RunStatus status = RunStatus::kOk;
  int exit_code = 0;
  std::string error;  // Why the run stopped (kError, kLocked), or "".
  std::string config;
  std::string index;
  int shards = 1;
  bool rebuild = false;
  std::string started;  // ISO 8601 UTC.
  std::string finished;
  double duration_s = 0;
  double fetch_s = 0;
  double index_s = 0;  // Reading, analysing and writing.
  double commit_s = 0;
  double state_s = 0;
  double model_s = 0;

  uint64_t read = 0;
  uint64_t added = 0;
  uint64_t updated = 0;
  uint64_t unchanged = 0;
  uint64_t deleted = 0;
  uint64_t rejected = 0;
  uint64_t warnings = 0;
  uint64_t analysed = 0;
  uint64_t files_unreadable = 0;
  uint64_t documents = 0;
  std::string model = "disabled";

  std::vector<SourceReport> sources;
  std::vector<Reject> rejects;
  bool rejects_truncated = false;

  // The JSON document above, one line.
  std::string ToJson() const;

  // "meute nightly: ok: 3 sources, 1200 records read, 15 indexed, 1185
  // unchanged, 2 deleted, 0 rejected (12 added, 3 updated) in 4.2 s; index
  // /var/lib/meute/index holds 5000 documents", the words of `meute index`.
  std::string SummaryLine() const;
};

// "ok", "partial", "error", "locked".
const char* RunStatusName(RunStatus status);

}  // namespace meute::nightly

#endif  // MEUTE_NIGHTLY_REPORT_H_
