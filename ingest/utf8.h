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

// True if `s` holds nothing but white space: Unicode White_Space (ASCII
// spaces and controls \t\n\v\f\r, U+0085, NBSP, U+1680, U+2000..U+200A,
// U+2028, U+2029, U+202F, U+205F, U+3000) and the invisible U+200B and U+FEFF.
// An empty string is blank; invalid UTF-8 is not.
bool IsBlank(absl::string_view s);

// `s` with every byte of an invalid UTF-8 sequence written as "\xFF" (upper
// case hex), so that the result is valid UTF-8 whatever `s` holds; valid
// text is unchanged. If `first_offset` is not null it gets the byte offset of
// the first invalid byte (std::string::npos if none).
std::string EscapeInvalidUtf8(absl::string_view s, size_t* first_offset = nullptr);

// Removes a leading UTF-8 byte order mark. Returns true if there was one.
bool StripUtf8Bom(std::string* s);

}  // namespace meute::ingest

#endif  // MEUTE_INGEST_UTF8_H_
