// Buyers: a need a buyer states in the news ("la RFO cherche des systèmes de
// comptage des voyageurs") answered by the members whose own texts do what
// it asks, with the cluster group they make.
//
// The need phrase is the buyer's own words, shown literally: the clause that
// follows "cherche", "recherche", "souhaite", "lance un appel d'offres / une
// consultation / un appel à manifestation d'intérêt", "veut", "consulte" or
// "sollicite", in the first sentence of the text that has one, else in the
// title (NeedPhrase()).
//
// Matching (BuyerMethod::kSubstance). Only words of substance count: a token
// of the need that is not a function word (the analyzer's stop words and
// IsContentWord()), not one of the words every request uses to say who it
// wants ("fournisseurs", "partenaires", "solutions"...: IsRequestWord()),
// nor a part of such a compound ("traitants" of "sous-traitants"), a noun
// for the French thesaurus when it knows the word (BuyerOptions::
// parts_of_speech), and not a name. Names are found by capitalisation in the source text, without
// a gazetteer: a word written with a capital initial and lower-case letters
// after it, anywhere but at the start of a sentence, is a name ("Sud" of
// "Hydrure Sud", "Occitanie", "Tarbes"); acronyms in capitals ("IA", "H2")
// are kept. A member shares a need word only when its own texts (record
// text, title and skills) write that word as a common word at least once,
// not only inside a name. With q the sublinear TF-IDF weights of the need's
// substance words (the title's need clause included), plus
// `context_weight` times those of the rest of the news, and m the member's
// unit TF-IDF vector over its own terms,
//   score(m) = sum over shared substance words s of q_s * m_s / |q|,
// and a member is listed only if it shares at least one word of the need
// phrase itself: those words, as the need writes them, are its reasons.
// The cluster group is the clusters of the listed members, by the sum of
// their members' scores.
//
// BuyerMethod::kTfidf is the baseline: the plain TF-IDF cosine of the whole
// news record and each member record (every term, names included); its
// reasons are the shared terms that are showable words, by contribution.
//
// `meute eval-recommend` measures both against corpora/eval/buyer-needs.tsv
// (section "Buyers"); the digest uses kDefaultBuyerMethod, the one that won on
// the test half there.
//
// Thread safety: immutable after construction; const methods may run
// concurrently.

#ifndef MEUTE_RECOMMEND_BUYERS_H_
#define MEUTE_RECOMMEND_BUYERS_H_

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/string_view.h"
#include "ingest/analyzer.h"
#include "ingest/term_vector.h"
#include "recommend/parts_of_speech.h"

namespace meute::recommend {

enum class BuyerMethod { kSubstance, kTfidf };

// What the digest uses (see eval-recommend's Buyers section).
inline constexpr BuyerMethod kDefaultBuyerMethod = BuyerMethod::kSubstance;

struct BuyerOptions {
  BuyerMethod method = kDefaultBuyerMethod;
  // Weight of the rest of the news (title and text beyond the need clauses)
  // against the need itself. Chosen on the dev half of
  // corpora/eval/buyer-needs.tsv (eval-recommend prints the grid; the best
  // P@3 on dev, ties by nDCG@10): 1.
  float context_weight = 1.0f;
  // With a thesaurus, a need word is one it may read as a noun or does not
  // know (no verb such as "automatiser", "adapter"), as for a call's needs
  // (RecommenderOptions::parts_of_speech). Null: every content word.
  // Default: PartsOfSpeech::French() (null when mythes-fr is not installed).
  const PartsOfSpeech* parts_of_speech = PartsOfSpeech::French();
  // Members listed per need. Default: 10.
  int max_members = 10;
  // Reason words per member. Default: 5.
  int max_words = 5;
};

// The clause of `title` and `text` in which the buyer says what it looks
// for (see above), whitespace collapsed; "" if neither has a need verb.
std::string NeedPhrase(absl::string_view title, absl::string_view text);

// The need clause of one sentence (what follows its first need verb), or "".
std::string NeedClause(absl::string_view sentence);

// Words that say whom a request wants, not what: never a reason.
bool IsRequestWord(absl::string_view folded_word);

struct BuyerMember {
  std::string id;
  std::string organisation;
  std::vector<std::string> clusters;
  float score = 0.0f;
  std::vector<std::string> words;  // Shared words of substance, as the need writes them.
};

struct BuyerAnswer {
  std::string need;                                     // The need phrase, literal.
  std::vector<BuyerMember> members;                     // Best first.
  std::vector<std::pair<std::string, float>> clusters;  // The cluster group, best first.
};

class BuyerMatcher {
 public:
  // `analyzer` must outlive the matcher. Members are the records of kind
  // member in `docs`; idf is taken over every record of `docs`.
  BuyerMatcher(const ingest::Analyzer& analyzer, const std::vector<ingest::TermVector>& docs,
               BuyerOptions options = {});
  ~BuyerMatcher();

  // The members answering `need` (a phrase of `news`), best first. `news`
  // gives the context and, for kTfidf, the whole record; it need not be in
  // `docs`.
  BuyerAnswer Match(const ingest::Document& news, absl::string_view need) const;
  // Match() with the need phrase NeedPhrase() finds; an empty answer if none.
  BuyerAnswer Match(const ingest::Document& news) const;

  const BuyerOptions& options() const { return options_; }

 private:
  struct MemberTerms {
    std::string id;
    std::string organisation;
    std::vector<std::string> clusters;
    absl::flat_hash_map<std::string, float> unit;  // Stem -> unit TF-IDF weight.
    absl::flat_hash_set<std::string> common;       // Stems written as common words.
  };
  float Idf(const std::string& stem) const;
  // Substance stems of `text` with their counts and, for each, the word as
  // first written.
  void Substance(absl::string_view text, ingest::Language lang,
                 std::map<std::string, std::pair<float, std::string>>* out, float weight) const;
  BuyerAnswer MatchTfidf(const ingest::Document& news, absl::string_view need) const;

  const ingest::Analyzer& analyzer_;
  BuyerOptions options_;
  absl::flat_hash_map<std::string, int> df_;
  int n_docs_ = 0;
  std::vector<MemberTerms> members_;
};

}  // namespace meute::recommend

#endif  // MEUTE_RECOMMEND_BUYERS_H_
