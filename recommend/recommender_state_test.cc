#include "recommend/recommender_state.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "base/file_util.h"
#include "gtest/gtest.h"
#include "recommend/mapped_state.h"
#include "recommend/model.h"
#include "recommend/model_io.h"
#include "recommend/parts_of_speech.h"
#include "recommend/recommender.h"
#include "recommend/record_files.h"
#include "recommend/text_analysis.h"
#include "recommend/themes.h"

namespace meute::recommend {
namespace {

std::string Source(absl::string_view relative) {
  const char* dir = std::getenv("MEUTE_SOURCE_DIR");
  return absl::StrCat(dir != nullptr ? dir : ".", "/", relative);
}

std::string F(float v) { return absl::StrFormat("%.9g", v); }

std::string Show(const std::vector<Term>& terms) {
  std::string out;
  for (const Term& t : terms) absl::StrAppend(&out, t.stem, "/", t.word, ":", F(t.weight), " ");
  return out;
}

std::string Show(const std::vector<MemberEvidence>& members) {
  std::string out;
  for (const MemberEvidence& m : members) {
    absl::StrAppend(&out, m.id, "(", m.organisation, "):", F(m.score), "[");
    for (const std::string& w : m.words) absl::StrAppend(&out, w, ",");
    absl::StrAppend(&out, "] ");
  }
  return out;
}

std::string Show(const Consortium& c) {
  std::string out = absl::StrCat(c.call_id, " open=", c.open, " cov=", F(c.coverage), "\n");
  for (const Need& n : c.needs) {
    absl::StrAppend(&out, " need ", Show({n.term}), F(n.coverage), " ", n.cluster_id, " ",
                    n.member_id, "\n");
  }
  for (const ConsortiumCluster& cc : c.clusters) {
    absl::StrAppend(&out, " cluster ", cc.cluster_id, " ", cc.name, " ", F(cc.score), " ",
                    F(cc.gain), " ", Show(cc.brings), Show(cc.members), "\n");
  }
  absl::StrAppend(&out, " uncovered ", Show(c.uncovered), "\n ranking");
  for (const std::string& r : c.ranking) absl::StrAppend(&out, " ", r);
  return out;
}

std::string Show(const std::vector<CallMatch>& calls) {
  std::string out;
  for (const CallMatch& m : calls) {
    absl::StrAppend(&out, m.call_id, " ", m.open, " ", F(m.score), " ", m.cluster_rank, " ",
                    Show(m.terms), Show(m.members), "\n");
  }
  return out;
}

std::string Show(const std::vector<Partner>& partners) {
  std::string out;
  for (const Partner& p : partners) {
    absl::StrAppend(&out, p.cluster_id, " ", p.name, " ", F(p.score), " ", F(p.relatedness), " ",
                    F(p.evidence), " ", Show(p.terms), Show(p.members), "\n");
    for (const PartnerCall& c : p.calls) {
      absl::StrAppend(&out, "  call ", c.call_id, " ", F(c.relevance), " ", F(c.partner_relevance),
                      " ", F(c.gain), " ", Show(c.brings), "\n");
    }
  }
  return out;
}

std::string Show(const ThemeRun& run) {
  std::string out = absl::StrCat("k=", run.k, " docs=", run.documents, "\n");
  for (const Theme& t : run.themes) {
    absl::StrAppend(&out, t.id, " ", t.size, " ", Show(t.label), "\n ");
    for (const ThemeCluster& c : t.clusters) absl::StrAppend(&out, c.id, ":", F(c.share), " ");
    absl::StrAppend(&out, "\n");
  }
  return out;
}

// The bundled corpus, its model with the stored state as `model build`
// writes it, read back from the file bytes.
class RecommenderStateTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<std::unique_ptr<ingest::Analyzer>> a = ingest::Analyzer::Create();
    ASSERT_TRUE(a.ok()) << a.status();
    analyzer_ = a->release();
    docs_ = new std::vector<ingest::TermVector>();
    ASSERT_TRUE(
        AnalyzeRecordFiles(*analyzer_, {Source("corpora/occitanie")}, [](ingest::TermVector&& tv) {
          docs_->push_back(tv);
        }).ok());
    absl::StatusOr<Glossary> glossary =
        LoadGlossary(*analyzer_, Source("corpora/glossary/domain-glossary.tsv"));
    ASSERT_TRUE(glossary.ok()) << glossary.status();
    ModelOptions options;
    options.svd.rank = 32;
    absl::StatusOr<Model> built = Model::Build(*docs_, options, *glossary);
    ASSERT_TRUE(built.ok()) << built.status();
    ModelData data = built->data();
    data.state = ComputeRecommenderState(*analyzer_, *docs_);
    fresh_model_ = new Model(data);
    absl::StatusOr<ModelData> parsed = ParseModel(SerializeModel(data));
    ASSERT_TRUE(parsed.ok()) << parsed.status();
    stored_model_ = new Model(*std::move(parsed));
  }
  static void TearDownTestSuite() {
    delete stored_model_;
    delete fresh_model_;
    delete docs_;
    delete analyzer_;
  }
  static RecommenderOptions Options() {
    RecommenderOptions options;  // As OpenWorkspace() (tools/recommend_common.cc).
    absl::StatusOr<std::set<std::string, std::less<>>> boilerplate =
        LoadWordList(Source("corpora/glossary/call-boilerplate.txt"));
    EXPECT_TRUE(boilerplate.ok()) << boilerplate.status();
    if (boilerplate.ok()) options.boilerplate = *boilerplate;
    options.parts_of_speech = PartsOfSpeech::French();
    return options;
  }

