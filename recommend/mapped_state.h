// The recommender's per-record state, computed once by `meute model build
// --db` and memory-mapped by the commands (issue 16, item 4): each record's
// fields the recommendations show (id, kind, title, names, dates, clusters;
// the text of calls, clusters and members, for the needs' phrases and the
// words units are credited with), its term weights
// (Model::Weigh(), glossary applied) and its own model terms, and the
// relevance of every cluster to every call (Recommender::ClusterRelevance(),
// computed at model build by the recommender itself), every cluster's
// sparse profile (Recommender::SparseProfile()), and what `partners` reads of
// every call and cluster pair (Recommender::ConsortiumSeats(),
// Recommender::Relatedness()), and the themes up to the newest document
// (StoredThemes, recommend/themes.h). With it, `consortium`, `calls`,
// `partners` and `themes` need neither the term export of every record from
// the index, nor the weighting of every record, nor the relevance and
// consortium of every call, nor the grouping of the themes; the Recommender
// reads the weights, own terms, relevance and seats in place.
//
// File DB/meute.model.state, beside the model. Layout (little-endian; every
// section starts at a multiple of 8 bytes, padded with zeros) -- DO NOT
// CHANGE without bumping kMappedStateVersion:
//
//   header (64 bytes)
//     0  char[8]  magic "MEUTESTA"
//     8  u32      format version (4; 1 to 3 are older layouts, refused)
//    12  u32      model terms (vocabulary size)
//    16  u64      records n
//    24  u64      file size in bytes
//    32  u64      records fingerprint (RecommenderState::records_fingerprint)
//    40  u32      CRC-32 of the model file's payload (its header, bytes 24-27)
//    44  u32      reserved, 0
//    48  u64      model file's payload size (its header, bytes 16-23)
//    56  u64      byte length of the database fingerprint
//   sections, in this order
//     char[]      database fingerprint (index::DatabaseFingerprint(): the
//                 uuid and revision of every shard)
//     u64[n*14+1] offsets of the record fields into the blob below; per
//                 record: id, title, text (not for news: empty), date,
//                 lang, name, organisation, clusters (each as u32 byte
//                 length + bytes), funder, opens, deadline, then (not for
//                 news: empty) skills, sectors, themes (lists as clusters)
//     char[]      the fields' bytes
//     u8[n]       kinds (0 cluster, 1 member, 2 call, 3 news)
//     u64[n+1]    offsets into the weight array
//     (i32, f32)[w] weighted model terms and their weights, per record
//                 sorted by term (a TermWeights entry, read in place)
//     u64[n+1]    offsets into the own-term array
//     i32[o]      own model terms, per record sorted
//     u64[4]      relevance: RecommenderOptionsFingerprint() of the options
//                 it was computed with, clusters c, calls m, 0
//     i32[m]      rows of those calls, increasing
//     f32[m*c]    per call, the relevance of every cluster (in
//                 Recommender::cluster_ids() order)
//     u64         sparse cluster profiles p (0 or c, in cluster_ids() order:
//                 Recommender::SparseProfile(), SparseClusterProfile() of
//                 the cluster's record and members)
//     u64[p+1]    offsets into the profile array
//     (i32, f32)[] the profiles' (term, weight) pairs
//     u64[2]      teams: calls s (0 or m, the relevance's calls), clusters r
//                 (0 or c)
//     u64[s+1]    offsets into the seat array
//     (u32, i32, f32)[] per call, its consortium's clusters in the order
//                 chosen: cluster index, rank, relevance
//                 (Recommender::ConsortiumSeats())
//     f32[r*r]    relatedness of every cluster to every cluster
//                 (Recommender::Relatedness())
//     u64         byte length t of the stored themes (0: none)
//     char[t]     the themes of the documents up to the newest
//                 (SerializeStoredThemes(), recommend/themes.h)
//
// Formats 1 to 3 (separate term and weight arrays, no relevance, the text of
// calls only, no teams) are refused like any other version. The relevance does not depend on the
// day asked (only a call's open flag does, and that is computed by the commands); the Recommender
// uses it only when its options have the stored fingerprint and the same number of clusters, and
// computes it otherwise.
//
// The state is valid for one model file and one database revision only:
// Open() refuses (kFailedPrecondition) a file made for another model or
// another revision of the database, so the commands then compute everything
// from the index as before, with the same results. A file of another format
// version is kFailedPrecondition ("rebuild with meute model build"); a short
// or inconsistent file is kDataLoss; a missing one kNotFound.
//
// Thread safety: MappedState is immutable after Open(); const methods may
// run concurrently.

