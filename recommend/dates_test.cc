#include "recommend/dates.h"

#include "gtest/gtest.h"

namespace meute::recommend {
namespace {

TEST(Dates, RoundTripsDayNumbers) {
  EXPECT_EQ(DayNumber("1970-01-01"), 0);
  EXPECT_EQ(DayNumber("2026-11-25").value() - DayNumber("2026-11-18").value(), 7);
  EXPECT_EQ(DateOfDay(DayNumber("2024-02-29").value()), "2024-02-29");
  EXPECT_EQ(DateOfDay(DayNumber("2026-03-01").value() - 1), "2026-02-28");
  EXPECT_FALSE(DayNumber("2026-02-30").has_value());
  EXPECT_FALSE(DayNumber("").has_value());
}

TEST(Dates, OpenCallsRespectOpeningAndDeadline) {
  ingest::Document call;
  call.opens = "2026-03-01";
  call.deadline = "2026-06-30";
  EXPECT_FALSE(IsOpenOn(call, "2026-02-28"));
  EXPECT_TRUE(IsOpenOn(call, "2026-03-01"));
  EXPECT_TRUE(IsOpenOn(call, "2026-06-30"));
  EXPECT_FALSE(IsOpenOn(call, "2026-07-01"));
  call.opens.clear();
  call.deadline.clear();
  EXPECT_TRUE(IsOpenOn(call, "2030-01-01"));
}

}  // namespace
}  // namespace meute::recommend