  static ingest::Analyzer* analyzer_;
  static std::vector<ingest::TermVector>* docs_;
  static Model* fresh_model_;
  static Model* stored_model_;
};

ingest::Analyzer* RecommenderStateTest::analyzer_ = nullptr;
std::vector<ingest::TermVector>* RecommenderStateTest::docs_ = nullptr;
Model* RecommenderStateTest::fresh_model_ = nullptr;
Model* RecommenderStateTest::stored_model_ = nullptr;

TEST_F(RecommenderStateTest, StoredSurfaceFormsAreTheRecomputedOnes) {
  const RecommenderState& state = stored_model_->data().state;
  ASSERT_TRUE(state.has_surface_forms);
  EXPECT_EQ(state.records_fingerprint, FingerprintOf(*docs_));
  const SurfaceForms fresh = CollectSurfaceForms(*analyzer_, *docs_, 1);
  const SurfaceForms stored = SurfaceForms::FromBestWords(state.surface_words);
  EXPECT_EQ(stored.BestWords(), fresh.BestWords());
  ASSERT_GT(state.surface_words.size(), 1000u);
  for (const auto& [stem, word] : fresh.BestWords()) {
    ASSERT_EQ(stored.Best(stem), word) << stem;
    ASSERT_EQ(stored.Readable(stem), fresh.Readable(stem)) << stem;
  }
  EXPECT_EQ(stored.Best("no-such-stem"), "");
  EXPECT_EQ(stored.Readable("no-such-stem"), "no-such-stem");
}

