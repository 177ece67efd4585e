#include "nightly/progress.h"

#include <string>

#include "gtest/gtest.h"

namespace meute::nightly {
namespace {

TEST(RenderProgress, ShowsBarRateAndEta) {
  ProgressSnapshot s;
  s.phase = Phase::kIndexing;
  s.total_bytes = 1000;
  s.done_bytes = 250;
  s.records = 12345;
  s.phase_elapsed_s = 10;
  EXPECT_EQ(RenderProgress(s, 100),
            "indexing   [#####---------------]  25%  12,345 records  1,234 rec/s  ETA 0:30");
}

TEST(RenderProgress, OtherPhasesShowElapsedTime) {
  ProgressSnapshot s;
  s.phase = Phase::kCommitting;
  s.records = 100000;
  s.phase_elapsed_s = 75;
  EXPECT_EQ(RenderProgress(s, 100), "committing 100,000 records  1:15");
}

TEST(RenderProgress, FitsTheWidth) {
  ProgressSnapshot s;
  s.phase = Phase::kIndexing;
  s.total_bytes = 10;
  s.done_bytes = 5;
  s.records = 5;
  s.phase_elapsed_s = 1;
  EXPECT_LE(RenderProgress(s, 30).size(), 30u);
}

}  // namespace
}  // namespace meute::nightly
