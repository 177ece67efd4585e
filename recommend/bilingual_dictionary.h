// Bilingual dictionaries for the cross-language embedding: reads FreeDict's
// dictd databases (Debian's dict-freedict-eng-fra and dict-freedict-fra-eng)
// and turns their English -> French pairs into glossary entries, so that an
// English document gains the French stems of its words before TF-IDF and the
// SVD (see doc/recommender.md, "Cross-language").
//
// dictd format: NAME.index has one line per headword,
// "headword\tOFFSET\tLENGTH", OFFSET and LENGTH in dictd's base 64
// (A-Z a-z 0-9 + /, most significant digit first), giving a byte range of
// NAME.dict, or of NAME.dict.dz once decompressed (dictzip is gzip with an
// extra header field). A FreeDict entry's text is the headword line
// ("water /wɔːtər/ <n>") then its senses, one per line, optionally numbered
// ("2. eau, onde"), translations separated by commas.
//
// Thread safety: free functions, no shared state.

#ifndef MEUTE_RECOMMEND_BILINGUAL_DICTIONARY_H_
#define MEUTE_RECOMMEND_BILINGUAL_DICTIONARY_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "recommend/glossary.h"

namespace meute::recommend {

// Limits that bound the memory a damaged or hostile file can make us use.
inline constexpr uint64_t kMaxDictIndexBytes = 64u << 20;  // .index file
inline constexpr uint64_t kMaxDictDataBytes = 256u << 20;  // .dict, or .dict.dz decompressed
inline constexpr uint64_t kMaxDictEntryBytes = 64u << 10;  // one entry's text

struct DictEntry {
  std::string headword;  // As the entry writes it ("abat-jour"), not the index's folded key.
  // Senses in order, each the list of its translations (trimmed, non-empty,
  // bracketed labels such as "[cul]" and parenthesised notes removed).
  std::vector<std::vector<std::string>> senses;
};

// Parses the text of one FreeDict entry. kInvalidArgument if the headword
// line is empty. An entry without translations has no senses.
absl::StatusOr<DictEntry> ParseFreeDictEntry(absl::string_view text);

// Reads the dictd database `base` (files `base`.index and `base`.dict.dz, or
// `base`.dict when there is no .dz) and returns its entries in index order,
// skipping the 00database* metadata entries. kNotFound if a file is missing;
// kInvalidArgument naming the file and line for a malformed index line (not
// three fields, a bad base-64 digit, a range outside the data, an entry over
// kMaxDictEntryBytes) or entry; kResourceExhausted if a file is over the
// limits above; kDataLoss if the .dz does not decompress.
absl::StatusOr<std::vector<DictEntry>> ReadDictd(absl::string_view base);

// Decompresses gzip (hence dictzip) `bytes`. kDataLoss if corrupt or
// truncated; kResourceExhausted past `max_bytes` of output.
absl::StatusOr<std::string> Gunzip(absl::string_view bytes, uint64_t max_bytes);

// English word -> its French translations, sorted, without duplicates.
using TranslationTable = std::map<std::string, std::vector<std::string>>;

// The pairs of `eng_fra` (headword -> translations) and, reversed, of
// `fra_eng` (a French headword is a translation of each of its English
// translations). Only one-word English sides are kept (no space): the
// glossary matches words anywhere in a document, not phrases, so "give up"
// would fire on every "give". Translations may have several words; see
// CompileDictionary() for which are kept.
TranslationTable EnglishToFrench(const std::vector<DictEntry>& eng_fra,
                                 const std::vector<DictEntry>& fra_eng);

struct DictionaryOptions {
  // English words with more distinct French translations than this are left
  // out: every translation gets the English word's full count, so a word of
  // many senses would add mostly wrong French words and outweigh the rest of
  // a short call. Default: 3 (a word of up to three senses, each with one
  // usual translation; not fitted: on the tuning half of the ground truth no
  // value did better than no dictionary, see doc/recommender.md).
  int max_translations = 3;
};

// Glossary entries (lang "en", one source word) for `table`, stemmed with
// `stem_words`: the English word must be one content word, and a
// translation is kept when it is one content word once French stop words are
// dropped ("d'eau" -> eau, "s'humilier" -> humili; "projeter une image" is
// dropped, its words apart mean something else). English words with the same
// stems are merged (company, companies). Words the domain glossary `domain`
// already translates (an "en" entry of one source word sharing a stem) are
// left to it. Targets equal to a source stem are dropped. Sorted by source.
std::vector<GlossaryEntry> CompileDictionary(const TranslationTable& table,
                                             const StemWordsFn& stem_words, const Glossary& domain,
                                             const DictionaryOptions& options = {});

}  // namespace meute::recommend

#endif  // MEUTE_RECOMMEND_BILINGUAL_DICTIONARY_H_
