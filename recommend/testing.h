// Synthetic term vectors for the recommender's unit tests: four clusters with
// distinct vocabularies, their members, calls (some transverse, one English),
// and dated news in which one theme rises. No index or analyzer needed.

#ifndef MEUTE_RECOMMEND_TESTING_H_
#define MEUTE_RECOMMEND_TESTING_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "ingest/term_vector.h"
#include "recommend/model.h"
#include "recommend/parts_of_speech.h"

namespace meute::recommend::testing {

// Clusters "eau", "rail", "energie", "robot"; members "m-<cluster>-<i>";
// calls "call-eau-rail" (needs eau + rail), "call-energie" (energie only),
// "call-robot-eau" (robot + eau), "call-closed" (deadline 2020-01-31); news
// "n-<i>" dated 2026-01-05 onwards, where the hydrogen vocabulary grows in
// the last eight weeks before 2026-11-25. Deterministic.
std::vector<ingest::TermVector> SyntheticCorpus();

// Model::Build() of `docs` with a rank-`rank` SVD, other options default.
absl::StatusOr<Model> BuildModel(const std::vector<ingest::TermVector>& docs, int rank);

// Writes `text` to the file `name` of the test's temporary folder; its path.
std::string WriteTempFile(const std::string& name, const std::string& text);

// A Hunspell dictionary of the .dic lines `entries` (one form and its
// Grammalecte fields each: "estime po:nom"), written as NAME.aff and
// NAME.dic in the test's temporary folder and loaded.
absl::StatusOr<std::unique_ptr<FrenchMorphology>> LoadMorphology(
    const std::string& name, const std::vector<std::string>& entries);

}  // namespace meute::recommend::testing

#endif  // MEUTE_RECOMMEND_TESTING_H_
