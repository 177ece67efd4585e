// Progress of a nightly run: counters the run updates (atomics, cheap), and a
// bar that a terminal user sees redrawn a few times per second on stderr:
//   indexing [##########----------]  52%  52,000 records  1,480 rec/s  ETA 0:32
// The fraction and ETA follow the input bytes read (known for every file
// before indexing starts, so the ETA covers the whole run); the rate follows
// records.
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
  std::atomic<uint64_t> done_bytes{0};
  std::atomic<uint64_t> records{0};  // Records read and dealt with.
  std::atomic<uint64_t> written{0};  // Records the writer finished.
};

struct ProgressSnapshot {
  Phase phase = Phase::kStarting;
  uint64_t total_bytes = 0;
  uint64_t done_bytes = 0;
  uint64_t records = 0;
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
