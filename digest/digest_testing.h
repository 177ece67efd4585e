// Hand-made digests for the renderer tests (no corpus, no model needed).
//
// Thread safety: pure functions.

#ifndef MEUTE_DIGEST_DIGEST_TESTING_H_
#define MEUTE_DIGEST_DIGEST_TESTING_H_

#include "digest/digest.h"

namespace meute::digest::testing {

// A full digest for Mipyrail, week 2026-W48: two calls closing (one with a
// consortium), one new call, two themes, three partners, two news items, one
// buyer; French typography throughout.
Digest SampleDigest();

// SampleDigest() with hostile markup (<script>, onerror=, javascript: URLs,
// quotes, control characters) in every string field that comes from the corpus.
Digest HostileDigest();

// A digest with no call, theme, partner, news or buyer.
Digest EmptyDigest();

}  // namespace meute::digest::testing

#endif  // MEUTE_DIGEST_DIGEST_TESTING_H_
