#include "recommend/describe_model.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <sstream>
#include <string>
#include <system_error>
#include <vector>

#include <nlohmann/json.hpp>

#include "absl/strings/str_format.h"
#include "recommend/model_io.h"

namespace meute::recommend {
namespace {

// What both descriptions read beside the model itself.
struct Facts {
  std::map<std::string, int> kinds;  // Documents per kind name.
  std::error_code ec;                // Set if the file size is unknown.
  uintmax_t bytes = 0;
  std::vector<float> top_sv;  // The first singular values (at most 5).
};

Facts GatherFacts(const Model& model, absl::string_view path) {
  const ModelData& d = model.data();
  Facts f;
  for (const ModelItem& item : d.items) ++f.kinds[std::string(ingest::KindName(item.kind))];
  f.bytes = std::filesystem::file_size(std::string(path), f.ec);
  for (Eigen::Index i = 0; i < std::min<Eigen::Index>(5, d.singular_values.size()); ++i) {
    f.top_sv.push_back(d.singular_values[i]);
  }
  return f;
}

}  // namespace

std::string DescribeModelJson(const Model& model, absl::string_view path) {
  const ModelData& d = model.data();
  const Facts f = GatherFacts(model, path);
  nlohmann::ordered_json j;
  j["path"] = std::string(path);
  j["format_version"] = kModelFormatVersion;
  j["bytes"] = f.ec ? 0 : f.bytes;
  j["analyzer_version"] = d.options.analyzer_version;
  j["documents"] = d.num_documents;
  j["terms"] = model.vocabulary().size();
  j["k"] = model.k();
  j["k_requested"] = d.options.svd.rank;
  j["oversampling"] = d.options.svd.oversampling;
  j["power_iterations"] = d.options.svd.power_iterations;
  j["seed"] = d.options.svd.seed;
  j["min_df"] = d.options.tfidf.min_df;
  j["description_weight"] = d.options.description_weight;
  j["items"] = f.kinds;
  j["cluster_profiles"] = d.profile_ids;
  j["glossary_entries"] = d.glossary.entries().size();
  j["top_singular_values"] = f.top_sv;
  return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string DescribeModelText(const Model& model, absl::string_view path) {
  const ModelData& d = model.data();
  const Facts f = GatherFacts(model, path);
  std::ostringstream out;
  out << absl::StrFormat("model          %s (format %d, %.1f MB)\n", path, kModelFormatVersion,
                         f.ec ? 0.0 : static_cast<double>(f.bytes) / 1e6);
  out << absl::StrFormat("analyzer       version %d\n", d.options.analyzer_version);
  out << absl::StrFormat("documents      %d (", d.num_documents);
  bool first = true;
  for (const auto& [k, n] : f.kinds) {
    out << (first ? "" : ", ") << n << ' ' << k;
    first = false;
  }
  out << ")\n";
  out << absl::StrFormat("terms          %d (min df %d)\n", model.vocabulary().size(),
                         d.options.tfidf.min_df);
  out << absl::StrFormat(
      "dimensions     k = %d (asked %d; oversampling %d, %d power iterations, seed %d)\n",
      model.k(), d.options.svd.rank, d.options.svd.oversampling, d.options.svd.power_iterations,
      d.options.svd.seed);
  out << "top singular   ";
  for (float s : f.top_sv) out << absl::StrFormat("%.3f ", s);
  out << '\n';
  out << absl::StrFormat("clusters       %d profiles (description weight %.2f)\n",
                         d.profile_ids.size(), d.options.description_weight);
  out << absl::StrFormat("glossary       %d entries\n", d.glossary.entries().size());
  return out.str();
}

std::string DescribeBuiltModel(const Model& model, absl::string_view path, int documents,
                               double seconds) {
  std::error_code ec;
  const auto bytes = std::filesystem::file_size(std::string(path), ec);
  return absl::StrFormat(
      "model %s: %d documents, %d terms, k = %d, %d cluster profiles, %d glossary entries, "
      "%.1f MB, %.2f s\n",
      path, documents, model.vocabulary().size(), model.k(), model.data().profile_ids.size(),
      model.glossary().entries().size(), ec ? 0.0 : static_cast<double>(bytes) / 1e6, seconds);
}

}  // namespace meute::recommend