#ifndef MEUTE_RECOMMEND_MAPPED_STATE_H_
#define MEUTE_RECOMMEND_MAPPED_STATE_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "ingest/term_vector.h"
#include "recommend/model.h"
#include "recommend/types.h"

namespace meute::recommend {

inline constexpr char kMappedStateMagic[8] = {'M', 'E', 'U', 'T', 'E', 'S', 'T', 'A'};
inline constexpr uint32_t kMappedStateVersion = 4;
inline constexpr size_t kMappedStateHeaderSize = 64;

// The state file of the model at `model_path`: MODEL.state.
std::string MappedStatePath(absl::string_view model_path);

// What ties a state file to one model file: its payload's CRC-32 and size.
struct ModelIdentity {
  uint32_t crc = 0;
  uint64_t payload_size = 0;
};
// Read from the header of the model file at `model_path` (32 bytes).
absl::StatusOr<ModelIdentity> ReadModelIdentity(absl::string_view model_path);

// Model::Weigh() of the record's terms in its language, and its terms found
// in the model's vocabulary, sorted: what the Recommender keeps per record.
TermWeights RecordWeights(const Model& model, const ingest::TermVector& doc);
std::vector<int32_t> OwnModelTerms(const Model& model, const ingest::TermVector& doc);

// The relevance section: what Recommender::ClusterRelevance() gives for
// each call, computed with options of fingerprint `options_fingerprint`.
struct StoredRelevance {
  uint64_t options_fingerprint = 0;
  uint64_t clusters = 0;
  std::vector<int32_t> rows;  // Rows of the calls, increasing.
  std::vector<float> values;  // rows.size() * clusters, row by row.
  // The sparse profile of each cluster, in Recommender::cluster_ids() order
  // (empty: none stored). They depend on the records only, not on options.
  std::vector<WeightsView> profiles;
  // Per call of `rows` (or empty: none stored), its consortium's seats, and
  // the clusters x clusters relatedness (empty or clusters^2 values), for
  // the same options.
  std::vector<std::vector<ConsortiumSeat>> seats;
  std::vector<float> relatedness;
  // SerializeStoredThemes() of the themes up to the newest document ("": none).
  std::string themes;
};

// The whole file content for `docs` (the records `model` was built from, in
// the index's order) and the database fingerprint they were read at, with
// each record's RecordWeights() and OwnModelTerms() (`weights`, `own_terms`,
// one entry per record) and the calls' relevance (empty: none stored).
std::string SerializeMappedState(const Model& model, const ModelIdentity& identity,
                                 const std::vector<ingest::TermVector>& docs,
                                 const std::vector<WeightsView>& weights,
                                 const std::vector<absl::Span<const int32_t>>& own_terms,
                                 const StoredRelevance& relevance,
                                 absl::string_view db_fingerprint);
// Same, computing the weights and own terms, without relevance.
std::string SerializeMappedState(const Model& model, const ModelIdentity& identity,
                                 const std::vector<ingest::TermVector>& docs,
                                 absl::string_view db_fingerprint);

class MappedState {
 public:
  // Maps the state file at `path` and checks it against `model` (records
  // fingerprint, vocabulary size), `identity` (the model file) and
  // `db_fingerprint` (the database now). Errors as in the file comment.
  static absl::StatusOr<std::unique_ptr<MappedState>> Open(absl::string_view path,
                                                           const Model& model,
                                                           const ModelIdentity& identity,
                                                           absl::string_view db_fingerprint);
  ~MappedState();
  MappedState(const MappedState&) = delete;
  MappedState& operator=(const MappedState&) = delete;

