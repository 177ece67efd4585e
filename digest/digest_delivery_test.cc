#include "digest/digest_delivery.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "base/file_util.h"
#include "digest/digest_testing.h"

namespace meute::digest {
namespace {

std::string TempFolder(const std::string& name) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("meute_digest_delivery_" + name);
  std::filesystem::remove_all(dir);
  return dir.string();
}

TEST(DigestFormat, ParsesTheFourNamesAndTheirExtensions) {
  for (const char* name : {"md", "html", "eml", "json"}) {
    absl::StatusOr<DigestFormat> format = ParseDigestFormat(name);
    ASSERT_TRUE(format.ok()) << format.status();
    EXPECT_EQ(DigestExtension(*format), name);
  }
  EXPECT_EQ(ParseDigestFormat("pdf").status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(DigestFormat, RendersAsTheRenderersDo) {
  const Digest d = testing::SampleDigest();
  EXPECT_EQ(*RenderDigest(d, DigestFormat::kMarkdown), RenderDigestMarkdown(d));
  EXPECT_EQ(*RenderDigest(d, DigestFormat::kHtml), RenderDigestHtml(d));
  EXPECT_EQ(*RenderDigest(d, DigestFormat::kJson), DigestToJson(d));
  EXPECT_EQ(*RenderDigest(d, DigestFormat::kEmail), *RenderDigestEmail(d));
}

TEST(DigestWeek, GivenWeekOrTheWeekOfToday) {
  EXPECT_EQ(*DigestWeek("2026-W48", "2020-01-01"), (IsoWeek{2026, 48}));
  EXPECT_EQ(*DigestWeek("", "2026-11-29"), (IsoWeek{2026, 48}));  // A Sunday.
  EXPECT_EQ(*DigestWeek("", "2026-11-30"), (IsoWeek{2026, 49}));
  EXPECT_EQ(DigestWeek("2026-W60", "").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(DigestWeek("", "hier").status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(DeliverDigests, WritesOneFilePerClusterNamedByWeek) {
  const std::string dir = TempFolder("files");
  ASSERT_TRUE(CreateOutputFolder(dir + "/sub").ok());
  DeliveryOptions options;
  options.format = DigestFormat::kJson;
  options.out_dir = dir + "/sub";
  const std::vector<absl::StatusOr<Digest>> digests = {testing::SampleDigest(),
                                                       testing::EmptyDigest()};
  absl::StatusOr<DeliveryReport> report = DeliverDigests({"a", "b"}, digests, {2026, 48}, options);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->written, 2);
  EXPECT_EQ(report->sent, 0);
  EXPECT_EQ(*ReadFileToString(dir + "/sub/2026-W48-a.json"), DigestToJson(*digests[0]));
  EXPECT_EQ(*ReadFileToString(dir + "/sub/2026-W48-b.json"), DigestToJson(*digests[1]));
  std::filesystem::remove_all(dir);
}

TEST(DeliverDigests, StopsAtADigestThatFailed) {
  DeliveryOptions options;
  options.out_dir = TempFolder("failed");
  ASSERT_TRUE(CreateOutputFolder(options.out_dir).ok());
  const std::vector<absl::StatusOr<Digest>> digests = {absl::NotFoundError("no cluster x"),
                                                       testing::SampleDigest()};
  EXPECT_EQ(DeliverDigests({"x", "a"}, digests, {2026, 48}, options).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_TRUE(std::filesystem::is_empty(options.out_dir));
  std::filesystem::remove_all(options.out_dir);
}

TEST(DeliverDigests, PipesEveryMessageAndReportsEachRefusal) {
  const std::string dir = TempFolder("pipe");
  ASSERT_TRUE(CreateOutputFolder(dir).ok());
  DeliveryOptions options;
  options.format = DigestFormat::kEmail;
  options.sendmail = "cat >> " + dir + "/spool";
  const std::vector<absl::StatusOr<Digest>> digests = {testing::SampleDigest(),
                                                       testing::SampleDigest()};
  absl::StatusOr<DeliveryReport> report = DeliverDigests({"a", "b"}, digests, {2026, 48}, options);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->sent, 2);
  EXPECT_TRUE(report->send_error.ok());
  const std::string spool = *ReadFileToString(dir + "/spool");
  EXPECT_EQ(spool.find("\r\n"), std::string::npos);  // LF line ends for sendmail.

  std::vector<std::string> refused;
  options.sendmail = "false";
  options.on_send_error = [&](absl::string_view cluster, const absl::Status&) {
    refused.emplace_back(cluster);
  };
  report = DeliverDigests({"a", "b"}, digests, {2026, 48}, options);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->sent, 0);
  // One message, the exit status as the command gave it (never a raw wait status).
  EXPECT_THAT(report->send_error.message(),
              ::testing::HasSubstr("sendmail command \"false\" exited with status 1"));
  EXPECT_THAT(report->send_error.message(), ::testing::Not(::testing::HasSubstr("256")));
  EXPECT_THAT(refused, ::testing::ElementsAre("a", "b"));
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace meute::digest
