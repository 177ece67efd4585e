#include "recommend/model_io.h"

#include <array>
#include <bit>
#include <cstring>
#include <fstream>
#include <utility>

#include "absl/strings/str_cat.h"
#include "base/file_util.h"
#include "base/status_macros.h"

namespace meute::recommend {
namespace {

constexpr uint32_t kMaxStringBytes = 1u << 20;

std::array<uint32_t, 256> MakeCrcTable() {
  std::array<uint32_t, 256> table{};
  for (uint32_t i = 0; i < 256; ++i) {
    uint32_t c = i;
    for (int j = 0; j < 8; ++j) c = (c & 1u) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    table[i] = c;
  }
  return table;
}

class Writer {
 public:
  void U8(uint8_t v) { out_.push_back(static_cast<char>(v)); }
  void U32(uint32_t v) {
    for (int i = 0; i < 4; ++i) U8(static_cast<uint8_t>(v >> (8 * i)));
  }
  void U64(uint64_t v) {
    for (int i = 0; i < 8; ++i) U8(static_cast<uint8_t>(v >> (8 * i)));
  }
  void F32(float v) { U32(std::bit_cast<uint32_t>(v)); }
  void Str(absl::string_view s) {
    U32(static_cast<uint32_t>(s.size()));
    out_.append(s.data(), s.size());
  }
  void Floats(const float* data, size_t n) {
    for (size_t i = 0; i < n; ++i) F32(data[i]);
  }
  std::string& out() { return out_; }

 private:
  std::string out_;
};

class Reader {
 public:
  explicit Reader(absl::string_view bytes) : bytes_(bytes) {}

  absl::Status U8(uint8_t& v) {
    MEUTE_RETURN_IF_ERROR(Need(1));
    v = static_cast<uint8_t>(bytes_[pos_++]);
    return absl::OkStatus();
  }
  absl::Status U32(uint32_t& v) {
    MEUTE_RETURN_IF_ERROR(Need(4));
    v = 0;
    for (int i = 0; i < 4; ++i) {
      v |= static_cast<uint32_t>(static_cast<uint8_t>(bytes_[pos_++])) << (8 * i);
    }
    return absl::OkStatus();
  }
  absl::Status U64(uint64_t& v) {
    MEUTE_RETURN_IF_ERROR(Need(8));
    v = 0;
    for (int i = 0; i < 8; ++i) {
      v |= static_cast<uint64_t>(static_cast<uint8_t>(bytes_[pos_++])) << (8 * i);
    }
    return absl::OkStatus();
  }
  absl::Status F32(float& v) {
    uint32_t bits = 0;
    MEUTE_RETURN_IF_ERROR(U32(bits));
    v = std::bit_cast<float>(bits);
    return absl::OkStatus();
  }
  absl::Status Str(std::string& s) {
    uint32_t n = 0;
    MEUTE_RETURN_IF_ERROR(U32(n));
    if (n > kMaxStringBytes) return Corrupt("string longer than 1 MiB");
    MEUTE_RETURN_IF_ERROR(Need(n));
    s.assign(bytes_.data() + pos_, n);
    pos_ += n;
    return absl::OkStatus();
  }
  // Reads rows x cols floats into `m`, checking first that they are there.
  absl::Status Floats(uint64_t rows, uint64_t cols, DenseMatrix& m) {
    const uint64_t n = rows * cols;
    if (cols != 0 && n / cols != rows) return Corrupt("matrix size overflows");
    if (n > (bytes_.size() - pos_) / 4) return Corrupt("matrix runs past the end of the file");
    m.resize(static_cast<Eigen::Index>(rows), static_cast<Eigen::Index>(cols));
    float* data = m.data();
    for (uint64_t i = 0; i < n; ++i) MEUTE_RETURN_IF_ERROR(F32(data[i]));
    return absl::OkStatus();
  }
  // A count of records, each at least `min_bytes` long, must fit in the rest.
  absl::Status Count(uint32_t& n, size_t min_bytes) {
    MEUTE_RETURN_IF_ERROR(U32(n));
    if (static_cast<uint64_t>(n) * min_bytes > bytes_.size() - pos_) {
      return Corrupt("record count larger than the file");
    }
    return absl::OkStatus();
  }
  bool done() const { return pos_ == bytes_.size(); }
  static absl::Status Corrupt(absl::string_view what) {
    return absl::DataLossError(absl::StrCat("corrupt model file: ", what));
  }

