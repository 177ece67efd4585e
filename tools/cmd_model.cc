// meute model build|info: fits the recommender model (TF-IDF + randomized
// truncated SVD + cluster profiles) from a database, or from record files,
// and describes a model file.

#include <algorithm>
#include <chrono>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/file_util.h"
#include "base/status_macros.h"
#include "index/shards.h"
#include "index/term_export.h"
#include "ingest/analyzer.h"
#include "recommend/describe_model.h"
#include "recommend/mapped_state.h"
#include "recommend/model_io.h"
#include "recommend/recommender.h"
#include "recommend/record_files.h"
#include "recommend/surface_forms.h"
#include "recommend/text_analysis.h"
#include "tools/command.h"
#include "tools/recommend_common.h"

namespace meute::tools {
namespace {

struct BuildArgs {
  std::string db;
  std::vector<std::string> inputs;
  std::string out;
  int k = 128;
  uint64_t seed = 42;
  int power_iterations = 5;
  int oversampling = 10;
  int min_df = 1;
  std::string glossary;
  bool no_glossary = false;
  std::string dictionaries;
  int max_translations = recommend::DictionaryOptions().max_translations;
  bool quiet = false;
};

struct InfoArgs {
  std::string db;
  std::string model;
  bool json = false;
};

// The state file's bytes (recommend/mapped_state.h) for the records `docs`
// `model` was built from, with the relevance of every cluster to every call,
// the calls' consortium seats and the clusters' relatedness as the commands'
// recommender (same options, same records) computes them, so that they only
// read them.
absl::StatusOr<std::string> SerializeStateWithRelevance(const ingest::Analyzer& analyzer,
                                                        const recommend::Model& model,
                                                        const recommend::ModelIdentity& identity,
                                                        const std::vector<ingest::TermVector>& docs,
                                                        const std::string& db_fingerprint) {
  std::vector<ingest::TermVector> lean;
  std::vector<recommend::TermWeights> weights;
  std::vector<std::vector<int32_t>> own;
  lean.reserve(docs.size());
  weights.reserve(docs.size());
  own.reserve(docs.size());
  for (const ingest::TermVector& tv : docs) {
    ingest::TermVector record;
    record.record = tv.record;  // What the state file keeps of it: no text for news.
    if (record.record.kind == ingest::Kind::kNews) {
      std::string().swap(record.record.text);
      record.record.skills.clear();
      record.record.sectors.clear();
      record.record.themes.clear();
    }
    lean.push_back(std::move(record));
    weights.push_back(recommend::RecordWeights(model, tv));
    own.push_back(recommend::OwnModelTerms(model, tv));
  }
  std::unique_ptr<recommend::SurfaceForms> surface;
  if (model.data().state.has_surface_forms) {
    surface = std::make_unique<recommend::SurfaceForms>(
        recommend::SurfaceForms::FromBestWords(model.data().state.surface_words));
  }
  MEUTE_ASSIGN_OR_RETURN(recommend::RecommenderOptions options,
                         CommandRecommenderOptions(analyzer));
  recommend::StoredRelevance relevance;
  relevance.options_fingerprint = recommend::RecommenderOptionsFingerprint(options);
  const recommend::Recommender rec(model, std::move(lean), std::move(weights), std::move(own),
                                   surface.get(), std::move(options));
  relevance.clusters = rec.cluster_ids().size();
  for (size_t c = 0; c < rec.cluster_ids().size(); ++c) {
    relevance.profiles.push_back(rec.SparseProfile(c));
  }
  std::vector<recommend::WeightsView> weight_views;
  std::vector<absl::Span<const int32_t>> own_views;
  weight_views.reserve(rec.docs().size());
  own_views.reserve(rec.docs().size());
  for (size_t i = 0; i < rec.docs().size(); ++i) {
    const auto row = static_cast<int32_t>(i);
    weight_views.push_back(rec.Weights(row));
    own_views.push_back(rec.OwnTerms(row));
    if (rec.docs()[i].record.kind != ingest::Kind::kCall || relevance.clusters == 0) continue;
    relevance.rows.push_back(row);
    const std::vector<float> r = rec.ClusterRelevance(row);
    relevance.values.insert(relevance.values.end(), r.begin(), r.end());
    relevance.seats.push_back(rec.ConsortiumSeats(row));
  }
  if (relevance.clusters > 0) {
    for (size_t c = 0; c < relevance.clusters; ++c) {
      const std::vector<float> r = rec.Relatedness(c);
      relevance.relatedness.insert(relevance.relatedness.end(), r.begin(), r.end());
    }
  }
  // The themes of every document up to the newest (the commands' usual day:
  // today), terms and texts read from the full records.
  std::string newest;
  for (const ingest::TermVector& tv : docs) {
    const ingest::Document& d = tv.record;
    if (d.kind != ingest::Kind::kNews && d.kind != ingest::Kind::kCall) continue;
    newest = std::max(newest, (!d.date.empty() ? d.date : d.opens).substr(0, 10));
  }
  // Every cluster of each theme (the digests show them all; the commands
  // their first).
  recommend::ThemeOptions theme_options = CommandThemeOptions(newest);
  theme_options.top_clusters =
      std::max(theme_options.top_clusters, static_cast<int>(rec.cluster_ids().size()));
  if (absl::StatusOr<recommend::ThemeRun> themes =
          recommend::DiscoverThemes(rec, theme_options, recommend::ThemeState(), &docs);
      themes.ok()) {
    recommend::StoredThemes stored;
    stored.options_fingerprint = recommend::ThemeOptionsFingerprint(theme_options);
    stored.top_clusters = theme_options.top_clusters;
    stored.recommender_fingerprint = rec.options_fingerprint();
    stored.rows = recommend::ThemeRows(rec, newest);
    stored.run = *std::move(themes);
    stored.run.state = recommend::ThemeState();
    for (recommend::Theme& t : stored.run.themes) {
      t.id.clear();
      t.trend = recommend::TrendStat();
    }
    relevance.themes = recommend::SerializeStoredThemes(stored);
  }
  return recommend::SerializeMappedState(model, identity, rec.docs(), weight_views, own_views,
                                         relevance, db_fingerprint);
}

absl::Status Build(const BuildArgs& args) {
  if (args.db.empty() == args.inputs.empty()) {
    return absl::InvalidArgumentError("give either --db DIR or --input FILE...");
  }
  if (args.k < 1) return absl::InvalidArgumentError("--k must be at least 1");
  const std::string out = !args.out.empty() ? args.out : recommend::ModelPath(args.db);
  if (out.empty() || (!args.inputs.empty() && args.out.empty())) {
    return absl::InvalidArgumentError("--input needs --out PATH");
  }
  const auto start = std::chrono::steady_clock::now();
  MEUTE_ASSIGN_OR_RETURN(std::unique_ptr<ingest::Analyzer> analyzer, ingest::Analyzer::Create());
  recommend::Glossary glossary;
  if (!args.no_glossary) {
    const std::string path = !args.glossary.empty() ? args.glossary : DefaultGlossaryPath();
    recommend::DictionarySources sources;
    if (!args.dictionaries.empty()) {
      sources = recommend::DictionarySources::FreeDict(args.dictionaries);
      sources.options.max_translations = args.max_translations;
    }
    MEUTE_ASSIGN_OR_RETURN(glossary, recommend::LoadGlossary(*analyzer, path, sources));
  }
  recommend::ModelOptions options;
  options.svd.rank = args.k;
  options.svd.seed = args.seed;
  options.svd.power_iterations = args.power_iterations;
  options.svd.oversampling = args.oversampling;
  options.tfidf.min_df = args.min_df;
  options.analyzer_version = ingest::kAnalyzerVersion;
  recommend::ModelBuilder builder(options, std::move(glossary));
  recommend::RecommenderState state;
  std::vector<ingest::TermVector> docs;
  std::string db_fingerprint;  // The database's revision the records were read at.
  if (!args.db.empty()) {
    absl::StatusOr<std::string> fingerprint = index::DatabaseFingerprint(args.db);
    if (!fingerprint.ok()) return WithIndexHint(fingerprint.status(), args.db);
    db_fingerprint = *std::move(fingerprint);
    MEUTE_ASSIGN_OR_RETURN(docs, ExportRecords(args.db));
    for (const ingest::TermVector& tv : docs) builder.Add(tv);
    // What the recommender commands would otherwise recompute on every run.
    state = recommend::ComputeRecommenderState(*analyzer, docs);
  } else {
    // From record files, no state: commands on a database recompute it.
    MEUTE_RETURN_IF_ERROR(recommend::AnalyzeRecordFiles(
        *analyzer, args.inputs, [&](ingest::TermVector&& tv) { builder.Add(tv); }));
  }
  const int num_docs = builder.num_documents();
  MEUTE_ASSIGN_OR_RETURN(recommend::ModelData data, std::move(builder).Finish());
  data.state = std::move(state);
  const recommend::Model model(std::move(data));
  MEUTE_RETURN_IF_ERROR(recommend::SaveModel(model, out));
  if (!args.db.empty()) {
    // The per-record state the commands map (recommend/mapped_state.h), when
    // the database did not change while it was read.
    MEUTE_ASSIGN_OR_RETURN(const std::string after, index::DatabaseFingerprint(args.db));
    if (after == db_fingerprint) {
      MEUTE_ASSIGN_OR_RETURN(const recommend::ModelIdentity identity,
                             recommend::ReadModelIdentity(out));
      MEUTE_ASSIGN_OR_RETURN(
          const std::string state_bytes,
          SerializeStateWithRelevance(*analyzer, model, identity, docs, db_fingerprint));
      MEUTE_RETURN_IF_ERROR(WriteFileAtomically(recommend::MappedStatePath(out), state_bytes));
    }
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!args.quiet) std::cout << recommend::DescribeBuiltModel(model, out, num_docs, seconds);
  return absl::OkStatus();
}

absl::Status Info(const InfoArgs& args) {
  if (args.db.empty() == args.model.empty()) {
    return absl::InvalidArgumentError("give either --db DIR or --model PATH");
  }
  const std::string path = !args.model.empty() ? args.model : recommend::ModelPath(args.db);
  MEUTE_ASSIGN_OR_RETURN(recommend::Model model, recommend::LoadModel(path));
  std::cout << (args.json ? recommend::DescribeModelJson(model, path) + "\n"
                          : recommend::DescribeModelText(model, path));
  return absl::OkStatus();
}

MEUTE_REGISTER_COMMAND(
    kModelCommand, "model", "Build or describe the recommender model (embeddings) of a database",
    [](CLI::App& app) -> RunFn {
      app.require_subcommand(1);
      auto build = std::make_shared<BuildArgs>();
      CLI::App* b = app.add_subcommand("build", "Fit the model and save it as DB/meute.model");
      b->add_option("--db", build->db, "Database directory (the model is saved beside it)");
      b->add_option("--input", build->inputs,
                    "Record files or folders to analyse instead of a database (needs --out)");
      b->add_option("--out", build->out, "Model file to write (default: DB/meute.model)");
      b->add_option("--k", build->k, "Dimensions of the embedding space")->capture_default_str();
      b->add_option("--seed", build->seed, "Seed of the randomized SVD")->capture_default_str();
      b->add_option("--power-iterations", build->power_iterations,
                    "Power iterations of the randomized SVD")
          ->capture_default_str();
      b->add_option("--oversampling", build->oversampling, "Extra random directions")
          ->capture_default_str();
      b->add_option("--min-df", build->min_df, "Leave out terms found in fewer documents")
          ->capture_default_str();
      b->add_option("--glossary", build->glossary,
                    "Domain glossary (default: the shipped corpora/glossary/domain-glossary.tsv)");
      b->add_flag("--no-glossary", build->no_glossary,
                  "Build without any glossary (nor dictionaries)");
      b->add_option("--dictionaries", build->dictionaries,
                    "Also translate English with the FreeDict dictd files freedict-eng-fra.* and "
                    "freedict-fra-eng.* of this folder (Debian: /usr/share/dictd; default: none, "
                    "see doc/recommender.md)");
      b->add_option("--max-translations", build->max_translations,
                    "With --dictionaries: leave out English words with more French translations")
          ->capture_default_str();
      b->add_flag("--quiet", build->quiet, "Print nothing on success");
      auto info = std::make_shared<InfoArgs>();
      CLI::App* i = app.add_subcommand("info", "Describe the model of a database");
      i->add_option("--db", info->db, "Database directory");
      i->add_option("--model", info->model, "Model file");
      i->add_flag("--json", info->json, "Print JSON");
      auto which = std::make_shared<std::string>();
      b->callback([which] { *which = "build"; });
      i->callback([which] { *which = "info"; });
      return [build, info, which]() -> int {
        if (*which == "build") return ReportError("model build", Build(*build));
        return ReportError("model info", Info(*info));
      };
    });

}  // namespace
}  // namespace meute::tools
