#include "recommend/mapped_state.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <bit>
#include <cassert>
#include <cerrno>
#include <cstddef>
#include <cstring>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "recommend/model_io.h"
#include "recommend/term_corpus.h"

namespace meute::recommend {
namespace {

static_assert(std::endian::native == std::endian::little,
              "the state file is read in place: little-endian hosts only");
using WeightPair = std::pair<int32_t, float>;
static_assert(sizeof(WeightPair) == 8 && offsetof(WeightPair, second) == 4,
              "weights are read in place as (term, weight) pairs");
static_assert(sizeof(ConsortiumSeat) == 12 && offsetof(ConsortiumSeat, rank) == 4 &&
                  offsetof(ConsortiumSeat, relevance) == 8,
              "seats are read in place as (u32, i32, f32)");

constexpr size_t kFields = 14;  // Per record, in the order of the file comment.
enum Field : size_t {
  kId,
  kTitle,
  kText,
  kDate,
  kLang,
  kName,
  kOrganisation,
  kClusters,
  kFunder,
  kOpens,
  kDeadline,
  kSkills,
  kSectors,
  kThemes
};
// The fields that hold lists (each item as u32 byte length + bytes).
constexpr size_t kListFields[] = {kClusters, kSkills, kSectors, kThemes};

ingest::Kind KindOf(uint8_t code) {
  static constexpr ingest::Kind kKinds[] = {ingest::Kind::kCluster, ingest::Kind::kMember,
                                            ingest::Kind::kCall, ingest::Kind::kNews};
  return kKinds[code];
}

template <typename T>
T Load(const char* p) {
  T v;
  std::memcpy(&v, p, sizeof(T));
  return v;
}

template <typename T>
void Put(std::string& out, T v) {
  char b[sizeof(T)];
  std::memcpy(b, &v, sizeof(T));
  out.append(b, sizeof(T));
}

void Pad(std::string& out) { out.append((8 - out.size() % 8) % 8, '\0'); }

size_t Padded(size_t n) { return (n + 7) / 8 * 8; }

std::string ClustersField(const std::vector<std::string>& clusters) {
  std::string out;
  for (const std::string& c : clusters) {
    Put<uint32_t>(out, static_cast<uint32_t>(c.size()));
    out += c;
  }
  return out;
}

size_t ProfileBytes(const std::vector<WeightsView>& profiles) {
  size_t n = 0;
  for (const WeightsView& p : profiles) n += p.size() * 8;
  return n;
}

}  // namespace

std::string MappedStatePath(absl::string_view model_path) {
  return absl::StrCat(model_path, ".state");
}

absl::StatusOr<ModelIdentity> ReadModelIdentity(absl::string_view model_path) {
  std::ifstream in{std::string(model_path), std::ios::binary};
  if (!in) return absl::NotFoundError(absl::StrCat("no model file \"", model_path, "\""));
  char header[32];
  if (!in.read(header, sizeof(header))) {
    return absl::DataLossError(absl::StrCat("model file \"", model_path, "\": short header"));
  }
  ModelIdentity id;
  id.payload_size = Load<uint64_t>(header + 16);
  id.crc = Load<uint32_t>(header + 24);
  return id;
}

TermWeights RecordWeights(const Model& model, const ingest::TermVector& doc) {
  return model.Weigh(TermCounts(doc.terms.begin(), doc.terms.end()), doc.record.lang);
}

std::vector<int32_t> OwnModelTerms(const Model& model, const ingest::TermVector& doc) {
  std::vector<int32_t> own;
  own.reserve(doc.terms.size());
  for (const auto& [term, count] : doc.terms) {
    const int32_t t = model.vocabulary().Find(term);
    if (t >= 0) own.push_back(t);
  }
  std::sort(own.begin(), own.end());
  return own;
}

std::string SerializeMappedState(const Model& model, const ModelIdentity& identity,
                                 const std::vector<ingest::TermVector>& docs,
                                 absl::string_view db_fingerprint) {
  std::vector<TermWeights> weights;
  std::vector<std::vector<int32_t>> own;
  weights.reserve(docs.size());
  own.reserve(docs.size());
  for (const ingest::TermVector& tv : docs) {
    weights.push_back(RecordWeights(model, tv));
    own.push_back(OwnModelTerms(model, tv));
  }
  std::vector<WeightsView> weight_views;
  std::vector<absl::Span<const int32_t>> own_views;
  for (const TermWeights& w : weights) weight_views.emplace_back(w);
  for (const std::vector<int32_t>& o : own) own_views.emplace_back(o);
  return SerializeMappedState(model, identity, docs, weight_views, own_views, StoredRelevance(),
                              db_fingerprint);
}

std::string SerializeMappedState(const Model& model, const ModelIdentity& identity,
                                 const std::vector<ingest::TermVector>& docs,
                                 const std::vector<WeightsView>& weights,
                                 const std::vector<absl::Span<const int32_t>>& own_terms,
                                 const StoredRelevance& relevance,
                                 absl::string_view db_fingerprint) {
  const size_t n = docs.size();
  assert(weights.size() == n && own_terms.size() == n);
  assert(relevance.values.size() == relevance.rows.size() * relevance.clusters);
  assert(relevance.seats.empty() || relevance.seats.size() == relevance.rows.size());
  assert(relevance.relatedness.empty() ||
         relevance.relatedness.size() == relevance.clusters * relevance.clusters);
  size_t seat_count = 0;
  for (const std::vector<ConsortiumSeat>& s : relevance.seats) seat_count += s.size();
  std::string blob;
  std::vector<uint64_t> field_offsets;
  field_offsets.reserve(n * kFields + 1);
  std::string kinds;
  std::vector<uint64_t> weight_offsets{0}, own_offsets{0};
  size_t weight_count = 0, own_count = 0;
  for (size_t i = 0; i < n; ++i) {
    const ingest::Document& r = docs[i].record;
    // The texts the reasons read: calls (needs' phrases), clusters and
    // members (the words they are credited with, own_words.h).
    const bool with_text = r.kind != ingest::Kind::kNews;
    for (const std::string& f :
         {r.id, r.title, with_text ? r.text : std::string(), r.date, r.lang, r.name, r.organisation,
          ClustersField(r.clusters), r.funder, r.opens, r.deadline,
          ClustersField(with_text ? r.skills : std::vector<std::string>()),
          ClustersField(with_text ? r.sectors : std::vector<std::string>()),
          ClustersField(with_text ? r.themes : std::vector<std::string>())}) {
      field_offsets.push_back(blob.size());
      blob += f;
    }
    kinds.push_back(static_cast<char>(KindCode(r.kind)));
    weight_count += weights[i].size();
    weight_offsets.push_back(weight_count);
    own_count += own_terms[i].size();
    own_offsets.push_back(own_count);
  }
  field_offsets.push_back(blob.size());

  std::string out;
  // The exact size: no reallocation (a copy of the whole file) while appending.
  out.reserve(kMappedStateHeaderSize + Padded(db_fingerprint.size()) +
              Padded(field_offsets.size() * 8) + Padded(blob.size()) + Padded(kinds.size()) +
              Padded(weight_offsets.size() * 8) + weight_count * 8 +
              Padded(own_offsets.size() * 8) + Padded(own_count * 4) + 4 * 8 +
              Padded(relevance.rows.size() * 4) + Padded(relevance.values.size() * 4) + 8 +
              (relevance.profiles.size() + 1) * 8 + ProfileBytes(relevance.profiles) + 2 * 8 +
              (relevance.seats.size() + 1) * 8 + Padded(seat_count * sizeof(ConsortiumSeat)) +
              Padded(relevance.relatedness.size() * 4) + 8 + Padded(relevance.themes.size()));
  out.append(kMappedStateMagic, sizeof(kMappedStateMagic));
  Put<uint32_t>(out, kMappedStateVersion);
  Put<uint32_t>(out, static_cast<uint32_t>(model.vocabulary().size()));
  Put<uint64_t>(out, n);
  Put<uint64_t>(out, 0);  // File size, set below.
  Put<uint64_t>(out, model.data().state.records_fingerprint);
  Put<uint32_t>(out, identity.crc);
  Put<uint32_t>(out, 0);
  Put<uint64_t>(out, identity.payload_size);
  Put<uint64_t>(out, db_fingerprint.size());
  auto section = [&out](const void* p, size_t bytes) {
    out.append(static_cast<const char*>(p), bytes);
    Pad(out);
  };
  section(db_fingerprint.data(), db_fingerprint.size());
  section(field_offsets.data(), field_offsets.size() * sizeof(uint64_t));
  section(blob.data(), blob.size());
  std::string().swap(blob);  // Freed as soon as copied.
  section(kinds.data(), kinds.size());
  section(weight_offsets.data(), weight_offsets.size() * sizeof(uint64_t));
  for (const WeightsView& w : weights) {
    for (const auto& [t, v] : w) {
      Put<int32_t>(out, t);
      Put<float>(out, v);
    }
  }
  section(own_offsets.data(), own_offsets.size() * sizeof(uint64_t));
  for (const absl::Span<const int32_t> own : own_terms) {
    out.append(reinterpret_cast<const char*>(own.data()), own.size() * sizeof(int32_t));
  }
  Pad(out);
  Put<uint64_t>(out, relevance.options_fingerprint);
  Put<uint64_t>(out, relevance.clusters);
  Put<uint64_t>(out, relevance.rows.size());
  Put<uint64_t>(out, 0);
  section(relevance.rows.data(), relevance.rows.size() * sizeof(int32_t));
  section(relevance.values.data(), relevance.values.size() * sizeof(float));
  Put<uint64_t>(out, relevance.profiles.size());
  uint64_t profile_at = 0;
  Put<uint64_t>(out, profile_at);
  for (const WeightsView& p : relevance.profiles) {
    profile_at += p.size();
    Put<uint64_t>(out, profile_at);
  }
  for (const WeightsView& p : relevance.profiles) {
    for (const auto& [t, v] : p) {
      Put<int32_t>(out, t);
      Put<float>(out, v);
    }
  }
  Put<uint64_t>(out, relevance.seats.size());
  Put<uint64_t>(out, relevance.relatedness.empty() ? 0 : relevance.clusters);
  uint64_t seat_at = 0;
  Put<uint64_t>(out, seat_at);
  for (const std::vector<ConsortiumSeat>& s : relevance.seats) {
    seat_at += s.size();
    Put<uint64_t>(out, seat_at);
  }
  for (const std::vector<ConsortiumSeat>& seats : relevance.seats) {
    for (const ConsortiumSeat& s : seats) {
      Put<uint32_t>(out, s.cluster);
      Put<int32_t>(out, s.rank);
      Put<float>(out, s.relevance);
    }
  }
  Pad(out);
  section(relevance.relatedness.data(), relevance.relatedness.size() * sizeof(float));
  Put<uint64_t>(out, relevance.themes.size());
  section(relevance.themes.data(), relevance.themes.size());
  const uint64_t size = out.size();
  std::memcpy(out.data() + 24, &size, sizeof(size));
  return out;
}

MappedState::~MappedState() {
  if (data_ != nullptr) munmap(const_cast<char*>(data_), size_);
}

absl::StatusOr<std::unique_ptr<MappedState>> MappedState::Open(absl::string_view path,
                                                               const Model& model,
                                                               const ModelIdentity& identity,
                                                               absl::string_view db_fingerprint) {
  const std::string file(path);
  const int fd = open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    const int err = errno;
    if (err == ENOENT) return absl::NotFoundError(absl::StrCat("no state file \"", path, "\""));
    return absl::UnavailableError(absl::StrCat("state file \"", path, "\": ", std::strerror(err)));
  }
  struct stat st {};
  if (fstat(fd, &st) != 0 || st.st_size < static_cast<off_t>(kMappedStateHeaderSize)) {
    close(fd);
    return absl::DataLossError(absl::StrCat("state file \"", path, "\": shorter than its header"));
  }
  const auto size = static_cast<size_t>(st.st_size);
  void* p = mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
  close(fd);
  if (p == MAP_FAILED) {
    return absl::UnavailableError(
        absl::StrCat("state file \"", path, "\": mmap: ", std::strerror(errno)));
  }
  std::unique_ptr<MappedState> state(new MappedState());
  state->data_ = static_cast<const char*>(p);
  state->size_ = size;
  if (absl::Status s = state->Check(path, model, identity, db_fingerprint); !s.ok()) return s;
  return state;
}

