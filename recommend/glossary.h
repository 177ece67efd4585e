// A domain glossary applied to term vectors when the model is built: English
// terms gain their French equivalents and everyday French wording gains the
// sector vocabulary, so that an English call or a need described in lay words
// meets the French profiles of cluster members (see
// corpora/glossary/domain-glossary.tsv for the file format).
//
// The glossary is compiled to stems by the caller's stemmer (the analyzer used
// for indexing), and the compiled form is stored inside the model file so that
// documents folded in later are expanded exactly as the training documents.
//
// Thread safety: immutable after Parse(); Apply() may run concurrently.

#ifndef MEUTE_RECOMMEND_GLOSSARY_H_
#define MEUTE_RECOMMEND_GLOSSARY_H_

#include <functional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "recommend/term_corpus.h"

namespace meute::recommend {

// Returns, for each content word of `text` analysed in language `lang` ("fr"
// or "en"), the list of its stems; stop words are left out.
using StemWordsFn = std::function<std::vector<std::vector<std::string>>(absl::string_view text,
                                                                        absl::string_view lang)>;

struct GlossaryEntry {
  std::string lang;  // Language of the documents it applies to: "fr" or "en".
  // One element per source word: its alternative stems (any one matches).
  std::vector<std::vector<std::string>> source;
  // Stems added to a matching document.
  std::vector<std::string> targets;
};

class Glossary {
 public:
  Glossary() = default;
  explicit Glossary(std::vector<GlossaryEntry> entries);

  // Parses the TSV format (LANG, source term, "; "-separated French targets).
  // kInvalidArgument naming the line for a malformed line or an unknown
  // language. Entries whose source has no content word are skipped, and so
  // are targets already among the source stems.
  static absl::StatusOr<Glossary> Parse(absl::string_view tsv, const StemWordsFn& stem_words);

  // Returns `terms` of a document in language `lang` ("" counts as "fr")
  // with the targets of every matching entry added: an entry matches when
  // each of its source words has one of its stems in `terms`; each target
  // gets the smallest count among the matched source words (a target already
  // present keeps the larger of its count and that one). Sorted by term.
  TermCounts Apply(const TermCounts& terms, absl::string_view lang) const;

  const std::vector<GlossaryEntry>& entries() const { return entries_; }
  bool empty() const { return entries_.empty(); }

 private:
  std::vector<GlossaryEntry> entries_;
  // Stem of an entry's first source word -> indices of those entries, so that
  // Apply() looks at the entries a document can match, not all of them (the
  // dictionaries add thousands).
  absl::flat_hash_map<std::string, std::vector<uint32_t>> by_first_stem_;
};

}  // namespace meute::recommend

#endif  // MEUTE_RECOMMEND_GLOSSARY_H_
