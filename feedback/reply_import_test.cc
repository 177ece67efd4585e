#include "feedback/reply_import.h"

#include <unistd.h>

#include <filesystem>
#include <string>

#include "absl/strings/str_cat.h"
#include "base/file_util.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace meute::feedback {
namespace {

using ::testing::HasSubstr;

TEST(ReadMbox, ReadsRepliesWithAuthorDateAndReason) {
  const std::string mbox =
      "From ana@example.org Mon Dec  7 10:00:00 2026\n"
      "From: Ana <ana@example.org>\n"
      "Date: Mon, 7 Dec 2026 10:00:00 +0100\n"
      "Subject: Re: meute reject mipyrail/partner/automotech\n"
      "\n"
      "Le lun. 7 déc. 2026, Meute a écrit :\n"
      "> quoted\n"
      "Déjà partenaires depuis 2024.\n"
      "\n"
      "From bob@example.org Mon Dec  7 11:00:00 2026\n"
      "From: bob@example.org\n"
      "Date: Tue, 8 Dec 2026 11:00:00 +0100\n"
      "Subject: Hello\n"
      "\n"
      "Not an answer\n"
      "\n"
      "From cy@example.org Mon Dec  7 11:00:00 2026\n"
      "From: cy@example.org\n"
      "Date: Tue, 8 Dec 2026 11:00:00 +0100\n"
      "Subject: Re: meute accept\n"
      " mipyrail/call/call-x\n"
      "\n";
  const ImportResult r = ReadMbox("replies.mbox", mbox);
  ASSERT_EQ(r.replies.size(), 2u);
  EXPECT_EQ(r.replies[0].answer.id.ToString(), "mipyrail/partner/automotech");
  EXPECT_EQ(r.replies[0].answer.verdict, Verdict::kReject);
  EXPECT_EQ(r.replies[0].answer.author, "Ana <ana@example.org>");
  EXPECT_EQ(r.replies[0].answer.date, "2026-12-07");
  EXPECT_EQ(r.replies[0].answer.reason, "Déjà partenaires depuis 2024.");
  EXPECT_EQ(r.replies[0].answer.source, "replies.mbox:1");
  EXPECT_EQ(r.replies[1].answer.id.ToString(), "mipyrail/call/call-x");  // Folded subject.
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_THAT(r.errors[0], HasSubstr("replies.mbox:10: subject \"Hello\" holds no answer"));
}

TEST(ReadCsv, ReadsAFormExportAndNamesBadLines) {
  const std::string csv =
      "date,id,answer,author,reason\n"
      "2026-12-07,mipyrail/partner/automotech,known,ana,\"déjà, partenaires\"\n"
      "2026-12-07,mipyrail/partner/automotech,undo,ana,\n"
      "2026-13-07,mipyrail/partner/derbi,reject,ana,\n"
      "2026-12-07,mipyrail/friend/derbi,reject,ana,\n";
  const ImportResult r = ReadCsv("form.csv", csv);
  ASSERT_EQ(r.replies.size(), 2u);
  EXPECT_EQ(r.replies[0].answer.verdict, Verdict::kKnown);
  EXPECT_EQ(r.replies[0].answer.reason, "déjà, partenaires");
  EXPECT_TRUE(r.replies[1].undo);
  ASSERT_EQ(r.errors.size(), 2u);
  EXPECT_THAT(r.errors[0], HasSubstr("form.csv:4: date"));
  EXPECT_THAT(r.errors[1], HasSubstr("form.csv:5: unknown suggestion kind \"friend\""));
}

TEST(ReadCsv, HeaderWithoutIdIsRefused) {
  const ImportResult r = ReadCsv("form.csv", "date,answer,author\n2026-12-07,reject,ana\n");
  EXPECT_TRUE(r.replies.empty());
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_THAT(r.errors[0], HasSubstr("form.csv:1: the header names no column \"id\""));
}

TEST(ReadJsonLines, ReadsObjects) {
  const ImportResult r = ReadJsonLines(
      "form.jsonl",
      "{\"id\":\"m/buyer/news-1\",\"answer\":\"accept\",\"author\":\"a\",\"date\":\"2026-12-01\"}\n"
      "[1]\n");
  ASSERT_EQ(r.replies.size(), 1u);
  EXPECT_EQ(r.replies[0].answer.id.kind, SuggestionKind::kBuyer);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_THAT(r.errors[0], HasSubstr("form.jsonl:2: not a JSON object"));
}

TEST(ReadReplies, ReadsAMaildirAndRefusesAFolderWithoutMessages) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / absl::StrCat("meute_maildir_", ::getpid());
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir / "new");
  std::filesystem::create_directories(dir / "cur");
  EXPECT_TRUE(absl::IsInvalidArgument(ReadReplies(dir.string()).status()));
  ASSERT_TRUE(WriteFileAtomically((dir / "new" / "1.host").string(),
                                  "From: ana@x.org\r\nDate: Tue, 1 Dec 2026 09:00:00 +0100\r\n"
                                  "Subject: RE: meute undo mipyrail/partner/derbi\r\n\r\nOups\r\n")
                  .ok());
  absl::StatusOr<ImportResult> r = ReadReplies(dir.string());
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->replies.size(), 1u);
  EXPECT_TRUE(r->replies[0].undo);
  EXPECT_EQ(r->replies[0].answer.date, "2026-12-01");
  EXPECT_EQ(r->replies[0].answer.reason, "Oups");
  EXPECT_THAT(r->replies[0].answer.source, HasSubstr("1.host:1"));
  std::filesystem::remove_all(dir);
}

TEST(MailDate, ParsesRfc5322) {
  EXPECT_EQ(*MailDate("Mon, 07 Dec 2026 10:00:00 +0100"), "2026-12-07");
  EXPECT_EQ(*MailDate("7 Dec 2026 10:00:00 +0100"), "2026-12-07");
  EXPECT_FALSE(MailDate("31 Feb 2026 10:00").ok());
  EXPECT_FALSE(MailDate("").ok());
}

}  // namespace
}  // namespace meute::feedback
