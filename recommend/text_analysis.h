// The recommender's uses of the French analyzer, kept out of meute_recommend
// (which needs no analyzer) in the small library meute_recommend_text:
//   - the term vector of a record analysed in process, as the index would
//     export it (same fields, title weight 3), for data that is not indexed
//     (evaluation sets, benchmark files);
//   - a StemWordsFn for compiling the glossary, and the glossary with the
//     bilingual dictionaries (bilingual_dictionary.h);
//   - surface forms of records, for readable reasons and labels;
//   - document labels (keyphrases): see keyphrases.h.
//
// Thread safety: free functions; the analyzer is thread-safe.

#ifndef MEUTE_RECOMMEND_TEXT_ANALYSIS_H_
#define MEUTE_RECOMMEND_TEXT_ANALYSIS_H_

#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "ingest/analyzer.h"
#include "ingest/document.h"
#include "ingest/term_vector.h"
#include "recommend/bilingual_dictionary.h"
#include "recommend/glossary.h"
#include "recommend/need_phrases.h"
#include "recommend/recommender_state.h"
#include "recommend/surface_forms.h"

namespace meute::recommend {

// Weight of title words, as index/indexer.cc (kTitleWeight).
inline constexpr uint32_t kTitleTermWeight = 3;

// "en" -> English, anything else -> French (records of the bundled corpus
// all carry `lang`; the index detects it when absent).
ingest::Language RecordLanguageCode(absl::string_view lang);

// The stems of `record` with their counts, as index::ExportTermVectors()
// returns them: title (x3), text, name, organisation, city, programme,
// funder, sectors, skills, themes.
ingest::TermVector AnalyzeRecord(const ingest::Analyzer& analyzer, const ingest::Document& record);

// AnalyzeRecord() of every record of `records` (moved into the term
// vectors, not copied), on `threads` threads (0: the hardware's concurrency),
// handed to `sink` one at a time in record order (so the result does not
// depend on the number of threads). Analyses a block of records at a time.
// `sink` runs on the calling thread.
void AnalyzeRecords(const ingest::Analyzer& analyzer, std::vector<ingest::Document> records,
                    int threads, const std::function<void(ingest::TermVector&&)>& sink);

// Stems per content word, for Glossary::Parse().
StemWordsFn MakeStemWords(const ingest::Analyzer& analyzer);

// The bilingual dictionaries LoadGlossary() adds to the domain glossary.
// Default: none. On the held-out half of the ground truth FreeDict's general
// vocabulary lowered the TF-IDF + glossary ranking of the English calls
// (doc/recommender.md, "Cross-language"), so the dictionaries are opt-in.
struct DictionarySources {
  // Debian's dict-freedict-eng-fra and dict-freedict-fra-eng in `dir`
  // (Debian: /usr/share/dictd), required.
  static DictionarySources FreeDict(absl::string_view dir);

  // dictd databases (paths without ".index"); "" for none.
  std::string eng_fra;
  std::string fra_eng;
  // When false, a dictionary that is not there is skipped; when true its
  // absence is kNotFound. Default: false.
  bool required = false;
  DictionaryOptions options;
};

// Reads and compiles the glossary file at `path`, then appends the entries
// of the dictionaries of `dictionaries` (CompileDictionary(): the domain
// glossary wins where both translate a word). kNotFound if the glossary (or a
// required dictionary) is missing; kInvalidArgument for a malformed line;
// the errors of ReadDictd().
absl::StatusOr<Glossary> LoadGlossary(const ingest::Analyzer& analyzer, absl::string_view path,
                                      const DictionarySources& dictionaries);
// LoadGlossary() of the domain glossary alone (no dictionary).
absl::StatusOr<Glossary> LoadGlossary(const ingest::Analyzer& analyzer, absl::string_view path);

// The glossary entries of the dictionaries of `sources` alone, compiled
// against `domain` (see CompileDictionary()). Errors as LoadGlossary().
absl::StatusOr<std::vector<GlossaryEntry>> LoadDictionaries(const ingest::Analyzer& analyzer,
                                                            const DictionarySources& sources,
                                                            const Glossary& domain);

// A PhraseTokenizer (need_phrases.h) on `analyzer`, which must outlive it.
PhraseTokenizer MakePhraseTokenizer(const ingest::Analyzer& analyzer);

// Adds the words of the title and text of `record` to `forms`.
void AddSurfaceForms(const ingest::Analyzer& analyzer, const ingest::Document& record,
                     SurfaceForms& forms);

// AddSurfaceForms() of every record of `docs`, on `threads` threads (0: the
// hardware's concurrency); the same forms for any number of threads.
SurfaceForms CollectSurfaceForms(const ingest::Analyzer& analyzer,
                                 const std::vector<ingest::TermVector>& docs, int threads = 0);

// What `meute model build` stores in the model file for the recommender
// commands (recommender_state.h), computed from the records `docs`: their
// fingerprint and surface forms (CollectSurfaceForms() on `threads` threads).
RecommenderState ComputeRecommenderState(const ingest::Analyzer& analyzer,
                                         const std::vector<ingest::TermVector>& docs,
                                         int threads = 0);

}  // namespace meute::recommend

#endif  // MEUTE_RECOMMEND_TEXT_ANALYSIS_H_
