#include "ingest/utf8.h"

#include <cstdint>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

namespace meute::ingest {

size_t FindInvalidUtf8(absl::string_view s) {
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  const int32_t n = static_cast<int32_t>(s.size());
  int32_t i = 0;
  while (i < n) {
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c < 0) return static_cast<size_t>(start);
  }
  return std::string::npos;
}

bool IsBlank(absl::string_view s) {
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  const int32_t n = static_cast<int32_t>(s.size());
  int32_t i = 0;
  while (i < n) {
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c < 0) return false;
    if (!u_isUWhiteSpace(c) && c != 0x200B && c != 0xFEFF) return false;
  }
  return true;
}

std::string EscapeInvalidUtf8(absl::string_view s, size_t* first_offset) {
  if (first_offset != nullptr) *first_offset = std::string::npos;
  if (FindInvalidUtf8(s) == std::string::npos) return std::string(s);
  std::string out;
  out.reserve(s.size() + 16);
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  const int32_t n = static_cast<int32_t>(s.size());
  int32_t i = 0;
  while (i < n) {
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c < 0) {
      if (first_offset != nullptr && *first_offset == std::string::npos) {
        *first_offset = static_cast<size_t>(start);
      }
      static constexpr char kHex[] = "0123456789ABCDEF";
      for (int32_t j = start; j < i; ++j) {
        out += "\\x";
        out += kHex[p[j] >> 4];
        out += kHex[p[j] & 0xF];
      }
    } else {
      out.append(s.data() + start, static_cast<size_t>(i - start));
    }
  }
  return out;
}

int RepairUtf8(std::string* s) {
  if (FindInvalidUtf8(*s) == std::string::npos) return 0;
  static constexpr absl::string_view kReplacement = "\xEF\xBF\xBD";
  std::string out;
  out.reserve(s->size() + 16);
  const auto* p = reinterpret_cast<const uint8_t*>(s->data());
  const int32_t n = static_cast<int32_t>(s->size());
  int32_t i = 0;
  int replaced = 0;
  while (i < n) {
    const int32_t start = i;
    UChar32 c;
    // U8_NEXT skips one maximal invalid subpart per call (Unicode's
    // recommended practice for U+FFFD substitution).
    U8_NEXT(p, i, n, c);
    if (c < 0) {
      out.append(kReplacement.data(), kReplacement.size());
      ++replaced;
    } else {
      out.append(s->data() + start, static_cast<size_t>(i - start));
    }
  }
  *s = std::move(out);
  return replaced;
}

bool StripUtf8Bom(std::string* s) {
  if (s->size() >= 3 && (*s)[0] == '\xEF' && (*s)[1] == '\xBB' && (*s)[2] == '\xBF') {
    s->erase(0, 3);
    return true;
  }
  return false;
}

}  // namespace meute::ingest
