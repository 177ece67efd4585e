// Glue shared by the recommender commands (model, themes, partners,
// consortium, calls, eval-recommend): opens a database, exports its term
// vectors, loads the model beside it and builds the recommender. No
// recommendation logic lives here.

#ifndef MEUTE_TOOLS_RECOMMEND_COMMON_H_
#define MEUTE_TOOLS_RECOMMEND_COMMON_H_

#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "absl/status/statusor.h"
#include "ingest/analyzer.h"
#include "recommend/mapped_state.h"
#include "recommend/model.h"
#include "recommend/recommender.h"
#include "recommend/surface_forms.h"
#include "recommend/themes.h"

namespace meute::tools {

struct RecommendWorkspace {
  std::string db_dir;
  std::unique_ptr<ingest::Analyzer> analyzer;
  std::unique_ptr<recommend::Model> model;
  std::unique_ptr<recommend::SurfaceForms> surface;
  std::unique_ptr<recommend::Recommender> rec;
  // True when the state file was used (see OpenWorkspace()), and whether the
  // records came with their terms and texts (full_records).
  bool mapped_state = false;
  bool full_records = true;
  // The themes the state file holds (null: none).
  std::unique_ptr<recommend::StoredThemes> stored_themes;
};

// The model beside the database at `db_dir`. kFailedPrecondition if there is
// none (or one made from another analyzer version), with the command that
// fixes it; kDataLoss if it is corrupt.
absl::StatusOr<std::unique_ptr<recommend::Model>> LoadModelBeside(const std::string& db_dir);

// The records of the database at `db_dir` with their terms. kNotFound if
// there is no database, kFailedPrecondition if it has no record; both
// messages say to run `meute index` first.
absl::StatusOr<std::vector<ingest::TermVector>> ExportRecords(const std::string& db_dir);

// Opens the database at `db_dir` and the model beside it. The surface forms
// come from the model file when it holds them for exactly these records,
// else they are recomputed (same result, slower). kNotFound if there
// is no database; kFailedPrecondition if it has no record, or if there is no
// model (or one made from another analyzer version); each message says which
// command to run first.
//
// When `model build` left a state file that matches the model and the
// database's revision (recommend/mapped_state.h), the recommender reads the
// per-record weights and the calls' relevance from it in place; with
// `full_records` false the records come from it too (their shown fields
// only: no terms, text for calls only), without the term export from the
// index: enough for `consortium` and `calls`, not for themes or digests.
absl::StatusOr<std::unique_ptr<RecommendWorkspace>> OpenWorkspace(const std::string& db_dir,
                                                                  bool full_records = true);
// For the commands that run the themes on `as_of` (themes, partners): the
// records from the state file when it holds the themes of that day's
// documents (only their trends and ids are then computed), else with their
// terms and texts from the index.
absl::StatusOr<std::unique_ptr<RecommendWorkspace>> OpenThemeWorkspace(const std::string& db_dir,
                                                                       const std::string& as_of);

// The theme options of the commands on `as_of`: also what `model build`
// stores the themes with.
recommend::ThemeOptions CommandThemeOptions(const std::string& as_of);

// The recommender options of every command (the shipped boilerplate list,
// French parts of speech, phrases by `analyzer`, which must outlive them):
// also what `model build` computes the stored relevance with.
absl::StatusOr<recommend::RecommenderOptions> CommandRecommenderOptions(
    const ingest::Analyzer& analyzer);

// OK if the workspace has a cluster (or call) record `id`; otherwise
// kNotFound naming it, with the closest ids ("did you mean", base/suggest.h).
absl::Status CheckClusterId(const RecommendWorkspace& ws, const std::string& id);
absl::Status CheckCallId(const RecommendWorkspace& ws, const std::string& id);

// Today's local date, YYYY-MM-DD.
std::string TodayDate();

// kInvalidArgument unless `date` is a valid YYYY-MM-DD date.
absl::Status CheckDate(const std::string& flag, const std::string& date);

// The glossary shipped with the sources (corpora/glossary/domain-glossary.tsv).
std::string DefaultGlossaryPath();
// The shipped call boilerplate list (corpora/glossary/call-boilerplate.txt).
std::string DefaultBoilerplatePath();

// Themes of the workspace on `as_of`, matched to the saved state beside the
// model; the new state is saved when `save` is true. From the stored themes
// when they apply; kInternal if they do not and the workspace has no full
// records (OpenThemeWorkspace() avoids that).
absl::StatusOr<recommend::ThemeRun> RunThemes(const RecommendWorkspace& ws,
                                              const std::string& as_of, bool save);

// Rising themes as partner signals.
std::vector<recommend::ThemeSignal> RisingThemes(const recommend::ThemeRun& run);

// Readable words of `terms`, comma-separated.
std::string Words(const std::vector<recommend::Term>& terms);
nlohmann::ordered_json TermsJson(const std::vector<recommend::Term>& terms);
nlohmann::ordered_json MembersJson(const std::vector<recommend::MemberEvidence>& members);
std::string ThemeLabel(const recommend::Theme& theme);

// Prints `j` as indented JSON (invalid UTF-8 replaced).
void PrintJson(const nlohmann::ordered_json& j);

}  // namespace meute::tools

#endif  // MEUTE_TOOLS_RECOMMEND_COMMON_H_
