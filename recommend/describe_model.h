// What `meute model info` says of a model file: its format, the analyzer it
// was made with, the documents and terms it was fitted on, its dimensions and
// the SVD's settings, its cluster profiles and glossary.
//
// Thread safety: pure functions.

#ifndef MEUTE_RECOMMEND_DESCRIBE_MODEL_H_
#define MEUTE_RECOMMEND_DESCRIBE_MODEL_H_

#include <string>

#include "absl/strings/string_view.h"
#include "recommend/model.h"

namespace meute::recommend {

// A few aligned lines "label   value", one per line, each ending in '\n'.
// `path` is the file `model` was loaded from (its size is read; 0 if it
// cannot be).
std::string DescribeModelText(const Model& model, absl::string_view path);

// The one line `meute model build` prints once `model` is saved at `path`:
// "model PATH: N documents, T terms, k = K, C cluster profiles, G glossary
// entries, S MB, D s\n".
std::string DescribeBuiltModel(const Model& model, absl::string_view path, int documents,
                               double seconds);

// The same as one JSON object (two-space indent, no final newline; invalid
// UTF-8 replaced): path, format_version, bytes, analyzer_version, documents,
// terms, k, k_requested, oversampling, power_iterations, seed, min_df,
// description_weight, items (documents per kind), cluster_profiles,
// glossary_entries, top_singular_values (at most 5).
std::string DescribeModelJson(const Model& model, absl::string_view path);

}  // namespace meute::recommend

#endif  // MEUTE_RECOMMEND_DESCRIBE_MODEL_H_
