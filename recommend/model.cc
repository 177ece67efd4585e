#include "recommend/model.h"

#include <algorithm>
#include <map>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace meute::recommend {

Eigen::VectorXf Normalized(const Eigen::Ref<const Eigen::VectorXf>& v) {
  const float norm = v.norm();
  if (norm <= 0.0f) return Eigen::VectorXf::Zero(v.size());
  return v / norm;
}

namespace {

void AddScaled(std::map<int32_t, float>& acc, const TermWeights& w, float scale) {
  for (const auto& [t, v] : w) acc[t] += scale * v;
}

TermWeights NormalizedWeights(const std::map<int32_t, float>& acc) {
  TermWeights w(acc.begin(), acc.end());
  NormalizeWeights(w);
  return w;
}

}  // namespace

TermWeights SparseClusterProfile(const TermWeights& description,
                                 const std::vector<TermWeights>& members,
                                 float description_weight) {
  std::map<int32_t, float> mean;
  for (const TermWeights& m : members) AddScaled(mean, m, 1.0f);
  const TermWeights member_part = NormalizedWeights(mean);
  if (description.empty()) return member_part;
  if (member_part.empty()) return description;
  std::map<int32_t, float> mixed;
  AddScaled(mixed, description, description_weight);
  AddScaled(mixed, member_part, 1.0f - description_weight);
  return NormalizedWeights(mixed);
}

Eigen::VectorXf ClusterProfile(const Eigen::Ref<const Eigen::VectorXf>& description,
                               const std::vector<Eigen::VectorXf>& members,
                               float description_weight) {
  Eigen::VectorXf mean = Eigen::VectorXf::Zero(description.size());
  for (const Eigen::VectorXf& m : members) mean += m;
  const Eigen::VectorXf member_part = Normalized(mean);
  const bool has_description = description.squaredNorm() > 0.0f;
  const bool has_members = member_part.squaredNorm() > 0.0f;
  if (!has_description) return member_part;
  if (!has_members) return Normalized(description);
  const Eigen::VectorXf mixed =
      description_weight * Normalized(description) + (1.0f - description_weight) * member_part;
  return Normalized(mixed);
}

ModelBuilder::ModelBuilder(ModelOptions options, Glossary glossary)
    : options_(std::move(options)), glossary_(std::move(glossary)) {}

void ModelBuilder::Add(absl::string_view id, ingest::Kind kind, absl::string_view lang,
                       const std::vector<std::string>& clusters, const TermCounts& terms) {
  if (glossary_.empty()) {
    corpus_.Add(terms);
  } else {
    corpus_.Add(glossary_.Apply(terms, lang));
  }
  items_.push_back({std::string(id), kind});
  clusters_.push_back(kind == ingest::Kind::kMember ? clusters : std::vector<std::string>());
}

void ModelBuilder::Add(const ingest::TermVector& doc) {
  TermCounts terms(doc.terms.begin(), doc.terms.end());
  Add(doc.record.id, doc.record.kind, doc.record.lang, doc.record.clusters, terms);
}

