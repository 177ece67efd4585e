#include "tools/recommend_common.h"

#include <algorithm>
#include <ctime>
#include <iostream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/file_util.h"
#include "base/status_macros.h"
#include "base/suggest.h"
#include "index/shards.h"
#include "index/term_export.h"
#include "recommend/dates.h"
#include "recommend/mapped_state.h"
#include "recommend/model_io.h"
#include "recommend/parts_of_speech.h"
#include "recommend/recommender_state.h"
#include "recommend/text_analysis.h"
#include "recommend/theme_state_file.h"
#include "tools/command.h"

#ifndef MEUTE_DEFAULT_BOILERPLATE
#define MEUTE_DEFAULT_BOILERPLATE "corpora/glossary/call-boilerplate.txt"
#endif
#ifndef MEUTE_DEFAULT_GLOSSARY
#define MEUTE_DEFAULT_GLOSSARY "corpora/glossary/domain-glossary.tsv"
#endif

namespace meute::tools {

absl::StatusOr<std::unique_ptr<recommend::Model>> LoadModelBeside(const std::string& db_dir) {
  const std::string path = recommend::ModelPath(db_dir);
  absl::StatusOr<recommend::Model> model = recommend::LoadModel(path);
  if (model.status().code() == absl::StatusCode::kNotFound) {
    return absl::FailedPreconditionError(
        absl::StrCat("no recommender model beside the database: run `meute model build --db ",
                     db_dir, "` first"));
  }
  if (!model.ok()) return model.status();
  if (model->data().options.analyzer_version != ingest::kAnalyzerVersion) {
    return absl::FailedPreconditionError(
        absl::StrCat("the model was built from analyzer version ",
                     model->data().options.analyzer_version, ", this meute has version ",
                     ingest::kAnalyzerVersion, ": run `meute model build --db ", db_dir, "`"));
  }
  return std::make_unique<recommend::Model>(*std::move(model));
}

absl::StatusOr<std::vector<ingest::TermVector>> ExportRecords(const std::string& db_dir) {
  absl::StatusOr<std::vector<ingest::TermVector>> docs = index::ExportTermVectors(db_dir);
  if (docs.status().code() == absl::StatusCode::kNotFound) {
    return absl::NotFoundError(
        absl::StrCat("no database at \"", db_dir, "\": ", IndexFirstHint(db_dir)));
  }
  if (!docs.ok()) return Annotate(docs.status(), absl::StrCat("database \"", db_dir, "\""));
  if (docs->empty()) {
    return absl::FailedPreconditionError(
        absl::StrCat("database \"", db_dir, "\" has no records: ", IndexFirstHint(db_dir)));
  }
  return docs;
}

namespace {

// Rows copied out of the state file between two MappedState::Evict().
constexpr size_t kEvictEvery = 4096;

// The state file beside the model of `db_dir` when it matches `model` and
// the database now; null otherwise (the commands then compute everything).
std::unique_ptr<recommend::MappedState> OpenMappedState(const std::string& db_dir,
                                                        const recommend::Model& model) {
  absl::StatusOr<std::string> db_fingerprint = index::DatabaseFingerprint(db_dir);
  if (!db_fingerprint.ok()) return nullptr;
  const std::string model_path = recommend::ModelPath(db_dir);
  absl::StatusOr<recommend::ModelIdentity> identity = recommend::ReadModelIdentity(model_path);
  if (!identity.ok()) return nullptr;
  absl::StatusOr<std::unique_ptr<recommend::MappedState>> state = recommend::MappedState::Open(
      recommend::MappedStatePath(model_path), model, *identity, *db_fingerprint);
  if (!state.ok()) {
    if (state.status().code() == absl::StatusCode::kDataLoss) {
      std::cerr << "meute: warning: " << state.status().message()
                << " (ignored: computing from the index)\n";
    }
    return nullptr;
  }
  return *std::move(state);
}

}  // namespace

absl::StatusOr<recommend::RecommenderOptions> CommandRecommenderOptions(
    const ingest::Analyzer& analyzer) {
  recommend::RecommenderOptions options;
  MEUTE_ASSIGN_OR_RETURN(options.boilerplate, recommend::LoadWordList(DefaultBoilerplatePath()));
  options.parts_of_speech = recommend::PartsOfSpeech::French();
  options.tokenize = recommend::MakePhraseTokenizer(analyzer);
  return options;
}

absl::StatusOr<std::unique_ptr<RecommendWorkspace>> OpenWorkspace(const std::string& db_dir,
                                                                  bool full_records) {
  auto ws = std::make_unique<RecommendWorkspace>();
  ws->db_dir = db_dir;
  MEUTE_ASSIGN_OR_RETURN(ws->analyzer, ingest::Analyzer::Create());
  std::unique_ptr<recommend::MappedState> mapped;
  std::vector<ingest::TermVector> docs;
  if (!full_records) {
    // Errors (no database, no model) are reported by the full path below.
    if (absl::StatusOr<std::unique_ptr<recommend::Model>> model = LoadModelBeside(db_dir);
        model.ok()) {
      ws->model = *std::move(model);
      mapped = OpenMappedState(db_dir, *ws->model);
    }
  }
  if (mapped != nullptr) {
    docs.reserve(mapped->records());
    for (size_t i = 0; i < mapped->records(); ++i) {
      docs.push_back(mapped->Record(i));
      if (i % kEvictEvery == kEvictEvery - 1) mapped->Evict();
    }
  } else {
    MEUTE_ASSIGN_OR_RETURN(docs, ExportRecords(db_dir));
    if (ws->model == nullptr) {
      MEUTE_ASSIGN_OR_RETURN(ws->model, LoadModelBeside(db_dir));
    }
    mapped = OpenMappedState(db_dir, *ws->model);
    // Rows must be the records of the export, in its order.
    if (mapped != nullptr && mapped->records() == docs.size()) {
      for (size_t i = 0; i < docs.size() && mapped != nullptr; ++i) {
        if (mapped->Id(i) != docs[i].record.id) mapped = nullptr;
      }
    } else {
      mapped = nullptr;
    }
  }
  const recommend::RecommenderState& stored = ws->model->data().state;
  // A matching state file was made with this model from these records.
  if (stored.has_surface_forms &&
      (mapped != nullptr || stored.records_fingerprint == recommend::FingerprintOf(docs))) {
    ws->surface = std::make_unique<recommend::SurfaceForms>(
        recommend::SurfaceForms::FromBestWords(stored.surface_words));
  } else {
    ws->surface = std::make_unique<recommend::SurfaceForms>(
        recommend::CollectSurfaceForms(*ws->analyzer, docs));
  }
  MEUTE_ASSIGN_OR_RETURN(recommend::RecommenderOptions options,
                         CommandRecommenderOptions(*ws->analyzer));
  ws->full_records = full_records || mapped == nullptr;
  if (mapped != nullptr && !mapped->stored_themes().empty()) {
    absl::StatusOr<recommend::StoredThemes> themes =
        recommend::ParseStoredThemes(mapped->stored_themes());
    if (themes.ok()) {
      ws->stored_themes = std::make_unique<recommend::StoredThemes>(*std::move(themes));
    } else {
      std::cerr << "meute: warning: " << themes.status().message()
                << " (ignored: computing the themes)\n";
    }
  }
  if (mapped != nullptr) {
    ws->mapped_state = true;
    ws->rec = std::make_unique<recommend::Recommender>(
        *ws->model, std::move(docs),
        std::shared_ptr<const recommend::MappedState>(std::move(mapped)), ws->surface.get(),
        std::move(options));
  } else {
    ws->rec = std::make_unique<recommend::Recommender>(*ws->model, std::move(docs),
                                                       ws->surface.get(), std::move(options));
  }
  return ws;
}

namespace {

absl::Status CheckId(const std::string& what, const std::string& id,
                     const std::vector<std::string>& ids, const std::string& db_dir) {
  if (std::find(ids.begin(), ids.end(), id) != ids.end()) return absl::OkStatus();
  return absl::NotFoundError(
      absl::StrCat("no ", what, " \"", id, "\" in database \"", db_dir, "\"", DidYouMean(id, ids)));
}

}  // namespace

absl::Status CheckClusterId(const RecommendWorkspace& ws, const std::string& id) {
  return CheckId("cluster", id, ws.rec->cluster_ids(), ws.db_dir);
}

absl::Status CheckCallId(const RecommendWorkspace& ws, const std::string& id) {
  std::vector<std::string> calls;
  for (const ingest::TermVector& tv : ws.rec->docs()) {
    if (tv.record.kind == ingest::Kind::kCall) calls.push_back(tv.record.id);
  }
  return CheckId("call", id, calls, ws.db_dir);
}

std::string TodayDate() {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  char buf[16];
  std::strftime(buf, sizeof(buf), "%Y-%m-%d", &local);
  return buf;
}

absl::Status CheckDate(const std::string& flag, const std::string& date) {
  if (!recommend::DayNumber(date).has_value()) {
    return absl::InvalidArgumentError(
        absl::StrCat(flag, ": \"", date, "\" is not a date (YYYY-MM-DD)"));
  }
  return absl::OkStatus();
}

std::string DefaultGlossaryPath() { return MEUTE_DEFAULT_GLOSSARY; }

std::string DefaultBoilerplatePath() { return MEUTE_DEFAULT_BOILERPLATE; }

absl::StatusOr<std::unique_ptr<RecommendWorkspace>> OpenThemeWorkspace(const std::string& db_dir,
                                                                       const std::string& as_of) {
  absl::StatusOr<std::unique_ptr<RecommendWorkspace>> lean =
      OpenWorkspace(db_dir, /*full_records=*/false);
  if (lean.ok() && (*lean)->stored_themes != nullptr &&
      recommend::StoredThemesApply(*(*lean)->stored_themes, *(*lean)->rec,
                                   CommandThemeOptions(as_of))) {
    return lean;
  }
  if (lean.ok() && (*lean)->full_records) return lean;  // No state file: records exported.
  return OpenWorkspace(db_dir, /*full_records=*/true);
}

recommend::ThemeOptions CommandThemeOptions(const std::string& as_of) {
  recommend::ThemeOptions options;
  options.as_of = as_of;
  options.parts_of_speech = recommend::PartsOfSpeech::French();
  return options;
}

absl::StatusOr<recommend::ThemeRun> RunThemes(const RecommendWorkspace& ws,
                                              const std::string& as_of, bool save) {
  MEUTE_ASSIGN_OR_RETURN(const recommend::ThemeState previous,
                         recommend::LoadThemeStateBeside(ws.db_dir));
  const recommend::ThemeOptions options = CommandThemeOptions(as_of);
  const bool stored = ws.stored_themes != nullptr &&
                      recommend::StoredThemesApply(*ws.stored_themes, *ws.rec, options);
  if (!stored && !ws.full_records) {
    return absl::InternalError("themes: the records were opened without their terms");
  }
  absl::StatusOr<recommend::ThemeRun> run = recommend::DiscoverThemes(
      *ws.rec, options, previous, nullptr, stored ? ws.stored_themes.get() : nullptr);
  if (!run.ok()) return run.status();
  if (save) {
    MEUTE_RETURN_IF_ERROR(WriteFileAtomically(recommend::ThemeStatePath(ws.db_dir),
                                              recommend::SerializeThemeState(run->state)));
  }
  return run;
}

std::vector<recommend::ThemeSignal> RisingThemes(const recommend::ThemeRun& run) {
  std::vector<recommend::ThemeSignal> out;
  for (const recommend::Theme& t : run.themes) {
    if (t.trend.rising) out.push_back({t.id, ThemeLabel(t), t.centroid, t.trend.z});
  }
  return out;
}

std::string Words(const std::vector<recommend::Term>& terms) {
  std::vector<std::string> words;
  for (const recommend::Term& t : terms) words.push_back(t.word);
  return absl::StrJoin(words, ", ");
}

std::string ThemeLabel(const recommend::Theme& theme) { return recommend::ThemeLabelText(theme); }

nlohmann::ordered_json TermsJson(const std::vector<recommend::Term>& terms) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const recommend::Term& t : terms) {
    nlohmann::ordered_json e = {{"word", t.word}, {"stem", t.stem}, {"weight", t.weight}};
    if (!t.phrase.empty()) e["phrase"] = t.phrase;
    out.push_back(std::move(e));
  }
  return out;
}

nlohmann::ordered_json MembersJson(const std::vector<recommend::MemberEvidence>& members) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const recommend::MemberEvidence& m : members) {
    out.push_back(
        {{"id", m.id}, {"organisation", m.organisation}, {"score", m.score}, {"words", m.words}});
  }
  return out;
}

void PrintJson(const nlohmann::ordered_json& j) {
  std::cout << j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
}

}  // namespace meute::tools
