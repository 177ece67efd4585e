#include "nightly/progress.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace meute::nightly {
namespace {

const char* PhaseName(Phase phase) {
  switch (phase) {
    case Phase::kStarting:
      return "starting";
    case Phase::kFetching:
      return "fetching";
    case Phase::kIndexing:
      return "indexing";
    case Phase::kDeleting:
      return "deleting";
    case Phase::kCommitting:
      return "committing";
    case Phase::kModel:
      return "model";
    case Phase::kDone:
      return "done";
  }
  return "";
}

// 1234567 -> "1,234,567".
std::string Grouped(uint64_t n) {
  std::string digits = absl::StrCat(n);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

std::string Duration(double s) {
  const int64_t total = static_cast<int64_t>(s + 0.5);
  if (total >= 3600) {
    return absl::StrFormat("%d:%02d:%02d", total / 3600, (total / 60) % 60, total % 60);
  }
  return absl::StrFormat("%d:%02d", total / 60, total % 60);
}

}  // namespace

std::string RenderProgress(const ProgressSnapshot& s, int width) {
  std::string line = absl::StrFormat("%-10s ", PhaseName(s.phase));
  if (s.phase == Phase::kIndexing && s.total_bytes > 0) {
    double fraction = static_cast<double>(s.read_bytes) / static_cast<double>(s.total_bytes);
    if (s.read_records > 0) {
      fraction *=
          std::min(1.0, static_cast<double>(s.done_records) / static_cast<double>(s.read_records));
    }
    fraction = std::clamp(fraction, 0.0, 1.0);
    const int bar = 20;
    const int full = static_cast<int>(fraction * bar);
    absl::StrAppend(&line, "[", std::string(static_cast<size_t>(full), '#'),
                    std::string(static_cast<size_t>(bar - full), '-'), "] ",
                    absl::StrFormat("%3d%%", static_cast<int>(fraction * 100)));
    absl::StrAppend(&line, "  ", Grouped(s.done_records), " records");
    if (s.phase_elapsed_s > 0.5) {
      absl::StrAppend(
          &line, "  ",
          Grouped(static_cast<uint64_t>(static_cast<double>(s.done_records) / s.phase_elapsed_s)),
          " rec/s");
      if (fraction > 0.001 && fraction < 1.0) {
        absl::StrAppend(&line, "  ETA ", Duration(s.phase_elapsed_s * (1.0 - fraction) / fraction));
      }
    }
  } else {
    absl::StrAppend(&line, Grouped(s.done_records), " records  ", Duration(s.phase_elapsed_s));
  }
  if (width > 0 && line.size() > static_cast<size_t>(width))
    line.resize(static_cast<size_t>(width));
  return line;
}

int TerminalWidth(int fd) {
  winsize ws{};
  if (::ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 10) return ws.ws_col;
  return 80;
}

ProgressBar::ProgressBar(const ProgressCounters* counters, FILE* out, int width)
    : counters_(counters), out_(out), width_(width) {
  thread_ = std::thread([this] { Loop(); });
}

ProgressBar::~ProgressBar() { Stop(); }

void ProgressBar::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stop_ && !thread_.joinable()) return;
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
  std::fputs("\r\x1b[K", out_);
  std::fflush(out_);
}

void ProgressBar::Loop() {
  using Clock = std::chrono::steady_clock;
  Phase phase = Phase::kStarting;
  Clock::time_point phase_start = Clock::now();
  std::unique_lock<std::mutex> lock(mu_);
  while (!stop_) {
    ProgressSnapshot s;
    s.phase = static_cast<Phase>(counters_->phase.load());
    if (s.phase != phase) {
      phase = s.phase;
      phase_start = Clock::now();
    }
    s.total_bytes = counters_->total_bytes.load();
    s.read_bytes = counters_->read_bytes.load();
    s.read_records = counters_->read_records.load();
    s.done_records = counters_->skipped.load() + counters_->written.load();
    s.phase_elapsed_s = std::chrono::duration<double>(Clock::now() - phase_start).count();
    const std::string line = RenderProgress(s, width_ - 1);
    std::fprintf(out_, "\r%s\x1b[K", line.c_str());
    std::fflush(out_);
    cv_.wait_for(lock, std::chrono::milliseconds(200));
  }
}

}  // namespace meute::nightly
