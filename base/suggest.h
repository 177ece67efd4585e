// "Did you mean" suggestions for mistyped names (commands, options, ids), as
// git does: the candidates closest to what was typed by edit distance, and
// only when they are close enough to be a typing slip.
//
// Thread safety: free functions, no shared state.

#ifndef MEUTE_BASE_SUGGEST_H_
#define MEUTE_BASE_SUGGEST_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace meute {

// Damerau-Levenshtein distance (optimal string alignment: insertion, deletion,
// substitution and swap of two neighbours each cost 1) between `a` and `b`,
// counted in code points of UTF-8 text and ignoring ASCII case.
// Example: EditDistance("serach", "search") == 1.
int EditDistance(absl::string_view a, absl::string_view b);

// The candidates that `word` is a likely typing slip of, closest first (ties
// in the order given), at most `max_results`. A candidate is close when its
// distance is at most max(1, min(3, length(word) / 3)), or when `word` has 3
// or more code points and is a prefix of it. Candidates equal to `word` are
// never returned: the caller asks only about names it did not find.
std::vector<std::string> ClosestMatches(absl::string_view word,
                                        const std::vector<std::string>& candidates,
                                        int max_results = 3);

// "; did you mean \"a\"?" or "; did you mean \"a\" or \"b\"?" for the
// ClosestMatches() of `word`, or "" when none is close: to append to an error
// message.
std::string DidYouMean(absl::string_view word, const std::vector<std::string>& candidates);

}  // namespace meute

#endif  // MEUTE_BASE_SUGGEST_H_
