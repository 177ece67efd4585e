// UTF-8 validation and repair.
//
// Thread safety: free functions.

#ifndef MEUTE_INGEST_UTF8_H_
#define MEUTE_INGEST_UTF8_H_

#include <string>

#include "absl/strings/string_view.h"

namespace meute::ingest {

// Returns the byte offset of the first invalid UTF-8 sequence in `s`, or
// std::string::npos if `s` is valid UTF-8 (overlong forms, surrogates and
// code points above U+10FFFF are invalid).
size_t FindInvalidUtf8(absl::string_view s);

// Replaces every maximal invalid subsequence of `s` by U+FFFD, as the Unicode
// standard recommends. Returns the number of replacements (0: unchanged).
int RepairUtf8(std::string* s);

// Removes a leading UTF-8 byte order mark. Returns true if there was one.
bool StripUtf8Bom(std::string* s);

}  // namespace meute::ingest

#endif  // MEUTE_INGEST_UTF8_H_