absl::StatusOr<ModelData> ModelBuilder::Finish() && {
  if (corpus_.num_documents() == 0) {
    return absl::InvalidArgumentError("building the model: no document");
  }
  {
    absl::flat_hash_set<absl::string_view> seen;
    for (const ModelItem& item : items_) {
      if (!seen.insert(item.id).second) {
        return absl::InvalidArgumentError(
            absl::StrCat("building the model: two documents have the id \"", item.id, "\""));
      }
    }
  }
  ModelData data;
  data.options = options_;
  data.num_documents = static_cast<uint32_t>(corpus_.num_documents());
  data.vocabulary = Vocabulary::FromCorpus(corpus_, options_.tfidf);
  if (data.vocabulary.size() == 0) {
    return absl::InvalidArgumentError("building the model: no term left in the vocabulary");
  }
  SparseMatrix a = BuildTfidfMatrix(corpus_, data.vocabulary);
  corpus_ = TermCorpus();  // Free the postings before the SVD needs memory.

  absl::StatusOr<SvdResult> svd = RandomizedSvd(a, options_.svd);
  if (!svd.ok()) return svd.status();
  data.singular_values = std::move(svd->singular_values);
  data.projection = std::move(svd->v);

  // Typical weight of each term where it occurs.
  data.typical_weight.assign(static_cast<size_t>(a.cols()), 0.0f);
  {
    std::vector<uint32_t> count(static_cast<size_t>(a.cols()), 0);
    for (Eigen::Index i = 0; i < a.rows(); ++i) {
      for (SparseMatrix::InnerIterator it(a, i); it; ++it) {
        data.typical_weight[static_cast<size_t>(it.col())] += it.value();
        ++count[static_cast<size_t>(it.col())];
      }
    }
    for (size_t t = 0; t < count.size(); ++t) {
      if (count[t] > 0) data.typical_weight[t] /= static_cast<float>(count[t]);
    }
  }

  MultiplySparseDense(a, data.projection, data.item_vectors, options_.svd.threads);
  a = SparseMatrix();
  data.item_norms.resize(static_cast<size_t>(data.item_vectors.rows()));
  for (Eigen::Index i = 0; i < data.item_vectors.rows(); ++i) {
    const float norm = data.item_vectors.row(i).norm();
    data.item_norms[static_cast<size_t>(i)] = norm;
    if (norm > 0.0f) data.item_vectors.row(i) /= norm;
  }
  data.items = std::move(items_);

  // Cluster profiles, in id order.
  const Eigen::Index k = data.projection.cols();
  std::map<std::string, std::pair<int32_t, std::vector<int32_t>>> clusters;  // id -> (row, members)
  for (size_t i = 0; i < data.items.size(); ++i) {
    if (data.items[i].kind == ingest::Kind::kCluster) {
      auto [it, inserted] = clusters.try_emplace(data.items[i].id, -1, std::vector<int32_t>());
      it->second.first = static_cast<int32_t>(i);
    }
  }
  for (size_t i = 0; i < data.items.size(); ++i) {
    for (const std::string& c : clusters_[i]) {
      auto [it, inserted] = clusters.try_emplace(c, -1, std::vector<int32_t>());
      it->second.second.push_back(static_cast<int32_t>(i));
    }
  }
  data.profile_vectors.resize(static_cast<Eigen::Index>(clusters.size()), k);
  Eigen::Index row = 0;
  for (const auto& [id, entry] : clusters) {
    const Eigen::VectorXf description =
        entry.first >= 0 ? Eigen::VectorXf(data.item_vectors.row(entry.first).transpose())
                         : Eigen::VectorXf::Zero(k);
    std::vector<Eigen::VectorXf> members;
    for (int32_t m : entry.second) members.emplace_back(data.item_vectors.row(m).transpose());
    data.profile_vectors.row(row) =
        ClusterProfile(description, members, options_.description_weight).transpose();
    data.profile_ids.push_back(id);
    ++row;
  }
  data.glossary = std::move(glossary_);
  return data;
}

Model::Model(ModelData data) : data_(std::move(data)) {
  for (size_t i = 0; i < data_.items.size(); ++i) {
    item_index_.emplace(data_.items[i].id, static_cast<int32_t>(i));
  }
  for (size_t i = 0; i < data_.profile_ids.size(); ++i) {
    profile_index_.emplace(data_.profile_ids[i], static_cast<int32_t>(i));
  }
}

absl::StatusOr<Model> Model::Build(const std::vector<ingest::TermVector>& docs,
                                   const ModelOptions& options, Glossary glossary) {
  ModelBuilder builder(options, std::move(glossary));
  for (const ingest::TermVector& doc : docs) builder.Add(doc);
  absl::StatusOr<ModelData> data = std::move(builder).Finish();
  if (!data.ok()) return data.status();
  return Model(*std::move(data));
}

int32_t Model::FindItem(absl::string_view id) const {
  auto it = item_index_.find(id);
  return it == item_index_.end() ? -1 : it->second;
}

int32_t Model::FindProfile(absl::string_view id) const {
  auto it = profile_index_.find(id);
  return it == profile_index_.end() ? -1 : it->second;
}

TermWeights Model::Weigh(const TermCounts& terms, absl::string_view lang) const {
  if (data_.glossary.empty()) return data_.vocabulary.Weigh(terms);
  return data_.vocabulary.Weigh(data_.glossary.Apply(terms, lang));
}

TermWeights Model::WeighPlain(const TermCounts& terms) const {
  return data_.vocabulary.Weigh(terms);
}

Eigen::VectorXf Model::Embed(const TermWeights& w) const {
  Eigen::VectorXf e = Eigen::VectorXf::Zero(data_.projection.cols());
  for (const auto& [term, weight] : w) e += weight * data_.projection.row(term).transpose();
  return e;
}

Eigen::VectorXf Model::EmbedUnit(const TermWeights& w) const { return Normalized(Embed(w)); }

float Model::Reconstruct(const Eigen::Ref<const Eigen::VectorXf>& e, int32_t term) const {
  return data_.projection.row(term).dot(e);
}

}  // namespace meute::recommend
