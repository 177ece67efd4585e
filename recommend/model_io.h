// The model file (format version 2), stored beside the database as
// DB/meute.model. Layout (all integers and floats little-endian; floats are
// IEEE-754 binary32) -- DO NOT CHANGE without bumping kModelFormatVersion:
//
//   header (32 bytes)
//     0  char[8]  magic "MEUTEMDL"
//     8  u32      format version (2)
//    12  u32      reserved, 0
//    16  u64      payload size in bytes
//    24  u32      CRC-32 (IEEE 802.3, as zlib's crc32) of the payload
//    28  u32      reserved, 0
//   payload
//     u32 analyzer version; u32 requested k; u32 oversampling;
//     u32 power iterations; u64 seed; u32 min df; f32 max df fraction;
//     f32 description weight; u32 documents fitted;
//     u32 k; u32 terms; u32 items; u32 profiles; u32 glossary entries;
//     f32[k] singular values
//     per term:    str term, u32 df, f32 idf, f32 typical weight
//     f32[terms*k] V_k, row-major (one row per term)
//     per item:    str id, u8 kind (0 cluster, 1 member, 2 call, 3 news), f32 norm
//     f32[items*k] unit item vectors, row-major
//     per profile: str cluster id
//     f32[profiles*k] unit cluster profiles, row-major
//     per glossary entry: str lang, u32 words, per word (u32 n, n x str),
//                         u32 targets, targets x str
//     recommender state (format 2, see recommender_state.h):
//       u32 flags (bit 0: surface forms present; other bits 0)
//       u64 records fingerprint
//       u32 stems; per stem: str stem, str word (sorted by stem)
//   where str = u32 byte length + UTF-8 bytes.
//
// Format 1 (until 2026-12) is format 2 without the recommender state; it is
// refused like any other version (recommend/testdata/model_v1.golden).
//
// Every read is bounds-checked: a short, corrupt or foreign file is kDataLoss;
// a file of another format version is kFailedPrecondition ("rebuild the
// model"); a missing file is kNotFound.
//
// Thread safety: free functions, no shared state.

#ifndef MEUTE_RECOMMEND_MODEL_IO_H_
#define MEUTE_RECOMMEND_MODEL_IO_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "recommend/model.h"

namespace meute::recommend {

inline constexpr char kModelMagic[8] = {'M', 'E', 'U', 'T', 'E', 'M', 'D', 'L'};
inline constexpr uint32_t kModelFormatVersion = 2;
inline constexpr size_t kModelHeaderSize = 32;

// The model file of the database in `db_dir`: DB/meute.model.
std::string ModelPath(absl::string_view db_dir);

// CRC-32 (reflected polynomial 0xEDB88320, initial value and final xor
// 0xFFFFFFFF): Crc32("123456789") == 0xCBF43926.
uint32_t Crc32(absl::string_view bytes);

// The whole file content for `data`.
std::string SerializeModel(const ModelData& data);

// Parses a file content. Errors as described in the file comment.
absl::StatusOr<ModelData> ParseModel(absl::string_view bytes);

// The byte a record kind is stored as, in the model file and in the mapped
// state file (mapped_state.h): cluster 0, member 1, call 2, news 3.
uint8_t KindCode(ingest::Kind kind);

// Writes `model` to `path` atomically (temporary file, fsync, rename).
absl::Status SaveModel(const Model& model, absl::string_view path);

// The format version in the header of the model file at `path` (the rest
// is not read). kNotFound if it does not exist, kDataLoss if it is not a
// model file.
absl::StatusOr<uint32_t> ModelFileVersion(absl::string_view path);

// Reads the model at `path`. kNotFound if it does not exist; see ParseModel().
absl::StatusOr<Model> LoadModel(absl::string_view path);

}  // namespace meute::recommend

#endif  // MEUTE_RECOMMEND_MODEL_IO_H_