TEST_F(RecommenderStateTest, RecommendationsFromTheStoredStateAreTheSame) {
  const SurfaceForms fresh_surface = CollectSurfaceForms(*analyzer_, *docs_);
  const SurfaceForms stored_surface =
      SurfaceForms::FromBestWords(stored_model_->data().state.surface_words);
  const Recommender fresh(*fresh_model_, *docs_, &fresh_surface, Options());
  const Recommender stored(*stored_model_, *docs_, &stored_surface, Options());
  ASSERT_EQ(fresh.cluster_ids(), stored.cluster_ids());
  ASSERT_GE(fresh.cluster_ids().size(), 5u);
  const std::string as_of = "2026-03-01";
  int calls = 0;
  for (const ingest::TermVector& tv : *docs_) {
    if (tv.record.kind != ingest::Kind::kCall) continue;
    ++calls;
    const absl::StatusOr<Consortium> a = fresh.ConsortiumForCall(tv.record.id, as_of);
    const absl::StatusOr<Consortium> b = stored.ConsortiumForCall(tv.record.id, as_of);
    ASSERT_TRUE(a.ok() && b.ok()) << tv.record.id;
    ASSERT_EQ(Show(*a), Show(*b));
  }
  EXPECT_GT(calls, 20);
  for (const std::string& c : fresh.cluster_ids()) {
    const auto a = fresh.CallsForCluster(c, as_of, /*include_closed=*/true);
    const auto b = stored.CallsForCluster(c, as_of, /*include_closed=*/true);
    ASSERT_TRUE(a.ok() && b.ok()) << c;
    ASSERT_FALSE(a->empty());
    ASSERT_EQ(Show(*a), Show(*b)) << c;
    const auto pa = fresh.PartnersForCluster(c, as_of, {});
    const auto pb = stored.PartnersForCluster(c, as_of, {});
    ASSERT_TRUE(pa.ok() && pb.ok()) << c;
    ASSERT_EQ(Show(*pa), Show(*pb)) << c;
  }
  ThemeOptions theme_options;
  theme_options.as_of = as_of;
  theme_options.parts_of_speech = PartsOfSpeech::French();
  const absl::StatusOr<ThemeRun> ta = DiscoverThemes(fresh, theme_options, ThemeState());
  const absl::StatusOr<ThemeRun> tb = DiscoverThemes(stored, theme_options, ThemeState());
  ASSERT_TRUE(ta.ok() && tb.ok());
  ASSERT_FALSE(ta->themes.empty());
  EXPECT_EQ(Show(*ta), Show(*tb));
}

// The state file as `model build --db` writes it, for the stored model.
class MappedStateTest : public RecommenderStateTest {
 protected:
  static constexpr ModelIdentity kIdentity{0x1234abcdu, 987654321u};
  static constexpr absl::string_view kRevision = "uuid-of-the-index:42";

  std::string WriteState(absl::string_view name, absl::string_view bytes) {
    const std::string path = absl::StrCat(::testing::TempDir(), "/", name);
    EXPECT_TRUE(WriteFileAtomically(path, bytes).ok());
    return path;
  }
  std::string StateBytes() const {
    return SerializeMappedState(*stored_model_, kIdentity, *docs_, kRevision);
  }
  // With the calls' relevance for `options`, as `model build` stores it
  // (tools/cmd_model.cc): computed by a recommender on these records.
  std::string StateBytesWithRelevance(const RecommenderOptions& options,
                                      const std::string& themes = "") const {
    const SurfaceForms surface =
        SurfaceForms::FromBestWords(stored_model_->data().state.surface_words);
    const Recommender rec(*stored_model_, *docs_, &surface, options);
    StoredRelevance relevance;
    relevance.options_fingerprint = RecommenderOptionsFingerprint(options);
    relevance.clusters = rec.cluster_ids().size();
    for (size_t c = 0; c < rec.cluster_ids().size(); ++c) {
      relevance.profiles.push_back(rec.SparseProfile(c));
    }
    std::vector<WeightsView> weights;
    std::vector<absl::Span<const int32_t>> own;
    for (size_t i = 0; i < docs_->size(); ++i) {
      const auto row = static_cast<int32_t>(i);
      weights.push_back(rec.Weights(row));
      own.push_back(rec.OwnTerms(row));
      if ((*docs_)[i].record.kind != ingest::Kind::kCall) continue;
      relevance.rows.push_back(row);
      const std::vector<float> r = rec.ClusterRelevance(row);
      relevance.values.insert(relevance.values.end(), r.begin(), r.end());
      relevance.seats.push_back(rec.ConsortiumSeats(row));
    }
    for (size_t c = 0; c < relevance.clusters; ++c) {
      const std::vector<float> r = rec.Relatedness(c);
      relevance.relatedness.insert(relevance.relatedness.end(), r.begin(), r.end());
    }
    relevance.themes = themes;
    return SerializeMappedState(*stored_model_, kIdentity, *docs_, weights, own, relevance,
                                kRevision);
  }
  std::shared_ptr<const MappedState> Map(absl::string_view name, absl::string_view bytes) {
    absl::StatusOr<std::unique_ptr<MappedState>> mapped =
        MappedState::Open(WriteState(name, bytes), *stored_model_, kIdentity, kRevision);
    EXPECT_TRUE(mapped.ok()) << mapped.status();
    return mapped.ok() ? std::shared_ptr<const MappedState>(*std::move(mapped)) : nullptr;
  }
  // The records as `consortium` and `calls` read them from the state file:
  // no terms, no text but the calls'.
  static std::vector<ingest::TermVector> Lean(const MappedState& mapped) {
    std::vector<ingest::TermVector> lean;
    for (size_t i = 0; i < mapped.records(); ++i) lean.push_back(mapped.Record(i));
    return lean;
  }
};

