#include "recommend/recommender_state.h"

#include <zlib.h>

#include <algorithm>
#include <cstdint>

namespace meute::recommend {
namespace {

// SplitMix64's finaliser (Steele, Lea and Flood, OOPSLA 2014).
uint64_t Mix(uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

uLong CrcOf(uLong crc, const std::string& s) {
  // zlib takes uInt lengths: feed long texts in pieces.
  constexpr size_t kPiece = 1u << 30;
  for (size_t at = 0; at < s.size(); at += kPiece) {
    const size_t n = std::min(kPiece, s.size() - at);
    crc = crc32(crc, reinterpret_cast<const Bytef*>(s.data() + at), static_cast<uInt>(n));
  }
  return crc;
}

}  // namespace

void RecordsFingerprint::Add(const ingest::Document& record) {
  static constexpr Bytef kSeparator[1] = {0};
  uLong crc = crc32(0L, Z_NULL, 0);
  crc = CrcOf(crc, record.lang);
  crc = crc32(crc, kSeparator, 1);
  crc = CrcOf(crc, record.title);
  crc = crc32(crc, kSeparator, 1);
  crc = CrcOf(crc, record.text);
  const uint64_t bytes = record.lang.size() + record.title.size() + record.text.size();
  sum_ += Mix((static_cast<uint64_t>(crc) << 32) ^ bytes);
  ++records_;
}

uint64_t RecordsFingerprint::value() const { return Mix(sum_ ^ Mix(records_)); }

uint64_t FingerprintOf(const std::vector<ingest::TermVector>& docs) {
  RecordsFingerprint f;
  for (const ingest::TermVector& tv : docs) f.Add(tv.record);
  return f.value();
}

}  // namespace meute::recommend
