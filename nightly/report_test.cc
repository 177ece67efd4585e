#include "nightly/report.h"

#include <string>

#include <nlohmann/json.hpp>

#include "gtest/gtest.h"

namespace meute::nightly {
namespace {

RunReport Sample() {
  RunReport r;
  r.status = RunStatus::kPartial;
  r.exit_code = 3;
  r.index = "/var/lib/meute/index";
  r.read = 1200;
  r.added = 12;
  r.updated = 3;
  r.unchanged = 1184;
  r.deleted = 2;
  r.rejected = 1;
  r.duration_s = 4.2;
  r.documents = 5000;
  SourceReport s;
  s.name = "calls";
  s.location = "data/calls.jsonl";
  s.read = 1200;
  s.rejected = 1;
  r.sources.push_back(s);
  r.rejects.push_back({"calls", "data/calls.jsonl", 12, "field \"date\": expected YYYY-MM-DD"});
  return r;
}

TEST(RunReport, JsonHasCountsSourcesAndRejectsWithFileAndLine) {
  const nlohmann::json j = nlohmann::json::parse(Sample().ToJson());
  EXPECT_EQ(j["status"], "partial");
  EXPECT_EQ(j["exit_code"], 3);
  EXPECT_EQ(j["counts"]["added"], 12);
  EXPECT_EQ(j["counts"]["updated"], 3);
  EXPECT_EQ(j["counts"]["unchanged"], 1184);
  EXPECT_EQ(j["counts"]["deleted"], 2);
  EXPECT_EQ(j["counts"]["rejected"], 1);
  EXPECT_EQ(j["documents"], 5000);
  ASSERT_EQ(j["sources"].size(), 1u);
  EXPECT_EQ(j["sources"][0]["name"], "calls");
  EXPECT_EQ(j["sources"][0]["status"], "ok");
  ASSERT_EQ(j["rejects"].size(), 1u);
  EXPECT_EQ(j["rejects"][0]["file"], "data/calls.jsonl");
  EXPECT_EQ(j["rejects"][0]["line"], 12);
  EXPECT_FALSE(j.contains("error"));
}

TEST(RunReport, SummaryIsOneLine) {
  const std::string line = Sample().SummaryLine();
  EXPECT_EQ(line,
            "meute nightly: partial: 1 source, 1200 records read, 15 indexed, 1184 unchanged, 2 "
            "deleted, 1 rejected (12 added, 3 updated) in 4.2 s (286 records/s); index "
            "/var/lib/meute/index holds 5000 documents");
  RunReport locked;
  locked.status = RunStatus::kLocked;
  locked.error = "another `meute nightly` is running on this index (pid 42)";
  EXPECT_EQ(locked.SummaryLine(),
            "meute nightly: locked: another `meute nightly` is running on this index (pid 42)");
}

}  // namespace
}  // namespace meute::nightly
