// The Meute query language, parsed into a small syntax tree. The tree is
// turned into a Xapian query by the searcher, through the same analyzer as the
// documents (so this file knows nothing of words, accents or stems).
//
// Grammar (recursive descent; operators are upper case; whitespace separates):
//   query   := or ;
//   or      := and { ("OR" | "OU" | "|") and } ;
//   and     := unary { ["AND" | "ET" | "&&"] unary } ;   adjacency = implicit AND
//   unary   := ("NOT" | "SAUF") unary | "-" primary | "+" primary | primary ;
//   primary := "(" or ")" | field ":" value | phrase | word ;
//   value   := word | phrase | "(" or ")" | range ;        (range only for date fields)
//   range   := [bound] ".." [bound] ;   bound: YYYY | YYYY-MM | YYYY-MM-DD | number
//   phrase  := '"' ... '"' | '«' ... '»' | '“' ... '”' ;
//   word    := characters up to whitespace, a parenthesis or a quote; a final
//              '*' makes it a prefix (robot*).
// Fields (accents and case ignored): titre/title, type/kind, cluster/pole,
// financeur/funder, source, lang/langue, theme, taille/size, ville/city, id,
// date, echeance/deadline, ouverture/opens, budget. A "name:" whose name is
// not a field is an ordinary word ("10:30", "https://...").
//
// Never fails: what cannot be parsed is repaired and reported as a notice
// (unbalanced quote or parenthesis, a field without value, nesting deeper
// than 32 levels, more than kMaxQueryWords words). Range bounds are checked by
// the searcher, which reports bad ones as kInvalidArgument.
//
// Thread safety: pure function.

#ifndef MEUTE_INDEX_QUERY_PARSER_H_
#define MEUTE_INDEX_QUERY_PARSER_H_

#include <cstddef>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace meute::index {

// Words beyond this count are dropped (with a notice): a pasted page of text
// is not a query.
inline constexpr int kMaxQueryWords = 64;

enum class Field {
  kNone,
  kTitle,
  kKind,
  kCluster,
  kFunder,
  kSource,
  kLang,
  kTheme,
  kSize,
  kCity,
  kId,
  kDate,
  kDeadline,
  kOpens,
  kBudget,
};

// The canonical (English) name of a field: "title", "kind", ...
absl::string_view FieldName(Field field);
// Parses a field name or alias, ignoring case and accents ("Échéance" ->
// kDeadline); kNone if unknown.
Field ParseFieldName(absl::string_view name);
// Date and number fields take ranges; the others take words or phrases.
bool IsRangeField(Field field);

struct QueryNode {
  enum class Type {
    kAnd,     // children; `implicit` when made by adjacency only
    kOr,      // children
    kNot,     // one child, excluded
    kWord,    // text; `required` for +word; `wildcard` for word*
    kPhrase,  // text (between the quotes)
    kField,   // field; one child (word, phrase or group)
    kRange,   // field; low and high (either may be empty)
  };
  Type type = Type::kAnd;
  std::vector<QueryNode> children;
  std::string text;
  Field field = Field::kNone;
  std::string low, high;
  bool implicit = false;
  bool required = false;
  bool wildcard = false;
  // Where the node's text sits in the query (bytes), for suggestions.
  size_t begin = 0, end = 0;
};

struct ParsedQuery {
  QueryNode root;                    // kAnd with no children if the query is empty.
  std::vector<std::string> notices;  // Repairs made, for the user.
};

ParsedQuery ParseQuery(absl::string_view query);

// A readable rendering of the tree, for tests and --explain:
// AND(word:hydrogene OR(word:a word:b) NOT(phrase:"x y") title:(word:z) date:[2026..])
std::string DebugString(const QueryNode& node);

}  // namespace meute::index

#endif  // MEUTE_INDEX_QUERY_PARSER_H_
