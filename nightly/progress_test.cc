#include "nightly/progress.h"

#include <string>

#include "gtest/gtest.h"

namespace meute::nightly {
namespace {

TEST(RenderProgress, ShowsBarRateAndEta) {
  ProgressSnapshot s;
  s.phase = Phase::kIndexing;
  s.total_bytes = 1000;
  s.read_bytes = 500;
  s.read_records = 24690;
  s.done_records = 12345;  // Half of what was read: a quarter of the input.
  s.phase_elapsed_s = 10;
  EXPECT_EQ(RenderProgress(s, 100),
            "indexing   [#####---------------]  25%  12,345 records  1,234 rec/s  ETA 0:30");
}

TEST(RenderProgress, OtherPhasesShowElapsedTime) {
  ProgressSnapshot s;
  s.phase = Phase::kCommitting;
  s.done_records = 100000;
  s.phase_elapsed_s = 75;
  EXPECT_EQ(RenderProgress(s, 100), "committing 100,000 records  1:15");
}

TEST(RenderProgress, FitsTheWidth) {
  ProgressSnapshot s;
  s.phase = Phase::kIndexing;
  s.total_bytes = 10;
  s.read_bytes = 5;
  s.read_records = 5;
  s.done_records = 5;
  s.phase_elapsed_s = 1;
  EXPECT_LE(RenderProgress(s, 30).size(), 30u);
}

}  // namespace
}  // namespace meute::nightly