TEST_F(MappedStateTest, RecommendationsFromTheMappedStateAreTheSame) {
  const std::shared_ptr<const MappedState> mapped =
      Map("mapped.state", StateBytesWithRelevance(Options()));
  ASSERT_NE(mapped, nullptr);
  ASSERT_EQ(mapped->records(), docs_->size());
  std::vector<ingest::TermVector> lean = Lean(*mapped);
  for (size_t i = 0; i < docs_->size(); ++i) {
    const ingest::Document& want = (*docs_)[i].record;
    const ingest::Document& got = lean[i].record;
    ASSERT_EQ(got.id, want.id);
    ASSERT_EQ(got.kind, want.kind);
    ASSERT_EQ(got.title, want.title);
    ASSERT_EQ(got.clusters, want.clusters);
    ASSERT_EQ(got.deadline, want.deadline);
    // Texts of calls, clusters and members (the reasons read them), not news.
    ASSERT_EQ(got.text, want.kind != ingest::Kind::kNews ? want.text : "");
    const bool news = want.kind == ingest::Kind::kNews;
    ASSERT_EQ(got.skills, news ? std::vector<std::string>() : want.skills);
    ASSERT_EQ(got.sectors, news ? std::vector<std::string>() : want.sectors);
    ASSERT_EQ(got.themes, news ? std::vector<std::string>() : want.themes);
    ASSERT_TRUE(lean[i].terms.empty());
    ASSERT_EQ(TermWeights(mapped->Weights(i)), RecordWeights(*stored_model_, (*docs_)[i]));
    const absl::Span<const int32_t> own = mapped->OwnTerms(i);
    ASSERT_EQ(std::vector<int32_t>(own.begin(), own.end()),
              OwnModelTerms(*stored_model_, (*docs_)[i]));
  }
  const SurfaceForms fresh_surface = CollectSurfaceForms(*analyzer_, *docs_);
  const SurfaceForms stored_surface =
      SurfaceForms::FromBestWords(stored_model_->data().state.surface_words);
  const Recommender fresh(*fresh_model_, *docs_, &fresh_surface, Options());
  const Recommender from_file(*stored_model_, std::move(lean), mapped, &stored_surface, Options());
  ASSERT_TRUE(from_file.stored_relevance());
  ASSERT_TRUE(from_file.stored_profiles());
  ASSERT_TRUE(from_file.stored_teams());
  ASSERT_FALSE(fresh.stored_relevance());
  ASSERT_FALSE(fresh.stored_profiles());
  ASSERT_FALSE(fresh.stored_teams());
  ASSERT_EQ(fresh.cluster_ids(), from_file.cluster_ids());
  const std::string as_of = "2026-03-01";
  int calls = 0;
  for (const ingest::TermVector& tv : *docs_) {
    if (tv.record.kind != ingest::Kind::kCall) continue;
    ++calls;
    const absl::StatusOr<Consortium> a = fresh.ConsortiumForCall(tv.record.id, as_of);
    const absl::StatusOr<Consortium> b = from_file.ConsortiumForCall(tv.record.id, as_of);
    ASSERT_TRUE(a.ok() && b.ok()) << tv.record.id;
    ASSERT_EQ(Show(*a), Show(*b));
  }
  EXPECT_GT(calls, 20);
  for (const std::string& c : fresh.cluster_ids()) {
    const auto a = fresh.CallsForCluster(c, as_of, /*include_closed=*/true);
    const auto b = from_file.CallsForCluster(c, as_of, /*include_closed=*/true);
    ASSERT_TRUE(a.ok() && b.ok()) << c;
    ASSERT_FALSE(a->empty());
    ASSERT_EQ(Show(*a), Show(*b)) << c;
    const auto pa = fresh.PartnersForCluster(c, as_of, {});
    const auto pb = from_file.PartnersForCluster(c, as_of, {});
    ASSERT_TRUE(pa.ok() && pb.ok()) << c;
    ASSERT_EQ(Show(*pa), Show(*pb)) << c;
    // The first partners alone (their reasons only are formed) are the same.
    const auto first = from_file.PartnersForCluster(c, as_of, {}, /*limit=*/2);
    ASSERT_TRUE(first.ok()) << c;
    ASSERT_EQ(first->size(), std::min<size_t>(2, pa->size())) << c;
    ASSERT_EQ(Show(*first), Show(std::vector<Partner>(pa->begin(), pa->begin() + first->size())))
        << c;
  }
  int seated = 0;
  for (size_t i = 0; i < docs_->size(); ++i) {
    if ((*docs_)[i].record.kind != ingest::Kind::kCall) continue;
    const std::vector<ConsortiumSeat> seats = fresh.ConsortiumSeats(static_cast<int32_t>(i));
    ASSERT_EQ(seats, from_file.ConsortiumSeats(static_cast<int32_t>(i)));
    seated += !seats.empty();
  }
  EXPECT_GT(seated, 20);
  for (size_t c = 0; c < fresh.cluster_ids().size(); ++c) {
    ASSERT_EQ(fresh.Relatedness(c), from_file.Relatedness(c)) << c;
  }
}

