// Progress of a nightly run: counters the run updates (atomics, cheap), and a
// bar that a terminal user sees redrawn a few times per second on stderr:
//   indexing [##########----------]  52%  52,000 records  1,480 rec/s  ETA 0:32
// The fraction and ETA follow the input bytes (their total is known before
// indexing starts, so the ETA covers the whole run): the bytes read, scaled by
// the share of the records read so far that are done (written, or skipped as
// unchanged), since the reader runs ahead of the writer. The rate counts
// records done.
//
// Thread safety: ProgressCounters may be updated and read from any thread.
// A ProgressBar is started and stopped from one thread.

#ifndef MEUTE_NIGHTLY_PROGRESS_H_
#define MEUTE_NIGHTLY_PROGRESS_H_

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <mutex>
#include <string>
#include <thread>

namespace meute::nightly {

enum class Phase : int {
  kStarting,
  kFetching,
  kIndexing,
  kDeleting,
  kCommitting,
  kModel,
  kDone,
};

struct ProgressCounters {
  std::atomic<int> phase{static_cast<int>(Phase::kStarting)};
  std::atomic<uint64_t> total_bytes{0};
  std::atomic<uint64_t> read_bytes{0};    // Input read so far.
  std::atomic<uint64_t> read_records{0};  // Records in that input.
  std::atomic<uint64_t> skipped{0};       // Unchanged since the last run: not written.
  std::atomic<uint64_t> written{0};       // Records and deletions the writer finished.
};

struct ProgressSnapshot {
  Phase phase = Phase::kStarting;
  uint64_t total_bytes = 0;
  uint64_t read_bytes = 0;
  uint64_t read_records = 0;
  uint64_t done_records = 0;   // skipped + written
  double phase_elapsed_s = 0;  // Since the current phase began.
};

// One line of the bar, at most `width` columns (no newline, no escape).
std::string RenderProgress(const ProgressSnapshot& snapshot, int width);

// Redraws RenderProgress() on `out` every 200 ms from its own thread, each
// time over the previous line; Stop() erases it.
class ProgressBar {
 public:
  ProgressBar(const ProgressCounters* counters, FILE* out, int width);
  ~ProgressBar();
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  void Stop();

 private:
  void Loop();

  const ProgressCounters* counters_;
  FILE* out_;
  int width_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread thread_;
};

// The number of columns of the terminal on `fd`, or 80.
int TerminalWidth(int fd);

}  // namespace meute::nightly

#endif  // MEUTE_NIGHTLY_PROGRESS_H_
