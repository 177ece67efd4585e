// What `meute nightly` remembers of each source between runs, in its state
// folder (NightlyConfig::state_dir):
//   NAME.state.json   written atomically once a run has committed: the fetch
//                     validators (ETag, Last-Modified), the database
//                     fingerprint it matches, and every record id the source
//                     produced with its content hash;
//   NAME.pending      ids appended (and synced) before records that the state
//                     does not list yet are handed to the writer, so that a
//                     killed run never leaves in the index a record that no
//                     state knows (it could not be deleted later);
//   NAME.body         the last body fetched from a URL source (reused on 304);
//   nightly.lock      held (flock) while a run is going.
// Format of NAME.state.json (DO NOT CHANGE without bumping kStateVersion):
//   {"version":1,"source":NAME,"location":...,"fingerprint":...,
//    "etag":...,"last_modified":...,"format":...,"records":{ID:HASH,...}}
//
// Thread safety: StateStore is thread-compatible.

#ifndef MEUTE_NIGHTLY_STATE_H_
#define MEUTE_NIGHTLY_STATE_H_

#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace meute::nightly {

inline constexpr int kStateVersion = 1;

struct SourceState {
  std::string location;
  // index::DatabaseFingerprint() right after the run that wrote this state;
  // the record hashes are only trusted while the database still has it.
  std::string fingerprint;
  std::string etag;
  std::string last_modified;
  std::string format;  // URL sources: the reader chosen for the body.
  absl::flat_hash_map<std::string, std::string> records;  // id -> index::RecordHash()
  // Ids of the pending journal: maybe in the index, not in `records`.
  absl::flat_hash_set<std::string> pending;
};

class StateStore {
 public:
  explicit StateStore(std::string dir) : dir_(std::move(dir)) {}

  // Creates the folder if needed. kInvalidArgument if it cannot be created.
  absl::Status Init() const;

  // The state of source `name`, with its pending journal; an empty state if
  // the source was never run. kDataLoss if the file is unreadable as a state
  // (the message says to delete it, which makes the next run check every
  // record against the index).
  absl::StatusOr<SourceState> Load(absl::string_view name) const;

  // Writes the state of `name` atomically, then removes its pending journal.
  absl::Status Save(absl::string_view name, const SourceState& state) const;

  // Appends `ids` to the pending journal of `name` and syncs it to disk.
  absl::Status AppendPending(absl::string_view name, const std::vector<std::string>& ids) const;

  std::string StatePath(absl::string_view name) const;
  std::string PendingPath(absl::string_view name) const;
  std::string BodyPath(absl::string_view name) const;
  std::string LockPath() const;
  const std::string& dir() const { return dir_; }

 private:
  std::string dir_;
};

}  // namespace meute::nightly

#endif  // MEUTE_NIGHTLY_STATE_H_