// Relevance stored for some options is used by a recommender with those
// options only; with others it is computed (and the answers are theirs).
TEST_F(MappedStateTest, StoredRelevanceIsUsedOnlyForTheOptionsItWasComputedWith) {
  RecommenderOptions other = Options();
  other.member_weight = 0.9f;
  other.member_top = 1;
  ASSERT_NE(RecommenderOptionsFingerprint(other), RecommenderOptionsFingerprint(Options()));
  const std::shared_ptr<const MappedState> mapped =
      Map("other-options.state", StateBytesWithRelevance(other));
  ASSERT_NE(mapped, nullptr);
  const SurfaceForms surface =
      SurfaceForms::FromBestWords(stored_model_->data().state.surface_words);
  const Recommender with_default(*stored_model_, Lean(*mapped), mapped, &surface, Options());
  const Recommender with_other(*stored_model_, Lean(*mapped), mapped, &surface, other);
  EXPECT_FALSE(with_default.stored_relevance());
  EXPECT_TRUE(with_other.stored_relevance());
  const Recommender computed_default(*stored_model_, *docs_, &surface, Options());
  const Recommender computed_other(*stored_model_, *docs_, &surface, other);
  const std::string as_of = "2026-03-01";
  int differ = 0;
  for (const std::string& c : computed_default.cluster_ids()) {
    const auto a = computed_default.CallsForCluster(c, as_of, /*include_closed=*/true);
    const auto b = with_default.CallsForCluster(c, as_of, /*include_closed=*/true);
    const auto x = computed_other.CallsForCluster(c, as_of, /*include_closed=*/true);
    const auto y = with_other.CallsForCluster(c, as_of, /*include_closed=*/true);
    ASSERT_TRUE(a.ok() && b.ok() && x.ok() && y.ok()) << c;
    ASSERT_EQ(Show(*a), Show(*b)) << c;
    ASSERT_EQ(Show(*x), Show(*y)) << c;
    if (Show(*a) != Show(*x)) ++differ;
  }
  EXPECT_GT(differ, 0);  // The two options give other answers: the check can fail.
}

TEST_F(MappedStateTest, FullRecordsWithMappedWeightsGiveTheSameThemes) {
  const std::shared_ptr<const MappedState> mapped =
      Map("themes.state", StateBytesWithRelevance(Options()));
  ASSERT_NE(mapped, nullptr);
  const SurfaceForms surface =
      SurfaceForms::FromBestWords(stored_model_->data().state.surface_words);
  const Recommender computed(*stored_model_, *docs_, &surface, Options());
  const Recommender from_file(*stored_model_, *docs_, mapped, &surface, Options());
  ThemeOptions theme_options;
  theme_options.as_of = "2026-03-01";
  theme_options.parts_of_speech = PartsOfSpeech::French();
  const absl::StatusOr<ThemeRun> ta = DiscoverThemes(computed, theme_options, ThemeState());
  const absl::StatusOr<ThemeRun> tb = DiscoverThemes(from_file, theme_options, ThemeState());
  ASSERT_TRUE(ta.ok() && tb.ok());
  ASSERT_FALSE(ta->themes.empty());
  EXPECT_EQ(Show(*ta), Show(*tb));
}

