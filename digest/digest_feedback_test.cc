#include "digest/digest_feedback.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "digest/digest_render.h"
#include "digest/digest_testing.h"

namespace meute::digest {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

ingest::Document Cluster(const std::string& id, const std::string& name) {
  ingest::Document d;
  d.id = id;
  d.kind = ingest::Kind::kCluster;
  d.name = name;
  d.title = name;
  return d;
}

// Three partners for every cluster: a (0.9), b (0.8), c (0.7).
class ThreePartners : public DigestEvidence {
 public:
  absl::StatusOr<std::vector<RankedCall>> CallsFor(absl::string_view,
                                                   absl::string_view) const override {
    return std::vector<RankedCall>{};
  }
  RecordMatch Match(absl::string_view, absl::string_view) const override { return {}; }
  absl::StatusOr<DigestConsortium> ConsortiumFor(absl::string_view,
                                                 absl::string_view) const override {
    return DigestConsortium{};
  }
  absl::StatusOr<std::vector<DigestPartner>> PartnersFor(absl::string_view,
                                                         absl::string_view) const override {
    std::vector<DigestPartner> out;
    const std::vector<std::pair<std::string, double>> scores = {{"a", 0.9}, {"b", 0.8}, {"c", 0.7}};
    for (const auto& [id, score] : scores) {
      DigestPartner p;
      p.cluster = {id, id};
      p.score = score;
      out.push_back(p);
    }
    return out;
  }
  std::vector<ThemeEvidence> Themes(absl::string_view) const override { return {}; }
};

// a and b share term 0; c is term 1.
recommend::TermWeights Weigh(feedback::SuggestionKind, absl::string_view target) {
  if (target == "c") return {{1, 1.0f}};
  return {{0, 1.0f}};
}

feedback::Answer Reject(const std::string& cluster, const std::string& target) {
  feedback::Answer a;
  a.seq = 1;
  a.id = {cluster, feedback::SuggestionKind::kPartner, target};
  a.verdict = feedback::Verdict::kReject;
  a.date = "2026-11-20";
  a.author = "ana";
  return a;
}

std::vector<std::string> Ids(const std::vector<DigestPartner>& partners) {
  std::vector<std::string> out;
  for (const DigestPartner& p : partners) out.push_back(p.cluster.id);
  return out;
}

TEST(FeedbackEvidence, RejectedPartnerIsHiddenSimilarOneMovesDownAndTheDigestSaysWhy) {
  const DigestCorpus corpus({Cluster("m", "Mipyrail"), Cluster("a", "Automotech"),
                             Cluster("b", "B"), Cluster("c", "C"), Cluster("x", "X")});
  const ThreePartners base;
  feedback::FeedbackOptions options;
  options.weight = 1.0;
  const FeedbackEvidence evidence(base, corpus, {Reject("m", "a")}, Weigh, options);
  absl::StatusOr<std::vector<DigestPartner>> partners = evidence.PartnersFor("m", "2026-11-23");
  ASSERT_TRUE(partners.ok());
  EXPECT_EQ(Ids(*partners), (std::vector<std::string>{"c", "b"}));
  EXPECT_THAT((*partners)[1].feedback_note,
              HasSubstr("proche de « Automotech », que vous avez écarté"));
  const std::vector<DigestFeedbackNote> notes = evidence.FeedbackNotes("m", "2026-11-23");
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_EQ(notes[0].id, "m/partner/a");
  EXPECT_THAT(notes[0].text, HasSubstr("« Automotech » n’est plus suggéré depuis votre refus"));
  // Before the answer, and for another cluster, nothing changes.
  EXPECT_EQ(Ids(*evidence.PartnersFor("m", "2026-11-19")),
            (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(Ids(*evidence.PartnersFor("x", "2026-11-23")),
            (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_TRUE(evidence.FeedbackNotes("x", "2026-11-23").empty());
}

// One buyer need, answered for every cluster by one member.
class OneBuyer : public ThreePartners {
 public:
  std::optional<BuyerEvidence> BuyerFor(const ingest::Document&, absl::string_view cluster_id,
                                        absl::string_view) const override {
    BuyerEvidence b;
    b.need = "des capteurs de maintenance prédictive";
    b.members.push_back({"m-1", "Capteurs", std::string(cluster_id), {"capteurs"}});
    b.cluster_rank = 1;
    b.group = {std::string(cluster_id)};
    b.score = 0.5;
    return b;
  }
};

TEST(FeedbackEvidence, RejectedBuyerIsHiddenUntilTheConfiguredExpiry) {
  const DigestCorpus corpus({Cluster("m", "Mipyrail"), Cluster("x", "X")});
  const OneBuyer base;
  feedback::FeedbackOptions options;
  options.expiry_days = 10;
  feedback::Answer reject = Reject("m", "news-1");
  reject.id.kind = feedback::SuggestionKind::kBuyer;
  const FeedbackEvidence evidence(base, corpus, {reject}, Weigh, options);
  ingest::Document news;
  news.id = "news-1";
  news.kind = ingest::Kind::kNews;
  auto shown = [&](absl::string_view cluster, absl::string_view as_of) {
    const std::optional<BuyerEvidence> b = evidence.BuyerFor(news, cluster, as_of);
    return b.has_value() && !b->members.empty() && b->cluster_rank > 0;
  };
  EXPECT_TRUE(shown("m", "2026-11-19"));   // Before the answer.
  EXPECT_FALSE(shown("m", "2026-11-23"));  // Rejected on 2026-11-20.
  EXPECT_FALSE(shown("m", "2026-11-29"));  // 9 days later.
  EXPECT_TRUE(shown("m", "2026-11-30"));   // Expired after 10 days.
  EXPECT_TRUE(shown("x", "2026-11-23"));   // Another cluster's item.
}

TEST(FeedbackRendering, EveryFormatCarriesTheIdsAndHtmlTheAnswerLinks) {
  Digest d = testing::SampleDigest();
  ASSERT_FALSE(d.partners.empty());
  ASSERT_FALSE(d.calls.empty());
  d.feedback_links.mailto = "veille@example.org";
  d.partners[0].feedback_note = "remonté : proche de « X »";
  d.feedback_notes.push_back({"mipyrail/partner/z", "« Z » n’est plus suggéré"});
  const std::string pid = "mipyrail/partner/" + d.partners[0].cluster.id;
  const std::string cid = "mipyrail/call/" + d.calls[0].id;
  const std::string md = RenderDigestMarkdown(d);
  EXPECT_THAT(md, HasSubstr("réf. `" + pid + "`"));
  EXPECT_THAT(md, HasSubstr("réf. `" + cid + "`"));
  EXPECT_THAT(md, HasSubstr("remonté : proche de « X »"));
  EXPECT_THAT(md, HasSubstr("« Z » n’est plus suggéré"));
  const std::string html = RenderDigestHtml(d);
  EXPECT_THAT(
      html,
      HasSubstr("href=\"mailto:veille@example.org?subject=meute%20reject%20mipyrail%2Fpartner%2F"));
  EXPECT_THAT(html, HasSubstr("meute%20known%20mipyrail%2Fcall%2F"));
  absl::StatusOr<std::string> eml = RenderDigestEmail(d);
  ASSERT_TRUE(eml.ok());
  EXPECT_THAT(*eml, HasSubstr("mailto:"));
  const std::string json = DigestToJson(d);
  EXPECT_THAT(json, HasSubstr("\"suggestion_id\": \"" + pid + "\""));
  absl::StatusOr<Digest> back = DigestFromJson(json);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->partners[0].feedback_note, d.partners[0].feedback_note);
  ASSERT_EQ(back->feedback_notes.size(), 1u);
  EXPECT_EQ(back->feedback_links.mailto, "veille@example.org");
}

TEST(FeedbackRendering, UrlTemplateReplacesMailtoAndNoLinksWithoutConfiguration) {
  Digest d = testing::SampleDigest();
  d.feedback_links.mailto = "veille@example.org";
  d.feedback_links.url_template = "https://forms.example/a?id={id}&v={answer}";
  const std::string html = RenderDigestHtml(d);
  EXPECT_THAT(html, HasSubstr("https://forms.example/a?id=mipyrail%2Fpartner%2F"));
  EXPECT_THAT(html, Not(HasSubstr("mailto:")));
  d.feedback_links = {};
  EXPECT_THAT(RenderDigestHtml(d), Not(HasSubstr("mailto:")));
  EXPECT_THAT(RenderDigestHtml(d), Not(HasSubstr("forms.example")));
  EXPECT_THAT(RenderDigestHtml(d), HasSubstr("réf. mipyrail/partner/"));
  EXPECT_EQ(MailboxAddress("Meute <meute@x.org>"), "meute@x.org");
  EXPECT_EQ(MailboxAddress(" meute@x.org "), "meute@x.org");
}

}  // namespace
}  // namespace meute::digest