  size_t records() const { return records_; }
  absl::string_view Id(size_t row) const { return Field(row, 0); }

  // Record `row` with the fields listed above (no terms; no text for news).
  ingest::TermVector Record(size_t row) const;
  // In place: valid while this MappedState lives.
  WeightsView Weights(size_t row) const;
  absl::Span<const int32_t> OwnTerms(size_t row) const;

  // The stored relevance (see the file comment): the options' fingerprint,
  // the number of clusters (0 when none is stored), the calls' rows, and the
  // relevance of every cluster to call `i` of relevance_rows().
  uint64_t relevance_options_fingerprint() const { return relevance_fingerprint_; }
  size_t relevance_clusters() const { return relevance_clusters_; }
  absl::Span<const int32_t> relevance_rows() const {
    return absl::Span<const int32_t>(relevance_rows_, relevance_calls_);
  }
  absl::Span<const float> Relevance(size_t i) const {
    return absl::Span<const float>(relevance_values_ + i * relevance_clusters_,
                                   relevance_clusters_);
  }
  // The stored sparse cluster profiles (0 when none), in place.
  size_t profiles() const { return profiles_; }
  WeightsView Profile(size_t i) const {
    return WeightsView(profile_pairs_ + profile_offsets_[i],
                       static_cast<size_t>(profile_offsets_[i + 1] - profile_offsets_[i]));
  }
  // The stored teams (0 calls when none): the consortium seats of call `i`
  // of relevance_rows(), and the relatedness of cluster `c` to every cluster.
  size_t seat_calls() const { return seat_calls_; }
  absl::Span<const ConsortiumSeat> Seats(size_t i) const {
    return absl::Span<const ConsortiumSeat>(seats_ + seat_offsets_[i],
                                            seat_offsets_[i + 1] - seat_offsets_[i]);
  }
  // The stored themes' bytes (SerializeStoredThemes()), "" when none.
  absl::string_view stored_themes() const { return stored_themes_; }
  size_t relatedness_clusters() const { return relatedness_clusters_; }
  absl::Span<const float> Relatedness(size_t c) const {
    return absl::Span<const float>(relatedness_ + c * relatedness_clusters_, relatedness_clusters_);
  }

  // Lets the kernel drop the pages read so far from this process (they are
  // read again from the file when touched): callers that copy the state out
  // call it now and then, so that the copy and the mapping do not both count
  // in the peak memory.
  void Evict() const;

 private:
  MappedState() = default;
  absl::string_view Field(size_t row, size_t field) const;
  absl::Status Check(absl::string_view path, const Model& model, const ModelIdentity& identity,
                     absl::string_view db_fingerprint);

  const char* data_ = nullptr;
  size_t size_ = 0;
  size_t records_ = 0;
  const uint64_t* field_offsets_ = nullptr;
  const char* blob_ = nullptr;
  const uint8_t* kinds_ = nullptr;
  const uint64_t* weight_offsets_ = nullptr;
  const std::pair<int32_t, float>* weights_ = nullptr;
  const uint64_t* own_offsets_ = nullptr;
  const int32_t* own_terms_ = nullptr;
  uint64_t relevance_fingerprint_ = 0;
  size_t relevance_clusters_ = 0;
  size_t relevance_calls_ = 0;
  const int32_t* relevance_rows_ = nullptr;
  const float* relevance_values_ = nullptr;
  size_t profiles_ = 0;
  const uint64_t* profile_offsets_ = nullptr;
  const std::pair<int32_t, float>* profile_pairs_ = nullptr;
  size_t seat_calls_ = 0;
  const uint64_t* seat_offsets_ = nullptr;
  const ConsortiumSeat* seats_ = nullptr;
  size_t relatedness_clusters_ = 0;
  const float* relatedness_ = nullptr;
  absl::string_view stored_themes_;
};

}  // namespace meute::recommend

#endif  // MEUTE_RECOMMEND_MAPPED_STATE_H_
