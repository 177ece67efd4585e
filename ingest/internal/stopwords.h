// Built-in French and English stop words (not yet normalised).

#ifndef MEUTE_INGEST_INTERNAL_STOPWORDS_H_
#define MEUTE_INGEST_INTERNAL_STOPWORDS_H_

#include <cstddef>

namespace meute::ingest::internal {

extern const char* const kFrenchStopwords[];
extern const size_t kFrenchStopwordCount;
extern const char* const kEnglishStopwords[];
extern const size_t kEnglishStopwordCount;

}  // namespace meute::ingest::internal

#endif  // MEUTE_INGEST_INTERNAL_STOPWORDS_H_