 private:
  absl::Status Need(size_t n) {
    if (bytes_.size() - pos_ < n) return Corrupt("unexpected end of data");
    return absl::OkStatus();
  }
  absl::string_view bytes_;
  size_t pos_ = 0;
};

absl::StatusOr<ingest::Kind> KindFromCode(uint8_t code) {
  switch (code) {
    case 0:
      return ingest::Kind::kCluster;
    case 1:
      return ingest::Kind::kMember;
    case 2:
      return ingest::Kind::kCall;
    case 3:
      return ingest::Kind::kNews;
    default:
      return Reader::Corrupt(absl::StrCat("unknown item kind ", code));
  }
}

absl::StatusOr<ModelData> ParsePayload(absl::string_view payload) {
  Reader r(payload);
  ModelData d;
  uint32_t u = 0;
  MEUTE_RETURN_IF_ERROR(r.U32(u));
  d.options.analyzer_version = static_cast<int>(u);
  MEUTE_RETURN_IF_ERROR(r.U32(u));
  d.options.svd.rank = static_cast<int>(u);
  MEUTE_RETURN_IF_ERROR(r.U32(u));
  d.options.svd.oversampling = static_cast<int>(u);
  MEUTE_RETURN_IF_ERROR(r.U32(u));
  d.options.svd.power_iterations = static_cast<int>(u);
  MEUTE_RETURN_IF_ERROR(r.U64(d.options.svd.seed));
  MEUTE_RETURN_IF_ERROR(r.U32(u));
  d.options.tfidf.min_df = static_cast<int>(u);
  float f = 0.0f;
  MEUTE_RETURN_IF_ERROR(r.F32(f));
  d.options.tfidf.max_df_fraction = f;
  MEUTE_RETURN_IF_ERROR(r.F32(d.options.description_weight));
  MEUTE_RETURN_IF_ERROR(r.U32(d.num_documents));
  uint32_t k = 0, num_terms = 0, num_items = 0, num_profiles = 0, num_entries = 0;
  MEUTE_RETURN_IF_ERROR(r.U32(k));
  if (k > 100000) return Reader::Corrupt("implausible dimension");
  MEUTE_RETURN_IF_ERROR(r.Count(num_terms, 16));
  // Counts are checked against the remaining bytes when their records are read.
  MEUTE_RETURN_IF_ERROR(r.U32(num_items));
  MEUTE_RETURN_IF_ERROR(r.U32(num_profiles));
  MEUTE_RETURN_IF_ERROR(r.U32(num_entries));

  DenseMatrix sv;
  MEUTE_RETURN_IF_ERROR(r.Floats(1, k, sv));
  d.singular_values = sv.row(0).transpose();

  std::vector<std::string> terms(num_terms);
  std::vector<uint32_t> df(num_terms);
  std::vector<float> idf(num_terms);
  d.typical_weight.resize(num_terms);
  for (uint32_t t = 0; t < num_terms; ++t) {
    MEUTE_RETURN_IF_ERROR(r.Str(terms[t]));
    if (t > 0 && !(terms[t - 1] < terms[t])) return Reader::Corrupt("terms out of order");
    MEUTE_RETURN_IF_ERROR(r.U32(df[t]));
    MEUTE_RETURN_IF_ERROR(r.F32(idf[t]));
    MEUTE_RETURN_IF_ERROR(r.F32(d.typical_weight[t]));
  }
  d.vocabulary = Vocabulary(std::move(terms), std::move(df), std::move(idf), d.num_documents);
  MEUTE_RETURN_IF_ERROR(r.Floats(num_terms, k, d.projection));

  if (static_cast<uint64_t>(num_items) * 9 > payload.size()) {
    return Reader::Corrupt("item count larger than the file");
  }
  d.items.resize(num_items);
  d.item_norms.resize(num_items);
  for (uint32_t i = 0; i < num_items; ++i) {
    MEUTE_RETURN_IF_ERROR(r.Str(d.items[i].id));
    uint8_t code = 0;
    MEUTE_RETURN_IF_ERROR(r.U8(code));
    MEUTE_ASSIGN_OR_RETURN(d.items[i].kind, KindFromCode(code));
    MEUTE_RETURN_IF_ERROR(r.F32(d.item_norms[i]));
  }
  MEUTE_RETURN_IF_ERROR(r.Floats(num_items, k, d.item_vectors));

  if (static_cast<uint64_t>(num_profiles) * 4 > payload.size()) {
    return Reader::Corrupt("profile count larger than the file");
  }
  d.profile_ids.resize(num_profiles);
  for (uint32_t i = 0; i < num_profiles; ++i) MEUTE_RETURN_IF_ERROR(r.Str(d.profile_ids[i]));
  MEUTE_RETURN_IF_ERROR(r.Floats(num_profiles, k, d.profile_vectors));

  if (static_cast<uint64_t>(num_entries) * 12 > payload.size()) {
    return Reader::Corrupt("glossary size larger than the file");
  }
  std::vector<GlossaryEntry> entries(num_entries);
  for (GlossaryEntry& e : entries) {
    MEUTE_RETURN_IF_ERROR(r.Str(e.lang));
    uint32_t words = 0;
    MEUTE_RETURN_IF_ERROR(r.Count(words, 4));
    e.source.resize(words);
    for (std::vector<std::string>& alternatives : e.source) {
      uint32_t n = 0;
      MEUTE_RETURN_IF_ERROR(r.Count(n, 4));
      alternatives.resize(n);
      for (std::string& s : alternatives) MEUTE_RETURN_IF_ERROR(r.Str(s));
    }
    uint32_t targets = 0;
    MEUTE_RETURN_IF_ERROR(r.Count(targets, 4));
    e.targets.resize(targets);
    for (std::string& s : e.targets) MEUTE_RETURN_IF_ERROR(r.Str(s));
  }
  d.glossary = Glossary(std::move(entries));

  uint32_t flags = 0;
  MEUTE_RETURN_IF_ERROR(r.U32(flags));
  if ((flags & ~1u) != 0) return Reader::Corrupt("unknown recommender state flags");
  d.state.has_surface_forms = (flags & 1u) != 0;
  MEUTE_RETURN_IF_ERROR(r.U64(d.state.records_fingerprint));
  uint32_t stems = 0;
  MEUTE_RETURN_IF_ERROR(r.Count(stems, 8));
  d.state.surface_words.resize(stems);
  for (uint32_t i = 0; i < stems; ++i) {
    auto& [stem, word] = d.state.surface_words[i];
    MEUTE_RETURN_IF_ERROR(r.Str(stem));
    MEUTE_RETURN_IF_ERROR(r.Str(word));
    if (i > 0 && !(d.state.surface_words[i - 1].first < stem)) {
      return Reader::Corrupt("surface forms out of order");
    }
  }
  if (!r.done()) return Reader::Corrupt("trailing bytes after the model");
  return d;
}

}  // namespace

uint8_t KindCode(ingest::Kind kind) {
  switch (kind) {
    case ingest::Kind::kCluster:
      return 0;
    case ingest::Kind::kMember:
      return 1;
    case ingest::Kind::kCall:
      return 2;
    case ingest::Kind::kNews:
      return 3;
  }
  return 3;
}

std::string ModelPath(absl::string_view db_dir) { return absl::StrCat(db_dir, "/meute.model"); }

uint32_t Crc32(absl::string_view bytes) {
  static const std::array<uint32_t, 256> table = MakeCrcTable();
  uint32_t c = 0xFFFFFFFFu;
  for (char ch : bytes) c = table[(c ^ static_cast<uint8_t>(ch)) & 0xFFu] ^ (c >> 8);
  return c ^ 0xFFFFFFFFu;
}

std::string SerializeModel(const ModelData& d) {
  const auto k = static_cast<size_t>(d.singular_values.size());
  Writer p;
  p.U32(static_cast<uint32_t>(d.options.analyzer_version));
  p.U32(static_cast<uint32_t>(d.options.svd.rank));
  p.U32(static_cast<uint32_t>(d.options.svd.oversampling));
  p.U32(static_cast<uint32_t>(d.options.svd.power_iterations));
  p.U64(d.options.svd.seed);
  p.U32(static_cast<uint32_t>(d.options.tfidf.min_df));
  p.F32(static_cast<float>(d.options.tfidf.max_df_fraction));
  p.F32(d.options.description_weight);
  p.U32(d.num_documents);
  p.U32(static_cast<uint32_t>(k));
  p.U32(static_cast<uint32_t>(d.vocabulary.size()));
  p.U32(static_cast<uint32_t>(d.items.size()));
  p.U32(static_cast<uint32_t>(d.profile_ids.size()));
  p.U32(static_cast<uint32_t>(d.glossary.entries().size()));
  p.Floats(d.singular_values.data(), k);
  for (int32_t t = 0; t < d.vocabulary.size(); ++t) {
    p.Str(d.vocabulary.term(t));
    p.U32(d.vocabulary.df(t));
    p.F32(d.vocabulary.idf(t));
    p.F32(static_cast<size_t>(t) < d.typical_weight.size()
              ? d.typical_weight[static_cast<size_t>(t)]
              : 0.0f);
  }
  p.Floats(d.projection.data(), static_cast<size_t>(d.projection.size()));
  for (size_t i = 0; i < d.items.size(); ++i) {
    p.Str(d.items[i].id);
    p.U8(KindCode(d.items[i].kind));
    p.F32(i < d.item_norms.size() ? d.item_norms[i] : 0.0f);
  }
  p.Floats(d.item_vectors.data(), static_cast<size_t>(d.item_vectors.size()));
  for (const std::string& id : d.profile_ids) p.Str(id);
  p.Floats(d.profile_vectors.data(), static_cast<size_t>(d.profile_vectors.size()));
  for (const GlossaryEntry& e : d.glossary.entries()) {
    p.Str(e.lang);
    p.U32(static_cast<uint32_t>(e.source.size()));
    for (const std::vector<std::string>& alternatives : e.source) {
      p.U32(static_cast<uint32_t>(alternatives.size()));
      for (const std::string& s : alternatives) p.Str(s);
    }
    p.U32(static_cast<uint32_t>(e.targets.size()));
    for (const std::string& s : e.targets) p.Str(s);
  }
  p.U32(d.state.has_surface_forms ? 1u : 0u);
  p.U64(d.state.records_fingerprint);
  p.U32(static_cast<uint32_t>(d.state.surface_words.size()));
  for (const auto& [stem, word] : d.state.surface_words) {
    p.Str(stem);
    p.Str(word);
  }

  Writer h;
  h.out().append(kModelMagic, sizeof(kModelMagic));
  h.U32(kModelFormatVersion);
  h.U32(0);
  h.U64(p.out().size());
  h.U32(Crc32(p.out()));
  h.U32(0);
  h.out() += p.out();
  return std::move(h.out());
}

absl::StatusOr<ModelData> ParseModel(absl::string_view bytes) {
  if (bytes.size() < kModelHeaderSize) {
    return absl::DataLossError(
        absl::StrCat("corrupt model file: ", bytes.size(), " bytes, shorter than its header"));
  }
  if (std::memcmp(bytes.data(), kModelMagic, sizeof(kModelMagic)) != 0) {
    return absl::DataLossError("corrupt model file: bad magic (not a Meute model)");
  }
  Reader header(bytes.substr(sizeof(kModelMagic), kModelHeaderSize - sizeof(kModelMagic)));
  uint32_t version = 0, reserved = 0, crc = 0, reserved2 = 0;
  uint64_t payload_size = 0;
  MEUTE_RETURN_IF_ERROR(header.U32(version));
  MEUTE_RETURN_IF_ERROR(header.U32(reserved));
  MEUTE_RETURN_IF_ERROR(header.U64(payload_size));
  MEUTE_RETURN_IF_ERROR(header.U32(crc));
  MEUTE_RETURN_IF_ERROR(header.U32(reserved2));
  if (version != kModelFormatVersion) {
    return absl::FailedPreconditionError(
        absl::StrCat("model file format version ", version, ", this meute reads version ",
                     kModelFormatVersion, ": rebuild it with `meute model build`"));
  }
  const absl::string_view payload = bytes.substr(kModelHeaderSize);
  if (payload.size() != payload_size) {
    return absl::DataLossError(absl::StrCat("corrupt model file: payload of ", payload.size(),
                                            " bytes, header says ", payload_size));
  }
  if (Crc32(payload) != crc) return absl::DataLossError("corrupt model file: checksum mismatch");
  return ParsePayload(payload);
}

absl::Status SaveModel(const Model& model, absl::string_view path) {
  return Annotate(WriteFileAtomically(path, SerializeModel(model.data())),
                  absl::StrCat("writing model \"", path, "\""));
}

absl::StatusOr<uint32_t> ModelFileVersion(absl::string_view path) {
  std::ifstream in{std::string(path), std::ios::binary};
  if (!in) return absl::NotFoundError(absl::StrCat("no model file \"", path, "\""));
  char header[12] = {};
  in.read(header, sizeof(header));
  if (in.gcount() != static_cast<std::streamsize>(sizeof(header)) ||
      std::memcmp(header, kModelMagic, sizeof(kModelMagic)) != 0) {
    return absl::DataLossError(absl::StrCat("\"", path, "\" is not a Meute model file"));
  }
  uint32_t version = 0;
  Reader r(absl::string_view(header + 8, 4));
  MEUTE_RETURN_IF_ERROR(r.U32(version));
  return version;
}

absl::StatusOr<Model> LoadModel(absl::string_view path) {
  absl::StatusOr<std::string> bytes = ReadFileToString(path);
  if (!bytes.ok()) return Annotate(bytes.status(), absl::StrCat("reading model \"", path, "\""));
  absl::StatusOr<ModelData> data = ParseModel(*bytes);
  if (!data.ok()) return Annotate(data.status(), absl::StrCat("model \"", path, "\""));
  return Model(*std::move(data));
}

}  // namespace meute::recommend