// Everything of a run of themes, to the float.
std::string ShowFully(const ThemeRun& run) {
  std::string out = absl::StrCat("k=", run.k, " docs=", run.documents, " s=", run.silhouette, "\n");
  for (const Theme& t : run.themes) {
    absl::StrAppend(&out, t.id, " ", t.size, " ", t.members, " ", t.transversality, " ",
                    t.effective_clusters, " ", Show(t.label), "\n trend ", t.trend.recent, " ",
                    t.trend.before, " ", t.trend.recent_share, " ", t.trend.before_share, " ",
                    t.trend.z, " ", t.trend.p_value, " ", t.trend.rising, "\n");
    for (const Term& l : t.label) absl::StrAppend(&out, " phrase ", l.phrase);
    for (const ThemeDocument& d : t.documents) {
      absl::StrAppend(&out, " doc ", d.id, " ", d.title, " ", d.date, " ", F(d.score));
    }
    for (int32_t row : t.rows) absl::StrAppend(&out, " ", row);
    for (const ThemeCluster& c : t.clusters) absl::StrAppend(&out, " ", c.id, ":", F(c.share));
    for (float v : t.centroid) absl::StrAppend(&out, " ", F(v));
    for (const auto& [stem, w] : t.signature) absl::StrAppend(&out, " ", stem, ":", F(w));
    absl::StrAppend(&out, "\n");
  }
  for (const SavedTheme& t : run.state.themes) absl::StrAppend(&out, t.id, " ");
  return absl::StrCat(out, run.state.next_id);
}