absl::Status MappedState::Check(absl::string_view path, const Model& model,
                                const ModelIdentity& identity, absl::string_view db_fingerprint) {
  auto corrupt = [&](absl::string_view what) {
    return absl::DataLossError(absl::StrCat("state file \"", path, "\": ", what));
  };
  auto stale = [&](absl::string_view what) {
    return absl::FailedPreconditionError(absl::StrCat("state file \"", path, "\": ", what,
                                                      ": rebuild with `meute model build --db`"));
  };
  const char* h = data_;
  if (std::memcmp(h, kMappedStateMagic, sizeof(kMappedStateMagic)) != 0) {
    return corrupt("not a meute state file");
  }
  if (const uint32_t v = Load<uint32_t>(h + 8); v != kMappedStateVersion) {
    return absl::FailedPreconditionError(
        absl::StrCat("state file \"", path, "\": format version ", v, ", this meute reads version ",
                     kMappedStateVersion, ": rebuild with `meute model build --db`"));
  }
  if (Load<uint64_t>(h + 24) != size_) return corrupt("size differs from its header");
  if (Load<uint32_t>(h + 12) != static_cast<uint32_t>(model.vocabulary().size()) ||
      Load<uint64_t>(h + 32) != model.data().state.records_fingerprint ||
      Load<uint32_t>(h + 40) != identity.crc || Load<uint64_t>(h + 48) != identity.payload_size) {
    return stale("made for another model");
  }
  records_ = Load<uint64_t>(h + 16);
  const uint64_t fingerprint_size = Load<uint64_t>(h + 56);
  size_t at = kMappedStateHeaderSize;
  // Takes `bytes` from the current offset; false when past the end.
  auto take = [&](uint64_t bytes, const char** out) {
    if (bytes > size_ || at > size_ - bytes) return false;
    *out = data_ + at;
    at += Padded(static_cast<size_t>(bytes));
    return true;
  };
  const char* fingerprint = nullptr;
  if (!take(fingerprint_size, &fingerprint)) return corrupt("truncated database fingerprint");
  if (absl::string_view(fingerprint, fingerprint_size) != db_fingerprint) {
    return stale("made for another revision of the database");
  }
  if (records_ > size_ / 8) return corrupt("record count larger than the file");
  const char* field_offsets = nullptr;
  const char* blob = nullptr;
  const char* kinds = nullptr;
  const char* weight_offsets = nullptr;
  const char* weight_terms = nullptr;
  const char* own_offsets = nullptr;
  const char* own_terms = nullptr;
  if (!take((records_ * kFields + 1) * 8, &field_offsets)) return corrupt("truncated fields");
  field_offsets_ = reinterpret_cast<const uint64_t*>(field_offsets);
  // Offsets must not decrease (each field is [offset[i], offset[i + 1])).
  auto monotone = [](const uint64_t* o, size_t count) {
    for (size_t i = 1; i < count; ++i) {
      if (Load<uint64_t>(reinterpret_cast<const char*>(o + i)) <
          Load<uint64_t>(reinterpret_cast<const char*>(o + i - 1))) {
        return false;
      }
    }
    return count == 0 || Load<uint64_t>(reinterpret_cast<const char*>(o)) == 0;
  };
  const size_t field_count = records_ * kFields + 1;
  if (!monotone(field_offsets_, field_count)) return corrupt("field offsets out of order");
  if (!take(field_offsets_[field_count - 1], &blob)) return corrupt("truncated field bytes");
  blob_ = blob;
  if (!take(records_, &kinds)) return corrupt("truncated kinds");
  kinds_ = reinterpret_cast<const uint8_t*>(kinds);
  for (size_t i = 0; i < records_; ++i) {
    if (kinds_[i] > 3) return corrupt(absl::StrCat("record ", i, ": bad kind"));
  }
  if (!take((records_ + 1) * 8, &weight_offsets)) return corrupt("truncated weight offsets");
  weight_offsets_ = reinterpret_cast<const uint64_t*>(weight_offsets);
  if (!monotone(weight_offsets_, records_ + 1)) return corrupt("weight offsets out of order");
  const uint64_t weights = weight_offsets_[records_];
  if (weights > size_ / 8 || !take(weights * 8, &weight_terms)) return corrupt("truncated weights");
  weights_ = reinterpret_cast<const std::pair<int32_t, float>*>(weight_terms);
  if (!take((records_ + 1) * 8, &own_offsets)) return corrupt("truncated own-term offsets");
  own_offsets_ = reinterpret_cast<const uint64_t*>(own_offsets);
  if (!monotone(own_offsets_, records_ + 1)) return corrupt("own-term offsets out of order");
  const uint64_t owns = own_offsets_[records_];
  if (owns > size_ / 4 || !take(owns * 4, &own_terms)) return corrupt("truncated own terms");
  own_terms_ = reinterpret_cast<const int32_t*>(own_terms);
  const auto vocabulary = static_cast<int32_t>(model.vocabulary().size());
  for (uint64_t i = 0; i < weights; ++i) {
    if (weights_[i].first < 0 || weights_[i].first >= vocabulary) return corrupt("bad term id");
  }
  for (uint64_t i = 0; i < owns; ++i) {
    if (own_terms_[i] < 0 || own_terms_[i] >= vocabulary) return corrupt("bad term id");
  }
  const char* relevance_header = nullptr;
  if (!take(4 * 8, &relevance_header)) return corrupt("truncated relevance header");
  relevance_fingerprint_ = Load<uint64_t>(relevance_header);
  const uint64_t relevance_clusters = Load<uint64_t>(relevance_header + 8);
  const uint64_t calls = Load<uint64_t>(relevance_header + 16);
  if (calls > records_ || relevance_clusters > size_ / 4 ||
      (calls > 0 && relevance_clusters > size_ / 4 / calls)) {
    return corrupt("relevance larger than the file");
  }
  const char* rows = nullptr;
  const char* values = nullptr;
  if (!take(calls * 4, &rows) || !take(calls * relevance_clusters * 4, &values)) {
    return corrupt("truncated relevance");
  }
  relevance_clusters_ = static_cast<size_t>(relevance_clusters);
  relevance_calls_ = static_cast<size_t>(calls);
  relevance_rows_ = reinterpret_cast<const int32_t*>(rows);
  relevance_values_ = reinterpret_cast<const float*>(values);
  for (size_t i = 0; i < relevance_calls_; ++i) {
    const int32_t row = relevance_rows_[i];
    if (row < 0 || static_cast<uint64_t>(row) >= records_ ||
        (i > 0 && row <= relevance_rows_[i - 1]) || kinds_[row] != KindCode(ingest::Kind::kCall)) {
      return corrupt("bad relevance row");
    }
  }
  const char* profile_count = nullptr;
  if (!take(8, &profile_count)) return corrupt("truncated profile count");
  const uint64_t profiles = Load<uint64_t>(profile_count);
  if (profiles > size_ / 8) return corrupt("profile count larger than the file");
  const char* profile_offsets = nullptr;
  if (!take((profiles + 1) * 8, &profile_offsets)) return corrupt("truncated profile offsets");
  profile_offsets_ = reinterpret_cast<const uint64_t*>(profile_offsets);
  if (!monotone(profile_offsets_, profiles + 1)) return corrupt("profile offsets out of order");
  const uint64_t profile_pairs = profile_offsets_[profiles];
  const char* pairs = nullptr;
  if (profile_pairs > size_ / 8 || !take(profile_pairs * 8, &pairs)) {
    return corrupt("truncated profiles");
  }
  profile_pairs_ = reinterpret_cast<const std::pair<int32_t, float>*>(pairs);
  for (uint64_t i = 0; i < profile_pairs; ++i) {
    if (profile_pairs_[i].first < 0 || profile_pairs_[i].first >= vocabulary) {
      return corrupt("bad profile term id");
    }
  }
  profiles_ = static_cast<size_t>(profiles);
  const char* teams_header = nullptr;
  if (!take(2 * 8, &teams_header)) return corrupt("truncated teams header");
  const uint64_t seat_calls = Load<uint64_t>(teams_header);
  const uint64_t related = Load<uint64_t>(teams_header + 8);
  if ((seat_calls != 0 && seat_calls != calls) || (related != 0 && related != relevance_clusters)) {
    return corrupt("teams of other calls or clusters than the relevance");
  }
  const char* seat_offsets = nullptr;
  if (!take((seat_calls + 1) * 8, &seat_offsets)) return corrupt("truncated seat offsets");
  seat_offsets_ = reinterpret_cast<const uint64_t*>(seat_offsets);
  if (!monotone(seat_offsets_, seat_calls + 1)) return corrupt("seat offsets out of order");
  const uint64_t seat_count = seat_offsets_[seat_calls];
  const char* seats = nullptr;
  if (seat_count > size_ / sizeof(ConsortiumSeat) ||
      !take(seat_count * sizeof(ConsortiumSeat), &seats)) {
    return corrupt("truncated seats");
  }
  seats_ = reinterpret_cast<const ConsortiumSeat*>(seats);
  for (uint64_t i = 0; i < seat_count; ++i) {
    if (seats_[i].cluster >= relevance_clusters || seats_[i].rank < 1 ||
        static_cast<uint64_t>(seats_[i].rank) > relevance_clusters) {
      return corrupt("bad consortium seat");
    }
  }
  const char* relatedness = nullptr;
  if ((related > 0 && related > size_ / 4 / related) ||
      !take(related * related * 4, &relatedness)) {
    return corrupt("truncated relatedness");
  }
  seat_calls_ = static_cast<size_t>(seat_calls);
  relatedness_clusters_ = static_cast<size_t>(related);
  relatedness_ = reinterpret_cast<const float*>(relatedness);
  const char* themes_size = nullptr;
  if (!take(8, &themes_size)) return corrupt("truncated themes size");
  const uint64_t theme_bytes = Load<uint64_t>(themes_size);
  const char* themes = nullptr;
  if (!take(theme_bytes, &themes)) return corrupt("truncated themes");
  stored_themes_ = absl::string_view(themes, theme_bytes);
  for (size_t i = 0; i < records_; ++i) {
    for (size_t field : kListFields) {
      absl::string_view list = Field(i, field);
      while (!list.empty()) {
        if (list.size() < 4) return corrupt(absl::StrCat("record ", i, ": bad list field"));
        const uint32_t len = Load<uint32_t>(list.data());
        list.remove_prefix(4);
        if (len > list.size()) return corrupt(absl::StrCat("record ", i, ": bad list field"));
        list.remove_prefix(len);
      }
    }
  }
  return absl::OkStatus();
}

