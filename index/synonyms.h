// Synonyms and acronyms applied to queries (never to documents, so a user can
// extend the list without re-indexing).
//
// File format (corpora/synonyms.txt, UTF-8, one rule per line):
//   # a comment; blank lines are ignored
//   IA, intelligence artificielle, AI
//       Equivalence: a query containing any of these expressions also finds
//       the others.
//   AAP => appel à projets, appel à candidatures
//       One-way: the expressions left of "=>" also find those on the right;
//       the right ones do not find the left ones.
// Expressions go through the analyzer, so case, accents and elisions do not
// matter ("Hydrogène" = "hydrogene"), and a query word matches an expression
// word with the same form or a common stem ("appels" matches "appel").
// Expressions of several words are searched as phrases.
//
// Thread safety: immutable after construction; Match() may run concurrently.

#ifndef MEUTE_INDEX_SYNONYMS_H_
#define MEUTE_INDEX_SYNONYMS_H_

#include <cstddef>
#include <string>
#include <unordered_map>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "ingest/analyzer.h"

namespace meute::index {

class Synonyms {
 public:
  // One expression of a rule, analysed (French).
  struct Expression {
    std::string text;                             // As written in the file.
    std::vector<std::string> forms;               // Token forms, stop words included.
    std::vector<std::vector<std::string>> stems;  // Per token; empty for stop words.
  };

  // A query word as the matcher sees it: the forms and stems of its tokens.
  struct Word {
    std::vector<std::string> forms;
    std::vector<std::vector<std::string>> stems;
  };

  // The longest rule match at some position of a word sequence.
  struct Match {
    size_t length = 0;                          // Query words covered; 0 when nothing matched.
    std::vector<const Expression*> expansions;  // Excluding what was typed.
  };

  Synonyms() = default;

  // Parses rules; `file_name` labels errors. kInvalidArgument with
  // "FILE:LINE: ..." for a rule with an empty side or a single expression.
  static absl::StatusOr<Synonyms> Parse(absl::string_view content, absl::string_view file_name,
                                        const ingest::Analyzer& analyzer);
  // Reads and parses `path`. kNotFound if it does not exist.
  static absl::StatusOr<Synonyms> Load(absl::string_view path, const ingest::Analyzer& analyzer);
  // The rules shipped with Meute (a copy of corpora/synonyms.txt built into
  // the binary).
  static absl::string_view BuiltinText();

  // The built-in rules as analysed at build time by the default analyzer
  // (meute_synonyms_gen writes Serialize() of Parse(BuiltinText())), so that
  // a search does not analyse them again at every start. Same rules as
  // Parse(BuiltinText()) with a default Analyzer. kDataLoss if the embedded
  // table is damaged (a build bug).
  static absl::StatusOr<Synonyms> Builtin();
  // The analysed rules as bytes, and back (DO NOT CHANGE without the
  // generator: the format lives only inside one build).
  std::string Serialize() const;
  static absl::StatusOr<Synonyms> Deserialize(absl::string_view bytes);

  // Adds the rules of `other` to these.
  void Merge(const Synonyms& other);

  // Finds the longest expression that matches `words` starting at `start`
  // (token by token, across word boundaries, but only ending at the end of a
  // word), and returns what it expands to.
  Match Find(const std::vector<Word>& words, size_t start) const;

  size_t rule_count() const { return rules_.size(); }

 private:
  struct Rule {
    std::vector<size_t> triggers;    // Indexes into expressions_.
    std::vector<size_t> expansions;  // Indexes into expressions_.
  };
  void AddRule(std::vector<Expression> left, std::vector<Expression> right, bool one_way);

  std::vector<Expression> expressions_;
  std::vector<Rule> rules_;
  // First form of a trigger -> (rule, trigger expression).
  std::unordered_map<std::string, std::vector<std::pair<size_t, size_t>>> by_first_form_;
  // First stem of a trigger's first token -> (rule, trigger expression).
  std::unordered_map<std::string, std::vector<std::pair<size_t, size_t>>> by_first_stem_;
};

}  // namespace meute::index

#endif  // MEUTE_INDEX_SYNONYMS_H_