// The themes `model build` stores (tools/cmd_model.cc: for the documents up
// to the newest, from the full records) are the computed ones once dated, on
// that day and later; an earlier day's documents are not theirs: computed
// from the full records given.
TEST_F(MappedStateTest, StoredThemesAreTheComputedOnesOnceDated) {
  const SurfaceForms surface =
      SurfaceForms::FromBestWords(stored_model_->data().state.surface_words);
  const Recommender computed(*stored_model_, *docs_, &surface, Options());
  std::string newest;
  std::vector<std::string> dates;
  for (const ingest::TermVector& tv : *docs_) {
    const ingest::Document& d = tv.record;
    if (d.kind != ingest::Kind::kNews && d.kind != ingest::Kind::kCall) continue;
    const std::string date = (!d.date.empty() ? d.date : d.opens).substr(0, 10);
    if (!date.empty()) dates.push_back(date);
    newest = std::max(newest, date);
  }
  ASSERT_FALSE(dates.empty());
  std::sort(dates.begin(), dates.end());
  ThemeOptions options;
  options.as_of = newest;
  options.parts_of_speech = PartsOfSpeech::French();
  // Stored with every cluster of each theme, as `model build` does.
  ThemeOptions every_cluster = options;
  every_cluster.top_clusters = static_cast<int>(computed.cluster_ids().size());
  ASSERT_GT(every_cluster.top_clusters, options.top_clusters);
  const absl::StatusOr<ThemeRun> at_newest = DiscoverThemes(computed, every_cluster, ThemeState());
  ASSERT_TRUE(at_newest.ok()) << at_newest.status();
  StoredThemes stored;
  stored.options_fingerprint = ThemeOptionsFingerprint(options);
  stored.top_clusters = every_cluster.top_clusters;
  stored.recommender_fingerprint = computed.options_fingerprint();
  stored.rows = ThemeRows(computed, newest);
  stored.run = *at_newest;
  stored.run.state = ThemeState();
  for (Theme& t : stored.run.themes) {
    t.id.clear();
    t.trend = TrendStat();
  }
  const std::string bytes = SerializeStoredThemes(stored);
  const std::shared_ptr<const MappedState> mapped =
      Map("stored-themes.state", StateBytesWithRelevance(Options(), bytes));
  ASSERT_NE(mapped, nullptr);
  ASSERT_EQ(mapped->stored_themes(), bytes);
  const absl::StatusOr<StoredThemes> parsed = ParseStoredThemes(mapped->stored_themes());
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  const Recommender lean(*stored_model_, Lean(*mapped), mapped, &surface, Options());
  // Later days (and the ids matched to a previous run) as well.
  for (const std::string& day : {newest, std::string("2099-01-01")}) {
    ThemeOptions on = day == newest ? options : every_cluster;
    on.as_of = day;
    ASSERT_TRUE(StoredThemesApply(*parsed, lean, on)) << day;
    for (const ThemeState& previous : {ThemeState(), at_newest->state}) {
      const absl::StatusOr<ThemeRun> want = DiscoverThemes(computed, on, previous);
      const absl::StatusOr<ThemeRun> got = DiscoverThemes(lean, on, previous, nullptr, &*parsed);
      ASSERT_TRUE(want.ok() && got.ok()) << day;
      ASSERT_EQ(ShowFully(*want), ShowFully(*got)) << day;
    }
  }
  // A day with fewer documents: computed from the records given.
  ThemeOptions earlier = options;
  earlier.as_of = dates[dates.size() * 3 / 4];
  ASSERT_LT(earlier.as_of, newest);
  ASSERT_FALSE(StoredThemesApply(*parsed, lean, earlier));
  const absl::StatusOr<ThemeRun> want = DiscoverThemes(computed, earlier, ThemeState());
  const absl::StatusOr<ThemeRun> got = DiscoverThemes(lean, earlier, ThemeState(), docs_, &*parsed);
  ASSERT_TRUE(want.ok() && got.ok());
  EXPECT_EQ(ShowFully(*want), ShowFully(*got));
  EXPECT_NE(ShowFully(*want), ShowFully(*at_newest));  // Another day: other themes.
  // Other theme options: not theirs.
  ThemeOptions other = options;
  other.label_terms = 3;
  EXPECT_FALSE(StoredThemesApply(*parsed, lean, other));
  other = every_cluster;
  ++other.top_clusters;
  EXPECT_FALSE(StoredThemesApply(*parsed, lean, other));
  EXPECT_EQ(ParseStoredThemes("{\"format\": \"meute-stored-themes\"}").status().code(),
            absl::StatusCode::kDataLoss);
  EXPECT_EQ(ParseStoredThemes("not json").status().code(), absl::StatusCode::kDataLoss);
}