absl::string_view MappedState::Field(size_t row, size_t field) const {
  const size_t i = row * kFields + field;
  return absl::string_view(blob_ + field_offsets_[i], field_offsets_[i + 1] - field_offsets_[i]);
}

ingest::TermVector MappedState::Record(size_t row) const {
  ingest::TermVector tv;
  ingest::Document& r = tv.record;
  auto get = [&](size_t field) { return std::string(Field(row, field)); };
  r.id = get(kId);
  r.kind = KindOf(kinds_[row]);
  r.title = get(kTitle);
  r.text = get(kText);
  r.date = get(kDate);
  r.lang = get(kLang);
  r.name = get(kName);
  r.organisation = get(kOrganisation);
  auto list = [&](size_t field, std::vector<std::string>& out) {
    absl::string_view items = Field(row, field);
    while (!items.empty()) {
      const uint32_t len = Load<uint32_t>(items.data());
      out.emplace_back(items.substr(4, len));
      items.remove_prefix(4 + len);
    }
  };
  list(kClusters, r.clusters);
  r.funder = get(kFunder);
  r.opens = get(kOpens);
  r.deadline = get(kDeadline);
  list(kSkills, r.skills);
  list(kSectors, r.sectors);
  list(kThemes, r.themes);
  return tv;
}

WeightsView MappedState::Weights(size_t row) const {
  const uint64_t begin = weight_offsets_[row], end = weight_offsets_[row + 1];
  return WeightsView(weights_ + begin, static_cast<size_t>(end - begin));
}

void MappedState::Evict() const { madvise(const_cast<char*>(data_), size_, MADV_DONTNEED); }

absl::Span<const int32_t> MappedState::OwnTerms(size_t row) const {
  return absl::Span<const int32_t>(own_terms_ + own_offsets_[row],
                                   own_offsets_[row + 1] - own_offsets_[row]);
}

}  // namespace meute::recommend
