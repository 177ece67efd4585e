// The nightly batch run: pull every source of a configuration, index what
// changed, delete what an authoritative source dropped, remember it all for
// the next run, and say what happened (report.h).
//
// Steps:
//  1. lock: one run per state folder (run_lock.h); a second one is refused
//     (RunStatus::kLocked, exit code 4), as is any run while another process
//     holds the index's writer lock;
//  2. fetch: every source is resolved to files (a file or folder, a glob, or
//     an http(s) URL fetched conditionally: a 304 reuses the last body);
//  3. index: records are read (JSON Lines in chunks) and compared with the
//     source's state (same hash as at the last run and the index not touched
//     since). If every record of every source is so, nothing is written.
//     Otherwise near-duplicates are linked across all the records read, as
//     `meute index` does (index::LinkRecords(): both give the same database),
//     and every record is handed to the pipelined writer
//     (index/sharded_writer.h, the write path of `meute index` too), which
//     skips what the index already holds before analysis (same
//     index::RecordHash(), link included), analyses the rest on worker
//     threads, and commits in batches;
//  4. delete: ids that an authoritative source produced last time and no
//     source produced this time; never for a source that failed;
//  5. commit, then save each source's state (state.h); then refresh the
//     recommender model (a hook from tools/, so this library needs no Eigen).
// A record id belongs to the first source (in configuration order) that
// produces it; the same id from a later source is rejected, so every run
// converges to what a clean build of the same inputs gives. A kill -9 at any
// moment leaves the last committed batch readable; the next run redoes what
// was lost.
//
// Thread safety: RunNightly() may run once at a time per state folder (it
// takes the lock); it starts its own threads.

#ifndef MEUTE_NIGHTLY_NIGHTLY_H_
#define MEUTE_NIGHTLY_NIGHTLY_H_

#include <functional>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "nightly/config.h"
#include "nightly/progress.h"
#include "nightly/report.h"

namespace meute::nightly {

struct RunOptions {
  // Build a new index from every source and swap it in at the end (needed
  // after an analyzer or schema change, or to change the shard count). If a
  // source fails, the old index stays. Default: false.
  bool rebuild = false;
  // Overrides [index] shards. Default: unset.
  std::optional<int> shards;
  // Updated while running (may be null).
  ProgressCounters* progress = nullptr;
  // Refreshes the recommender model from the committed index; called after a
  // run that changed the index (or when `config.model.path` is missing) if
  // [model] enabled. Returns a short word for the report ("refreshed").
  // Unset: the report says "not built in".
  std::function<absl::StatusOr<std::string>(const NightlyConfig& config)> refresh_model;
  // True if the model at `config.model.path` is one this meute reads (its
  // file format version); a run that changed nothing still refreshes a
  // model for which it returns false. Unset: any existing model is current.
  std::function<bool(const NightlyConfig& config)> model_is_current;
};

// Exit code of a run where a source could not be read or fetched (a missing
// path, an unreadable file, a failed download); the other sources ran and were
// committed, and nothing of the failed one was deleted. DO NOT CHANGE: it is
// documented (deploy/README.md) and monitoring depends on it.
inline constexpr int kExitSourceFailed = 6;

// Runs the nightly batch described by `config`. Never prints: everything is
// in the report, whose exit_code follows tools/command.h: 0 ok; 1 error (the
// run stopped; the index keeps its last committed batch); 3 partial (some
// records rejected, or files a reader could not read or read only in part,
// as `meute index` counts them; everything else committed); 4 locked (another run or
// writer; nothing done); kExitSourceFailed (6) some sources failed (wins over
// 3). Missing folders (the index's parent, the state folder) are created 0750.
RunReport RunNightly(const NightlyConfig& config, const RunOptions& options);

}  // namespace meute::nightly

#endif  // MEUTE_NIGHTLY_NIGHTLY_H_