TEST_F(MappedStateTest, RefusesAnotherModelRevisionVersionOrDamagedFile) {
  const std::string bytes = StateBytes();
  const std::string path = WriteState("refused.state", bytes);
  auto open = [&](absl::string_view p, const ModelIdentity& id, absl::string_view revision) {
    return MappedState::Open(p, *stored_model_, id, revision).status();
  };
  EXPECT_TRUE(open(path, kIdentity, kRevision).ok());
  absl::Status s = open(path, kIdentity, "uuid-of-the-index:43");
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition) << s;
  EXPECT_NE(s.message().find("another revision of the database"), absl::string_view::npos) << s;
  s = open(path, ModelIdentity{kIdentity.crc + 1, kIdentity.payload_size}, kRevision);
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition) << s;
  EXPECT_NE(s.message().find("another model"), absl::string_view::npos) << s;
  // A model of other records.
  ModelData other = stored_model_->data();
  ++other.state.records_fingerprint;
  const Model other_model(std::move(other));
  s = MappedState::Open(path, other_model, kIdentity, kRevision).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition) << s;
  // The older layouts: 1 (separate term and weight arrays, no relevance),
  // 2 (the texts of calls only), 3 (no consortium seats nor relatedness).
  for (const char v : {1, 2, 3}) {
    std::string old_version = bytes;
    old_version[8] = v;
    s = open(WriteState("old.state", old_version), kIdentity, kRevision);
    EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition) << s;
    EXPECT_NE(s.message().find("rebuild with `meute model build"), absl::string_view::npos) << s;
  }
  s = open(WriteState("short.state", bytes.substr(0, bytes.size() / 2)), kIdentity, kRevision);
  EXPECT_EQ(s.code(), absl::StatusCode::kDataLoss) << s;
  s = open(WriteState("tiny.state", bytes.substr(0, 20)), kIdentity, kRevision);
  EXPECT_EQ(s.code(), absl::StatusCode::kDataLoss) << s;
  // A relevance section larger than the file (its call count, 16 bytes
  // before the profile count and offset, the 24 bytes of teams header and
  // offset and the 8 of the themes' size when nothing is stored) is caught.
  std::string damaged = bytes;
  const uint64_t huge = uint64_t{1} << 40;
  std::memcpy(damaged.data() + damaged.size() - 64, &huge, sizeof(huge));
  s = open(WriteState("damaged.state", damaged), kIdentity, kRevision);
  EXPECT_EQ(s.code(), absl::StatusCode::kDataLoss) << s;
  // So is a stored relevance row that is not a call (written over the first
  // call's row).
  const std::string with_relevance = StateBytesWithRelevance(Options());
  int32_t not_a_call = 0;
  while ((*docs_)[static_cast<size_t>(not_a_call)].record.kind == ingest::Kind::kCall) {
    ++not_a_call;
  }
  size_t calls = 0;
  for (const ingest::TermVector& tv : *docs_) calls += tv.record.kind == ingest::Kind::kCall;
  const size_t clusters =
      Recommender(*stored_model_, *docs_, nullptr, Options()).cluster_ids().size();
  const auto padded = [](size_t n) { return (n + 7) / 8 * 8; };
  size_t profile_bytes = 8 + (clusters + 1) * 8;
  {
    const Recommender rec(*stored_model_, *docs_, nullptr, Options());
    for (size_t c = 0; c < clusters; ++c) profile_bytes += rec.SparseProfile(c).size() * 8;
  }
  size_t team_bytes = 16 + (calls + 1) * 8 + padded(clusters * clusters * 4) + 8;  // No themes.
  {
    const std::shared_ptr<const MappedState> mapped = Map("seats.state", with_relevance);
    ASSERT_NE(mapped, nullptr);
    ASSERT_EQ(mapped->seat_calls(), calls);
    size_t seats = 0;
    for (size_t i = 0; i < calls; ++i) seats += mapped->Seats(i).size();
    team_bytes += padded(seats * sizeof(ConsortiumSeat));
  }
  const size_t rows_at = with_relevance.size() - team_bytes - profile_bytes -
                         padded(calls * clusters * 4) - padded(calls * 4);
  std::string bad_row = with_relevance;
  std::memcpy(bad_row.data() + rows_at, &not_a_call, sizeof(not_a_call));
  EXPECT_TRUE(open(WriteState("good-rows.state", with_relevance), kIdentity, kRevision).ok());
  s = open(WriteState("bad-row.state", bad_row), kIdentity, kRevision);
  EXPECT_EQ(s.code(), absl::StatusCode::kDataLoss) << s;
  s = open(absl::StrCat(::testing::TempDir(), "/missing.state"), kIdentity, kRevision);
  EXPECT_EQ(s.code(), absl::StatusCode::kNotFound) << s;
}

TEST(RecordsFingerprint, IgnoresOrderAndSeesEveryChangedText) {
  ingest::Document a, b, c;
  a.id = "a";
  a.lang = "fr";
  a.title = "Hydrogène vert";
  a.text = "Un électrolyseur à Toulouse.";
  b = a;
  b.id = "b";
  b.text = "Un électrolyseur à Tarbes.";
  c = a;
  RecordsFingerprint ab, ba, aa;
  ab.Add(a);
  ab.Add(b);
  ba.Add(b);
  ba.Add(a);
  aa.Add(a);
  aa.Add(c);
  EXPECT_EQ(ab.value(), ba.value());
  EXPECT_NE(ab.value(), aa.value());
  RecordsFingerprint only_a;
  only_a.Add(a);
  EXPECT_NE(only_a.value(), aa.value());  // A record added twice counts.
  // Moving text between title and body changes it too.
  ingest::Document moved = a;
  moved.title = "Hydrogène";
  moved.text = " vertUn électrolyseur à Toulouse.";
  RecordsFingerprint m;
  m.Add(moved);
  EXPECT_NE(m.value(), only_a.value());
}

}  // namespace
}  // namespace meute::recommend
