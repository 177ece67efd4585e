// The recommender model: a TF-IDF term space reduced by a randomized truncated
// SVD (latent semantic analysis), with one embedding per document and one
// profile per cluster.
//
// Embeddings. A document with L2-normalised TF-IDF row a has the embedding
// e = a V_k (k numbers; the rows of A V_k are U_k S_k), and every stored item
// vector is e / |e|, so cosine similarity is a dot product. New text is folded
// in the same way (Weigh() then Embed()), so calls, projects and queries share
// the space of the training documents.
//
// Cluster profiles. A cluster is described twice: by its own description and
// by its members. Its profile is
//   p = normalise(w * d + (1 - w) * normalise(mean of its members' vectors)),
// with d the normalised vector of the cluster's own record and
// w = ModelOptions::description_weight (default 0.5: the self-description and
// the membership evidence count the same, whatever the number of members). A
// cluster without members is its description; one without a description
// record is the mean of its members.
//
// Thread safety: immutable after Build() or LoadModel(); all const methods may
// run concurrently.

#ifndef MEUTE_RECOMMEND_MODEL_H_
#define MEUTE_RECOMMEND_MODEL_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "ingest/document.h"
#include "ingest/term_vector.h"
#include "recommend/glossary.h"
#include "recommend/randomized_svd.h"
#include "recommend/recommender_state.h"
#include "recommend/term_corpus.h"
#include "recommend/types.h"

namespace meute::recommend {

struct ModelOptions {
  // SVD rank, oversampling, power iterations and seed (see SvdOptions).
  SvdOptions svd;
  // Vocabulary pruning (see TfidfOptions). Default: keep every term.
  TfidfOptions tfidf;
  // Weight of a cluster's own description in its profile; the rest goes to
  // the mean of its members. Default: 0.5.
  float description_weight = 0.5f;
  // Version of the analyzer that made the stems; stored in the model so that
  // a model made from other stems is refused. Default: 0 (unknown).
  int analyzer_version = 0;
};

struct ModelItem {
  std::string id;
  ingest::Kind kind = ingest::Kind::kNews;
};

// Everything a Model holds; what the model file stores.
struct ModelData {
  ModelOptions options;
  uint32_t num_documents = 0;  // Documents the model was fitted on.
  Vocabulary vocabulary;
  std::vector<float> typical_weight;  // Per term: mean of its non-zero TF-IDF weights.
  Eigen::VectorXf singular_values;    // k
  DenseMatrix projection;             // V_k: terms x k
  std::vector<ModelItem> items;
  std::vector<float> item_norms;         // |a V_k| per item (share of the row the space keeps).
  DenseMatrix item_vectors;              // items x k, unit rows (zero rows for empty documents)
  std::vector<std::string> profile_ids;  // Cluster ids.
  DenseMatrix profile_vectors;           // clusters x k, unit rows
  Glossary glossary;
  // Precomputed for the recommender commands (see recommender_state.h).
  RecommenderState state;
};

// Accumulates documents one at a time (so 100k documents never exist as
// strings at once), then fits the model.
class ModelBuilder {
 public:
  explicit ModelBuilder(ModelOptions options, Glossary glossary = Glossary());

  // Adds a document: its id, kind, language ("fr", "en" or ""), the clusters
  // it belongs to (members) and its stems with their counts. The glossary is
  // applied here.
  void Add(absl::string_view id, ingest::Kind kind, absl::string_view lang,
           const std::vector<std::string>& clusters, const TermCounts& terms);
  void Add(const ingest::TermVector& doc);

  int32_t num_documents() const { return corpus_.num_documents(); }

  // Fits TF-IDF, the SVD and the profiles. kInvalidArgument if there is no
  // document or no term, or if two documents share an id.
  absl::StatusOr<ModelData> Finish() &&;

 private:
  ModelOptions options_;
  Glossary glossary_;
  TermCorpus corpus_;
  std::vector<ModelItem> items_;
  std::vector<std::vector<std::string>> clusters_;
};

class Model {
 public:
  explicit Model(ModelData data);

  // Builds a model from exported term vectors. Errors as ModelBuilder::Finish().
  static absl::StatusOr<Model> Build(const std::vector<ingest::TermVector>& docs,
                                     const ModelOptions& options, Glossary glossary = Glossary());

  const ModelData& data() const { return data_; }
  int k() const { return static_cast<int>(data_.singular_values.size()); }
  const Vocabulary& vocabulary() const { return data_.vocabulary; }
  const DenseMatrix& projection() const { return data_.projection; }
  const std::vector<ModelItem>& items() const { return data_.items; }
  const DenseMatrix& item_vectors() const { return data_.item_vectors; }
  const Glossary& glossary() const { return data_.glossary; }

  // Row of item `id`, or -1.
  int32_t FindItem(absl::string_view id) const;
  // Row of the profile of cluster `id`, or -1.
  int32_t FindProfile(absl::string_view id) const;
  // The profile vector of row `row` of profile_ids.
  Eigen::VectorXf Profile(int32_t row) const { return data_.profile_vectors.row(row).transpose(); }

  // TF-IDF weights of a document given by raw stem counts in language `lang`,
  // after the glossary: the row the model would have for it.
  TermWeights Weigh(const TermCounts& terms, absl::string_view lang) const;
  // Same without the glossary (the plain TF-IDF baseline).
  TermWeights WeighPlain(const TermCounts& terms) const;

  // w V_k (not normalised): the embedding of weights `w`.
  Eigen::VectorXf Embed(const TermWeights& w) const;
  // Embed() scaled to unit length (zero stays zero).
  Eigen::VectorXf EmbedUnit(const TermWeights& w) const;

  // The weight that the rank-k reconstruction gives term `term` in a document
  // whose (unnormalised) embedding is `e`: e . V_k[term]. Comparable to a
  // TF-IDF weight of a unit row.
  float Reconstruct(const Eigen::Ref<const Eigen::VectorXf>& e, int32_t term) const;

 private:
  ModelData data_;
  absl::flat_hash_map<std::string, int32_t> item_index_;
  absl::flat_hash_map<std::string, int32_t> profile_index_;
};

// Returns `v` scaled to unit length; zero stays zero.
Eigen::VectorXf Normalized(const Eigen::Ref<const Eigen::VectorXf>& v);

// Profile of a cluster: normalise(w * description + (1 - w) * normalise(mean
// of members)); members and description are unit vectors or zero. Zero if
// both are missing.
Eigen::VectorXf ClusterProfile(const Eigen::Ref<const Eigen::VectorXf>& description,
                               const std::vector<Eigen::VectorXf>& members,
                               float description_weight);

// ClusterProfile() in the TF-IDF space (sparse, no SVD): the same weighting
// of the description and the normalised mean of the members.
TermWeights SparseClusterProfile(const TermWeights& description,
                                 const std::vector<TermWeights>& members, float description_weight);

}  // namespace meute::recommend

#endif  // MEUTE_RECOMMEND_MODEL_H_
