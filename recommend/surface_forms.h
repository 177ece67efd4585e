// Maps stems back to readable words: for each stem, the surface word that
// most often produced it in the texts added (so labels read "hydrogène", not
// "hydrogen", and "IA" keeps its capitals).
//
// Choice: among the accent-free forms of the stem, the most frequent; among
// that form's spellings, the most frequent one in lower case if any (a word
// capitalised at the start of a sentence is not a proper noun), else the most
// frequent spelling (proper nouns, acronyms). Ties go to the smaller string.
//
// A SurfaceForms may also be made from the words already chosen
// (FromBestWords(), what the model file stores, see recommender_state.h): it
// then answers Best() from them, the same as the counts they were chosen from.
//
// Thread safety: thread-compatible; const methods may run concurrently.

#ifndef MEUTE_RECOMMEND_SURFACE_FORMS_H_
#define MEUTE_RECOMMEND_SURFACE_FORMS_H_

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "ingest/analyzer.h"

namespace meute::recommend {

class SurfaceForms {
 public:
  // Counts the stems of `tokens` (stop words and joined compounds skipped).
  void Add(const std::vector<ingest::Token>& tokens);
  // Adds the counts of `other` (what Add() gave it), as if its texts had
  // been added here: the result does not depend on how texts were split.
  // REQUIRES: neither was made by FromBestWords().
  void Merge(const SurfaceForms& other);

  // Every stem with its Best() word, sorted by stem.
  std::vector<std::pair<std::string, std::string>> BestWords() const;
  // Answers Best() from `words` (BestWords() of the counts). Add() and
  // Merge() must not be called on the result.
  static SurfaceForms FromBestWords(const std::vector<std::pair<std::string, std::string>>& words);

  // The readable word for `stem`, or "" if no token produced it.
  std::string Best(absl::string_view stem) const;
  // Best(stem), or `stem` itself when unknown.
  std::string Readable(absl::string_view stem) const;

 private:
  // stem -> form -> spelling -> count
  absl::flat_hash_map<std::string, std::map<std::string, std::map<std::string, uint32_t>>> counts_;
  // FromBestWords(): stem -> word.
  absl::flat_hash_map<std::string, std::string> best_;
};

// True if `word` has an upper-case letter (ASCII or Latin-1/Latin Extended-A
// capitals such as É, À, Œ).
bool HasUpperCase(absl::string_view word);

// True if `word` is written as a name: a capital initial followed by lower-case
// letters only ("Sud", "Tarbes", "Él..."); false for acronyms ("IA", "H2",
// "EPGL") and for lower-case words.
bool IsTitleCase(absl::string_view word);

}  // namespace meute::recommend

#endif  // MEUTE_RECOMMEND_SURFACE_FORMS_H_
