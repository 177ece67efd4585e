// The words a record itself writes for each of its stems, as words of
// substance (parts_of_speech.h, IsWordOfSubstance()): what may be shown as
// what that record's organisation "brings" or "covers", in its own words.
//
// A stem is shared by words of different kinds ("port": "ports", "porte";
// "elev": "élèves", "élevé"; "estim": "estime", "estimations"), so the word
// the corpus writes most for a stem is not what a given record writes: a
// record is credited with a stem only through an occurrence that reads as a
// noun in its own text, and shown by the one it writes most (ties: the
// smaller string). "Hydroscope Spatial estime le volume" gives nothing for
// "estim"; "nos estimations" gives "estimations".
//
// English matches. An English call's need may be a stem French records
// also write ("medic": "medical", "médicaments"). FrenchMatchIsReliable()
// says whether a French word may be shown as the match of an English word:
// the same word (accents and a final "s" aside: "satellites", "observation")
// or one of its translations in FreeDict's English-French dictionaries.
//
// Thread safety: free functions; FreeDictEnglishToFrench() loads once.

#ifndef MEUTE_RECOMMEND_OWN_WORDS_H_
#define MEUTE_RECOMMEND_OWN_WORDS_H_

#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "ingest/document.h"
#include "recommend/bilingual_dictionary.h"
#include "recommend/function_words.h"  // FoldAccents()
#include "recommend/need_phrases.h"
#include "recommend/parts_of_speech.h"

namespace meute::recommend {

// Stem -> the record's word of substance for it (lower case, unless the
// record writes it with capitals other than an initial: "IA", "NewSpace"),
// or "" for a stem it writes only otherwise (as a verb, an adjective...).
using OwnWordMap = absl::flat_hash_map<std::string, std::string>;

// OwnWordMap of the title, text, skills, sectors and themes of `record`,
// tokenized by `tokenize` in the record's language ("en" or "fr").
OwnWordMap OwnWordsOf(const ingest::Document& record, const PhraseTokenizer& tokenize,
                      const FrenchMorphology* morphology, const PartsOfSpeech* thesaurus);

// True if French `french` may be shown as the match of English `english`
// (see above). `table` may be null (no dictionary).
bool FrenchMatchIsReliable(absl::string_view english, absl::string_view french,
                           const TranslationTable* table);

// FreeDict's eng-fra and fra-eng (reversed) of Debian's dictd folder, loaded
// once; null if they are not installed.
const TranslationTable* FreeDictEnglishToFrench();

}  // namespace meute::recommend

#endif  // MEUTE_RECOMMEND_OWN_WORDS_H_
