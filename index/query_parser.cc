#include "index/query_parser.h"

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace meute::index {
namespace {

constexpr int kMaxDepth = 32;

struct FieldAlias {
  const char* name;
  Field field;
};
// Accent-free, lower case.
constexpr FieldAlias kFieldAliases[] = {
    {"titre", Field::kTitle},
    {"title", Field::kTitle},
    {"type", Field::kKind},
    {"kind", Field::kKind},
    {"cluster", Field::kCluster},
    {"pole", Field::kCluster},
    {"financeur", Field::kFunder},
    {"funder", Field::kFunder},
    {"programme", Field::kFunder},
    {"program", Field::kFunder},
    {"source", Field::kSource},
    {"lang", Field::kLang},
    {"langue", Field::kLang},
    {"theme", Field::kTheme},
    {"taille", Field::kSize},
    {"size", Field::kSize},
    {"ville", Field::kCity},
    {"city", Field::kCity},
    {"id", Field::kId},
    {"date", Field::kDate},
    {"echeance", Field::kDeadline},
    {"deadline", Field::kDeadline},
    {"ouverture", Field::kOpens},
    {"opens", Field::kOpens},
    {"budget", Field::kBudget},
};

// Folds the few accented letters field names can have (é, è, ê, ô, É) and
// ASCII case.
std::string FoldFieldName(absl::string_view name) {
  std::string out;
  for (size_t i = 0; i < name.size(); ++i) {
    const unsigned char c = name[i];
    if (c == 0xC3 && i + 1 < name.size()) {
      const unsigned char d = name[i + 1];
      if ((d >= 0xA8 && d <= 0xAB) || (d >= 0x88 && d <= 0x8B)) {
        out.push_back('e');
        ++i;
        continue;
      }
      if (d == 0xB4 || d == 0x94) {
        out.push_back('o');
        ++i;
        continue;
      }
    }
    out.push_back(absl::ascii_tolower(c));
  }
  return out;
}

enum class Tok { kWord, kPhrase, kLParen, kRParen, kMinus, kPlus, kField, kEnd };

struct Token {
  Tok type = Tok::kEnd;
  std::string text;
  Field field = Field::kNone;
  bool attached = false;  // Follows the previous token with no space between.
  bool closed = true;     // Phrases: a closing quote was found.
  size_t begin = 0, end = 0;
};

// Returns the byte length of a quote character at `s[i]`, or 0.
size_t QuoteLength(absl::string_view s, size_t i) {
  if (s[i] == '"') return 1;
  if (i + 1 < s.size() && static_cast<unsigned char>(s[i]) == 0xC2 &&
      (static_cast<unsigned char>(s[i + 1]) == 0xAB ||
       static_cast<unsigned char>(s[i + 1]) == 0xBB)) {
    return 2;  // « »
  }
  if (i + 2 < s.size() && static_cast<unsigned char>(s[i]) == 0xE2 &&
      static_cast<unsigned char>(s[i + 1]) == 0x80) {
    const unsigned char c = s[i + 2];
    if (c == 0x9C || c == 0x9D || c == 0x9E) return 3;  // “ ” „
  }
  return 0;
}

// Returns the byte length of a space character at `s[i]` (ASCII, U+00A0,
// U+202F), or 0.
size_t SpaceLength(absl::string_view s, size_t i) {
  const unsigned char c = s[i];
  if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') return 1;
  if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0) return 2;
  if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
      static_cast<unsigned char>(s[i + 2]) == 0xAF) {
    return 3;
  }
  return 0;
}

std::vector<Token> Lex(absl::string_view q) {
  std::vector<Token> out;
  size_t i = 0;
  bool attached = false;  // No space since the previous token.
  bool sign_ok = true;    // A '-' or '+' here is an operator, not part of a word.
  while (i < q.size()) {
    if (size_t n = SpaceLength(q, i); n > 0) {
      i += n;
      attached = false;
      sign_ok = true;
      continue;
    }
    Token t;
    t.begin = i;
    t.attached = attached;
    const char c = q[i];
    if (c == '(' || c == ')') {
      t.type = c == '(' ? Tok::kLParen : Tok::kRParen;
      t.end = ++i;
      out.push_back(std::move(t));
      attached = true;
      sign_ok = c == '(';
      continue;
    }
    if (size_t n = QuoteLength(q, i); n > 0) {
      i += n;
      const size_t start = i;
      t.closed = false;
      while (i < q.size()) {
        if (size_t m = QuoteLength(q, i); m > 0) {
          t.text = std::string(q.substr(start, i - start));
          i += m;
          t.closed = true;
          break;
        }
        ++i;
      }
      if (!t.closed) t.text = std::string(q.substr(start));
      t.type = Tok::kPhrase;
      t.end = i;
      out.push_back(std::move(t));
      attached = true;
      sign_ok = false;
      continue;
    }
    if ((c == '-' || c == '+') && sign_ok && i + 1 < q.size() && SpaceLength(q, i + 1) == 0) {
      t.type = c == '-' ? Tok::kMinus : Tok::kPlus;
      t.end = ++i;
      out.push_back(std::move(t));
      attached = true;
      continue;  // "--x": the next sign is an operator too.
    }
    size_t j = i;
    while (j < q.size() && SpaceLength(q, j) == 0 && QuoteLength(q, j) == 0 && q[j] != '(' &&
           q[j] != ')') {
      ++j;
    }
    const absl::string_view word = q.substr(i, j - i);
    const size_t colon = word.find(':');
    if (colon != absl::string_view::npos && colon > 0) {
      const Field f = ParseFieldName(word.substr(0, colon));
      if (f != Field::kNone) {
        t.type = Tok::kField;
        t.field = f;
        t.text = std::string(word.substr(0, colon));
        t.end = i + colon + 1;
        out.push_back(std::move(t));
        i += colon + 1;
        attached = true;
        sign_ok = false;
        continue;
      }
    }
    t.type = Tok::kWord;
    t.text = std::string(word);
    t.end = j;
    out.push_back(std::move(t));
    i = j;
    attached = true;
    sign_ok = false;
  }
  return out;
}

bool IsOr(const Token& t) {
  return t.type == Tok::kWord &&
         (t.text == "OR" || t.text == "OU" || t.text == "|" || t.text == "||");
}
bool IsAnd(const Token& t) {
  return t.type == Tok::kWord &&
         (t.text == "AND" || t.text == "ET" || t.text == "&&" || t.text == "&");
}
bool IsNot(const Token& t) { return t.type == Tok::kWord && (t.text == "NOT" || t.text == "SAUF"); }

class Parser {
 public:
  Parser(std::vector<Token> tokens, std::vector<std::string>* notices)
      : tokens_(std::move(tokens)), notices_(notices) {}

  QueryNode Parse() {
    QueryNode root = ParseOr(0);
    while (pos_ < tokens_.size()) {
      // Only an unmatched ')' stops ParseOr early.
      Notice("unmatched ')' ignored");
      ++pos_;
      QueryNode more = ParseOr(0);
      root = Join(std::move(root), std::move(more));
    }
    if (root.type != QueryNode::Type::kAnd) {
      QueryNode wrap;
      wrap.type = QueryNode::Type::kAnd;
      wrap.implicit = true;
      wrap.children.push_back(std::move(root));
      root = std::move(wrap);
    }
    return root;
  }

 private:
  const Token& Peek() const {
    static const Token kEnd;
    return pos_ < tokens_.size() ? tokens_[pos_] : kEnd;
  }
  bool AtEnd() const { return pos_ >= tokens_.size(); }

  void Notice(std::string text) {
    for (const std::string& n : *notices_) {
      if (n == text) return;
    }
    notices_->push_back(std::move(text));
  }

  static QueryNode Join(QueryNode a, QueryNode b) {
    QueryNode out;
    out.type = QueryNode::Type::kAnd;
    out.implicit = true;
    for (QueryNode* n : {&a, &b}) {
      if (n->type == QueryNode::Type::kAnd && n->implicit) {
        for (QueryNode& c : n->children) out.children.push_back(std::move(c));
      } else {
        out.children.push_back(std::move(*n));
      }
    }
    return out;
  }

  // An empty node (no children) stands for "nothing": callers drop it.
  static bool Empty(const QueryNode& n) {
    return (n.type == QueryNode::Type::kAnd || n.type == QueryNode::Type::kOr) &&
           n.children.empty();
  }

  QueryNode ParseOr(int depth) {
    QueryNode first = ParseAnd(depth);
    if (!IsOr(Peek())) return first;
    QueryNode out;
    out.type = QueryNode::Type::kOr;
    if (!Empty(first)) out.children.push_back(std::move(first));
    while (IsOr(Peek())) {
      ++pos_;
      QueryNode next = ParseAnd(depth);
      if (Empty(next)) {
        Notice("OR without a right-hand side ignored");
        continue;
      }
      out.children.push_back(std::move(next));
    }
    if (out.children.size() == 1) return std::move(out.children[0]);
    return out;
  }

  QueryNode ParseAnd(int depth) {
    QueryNode out;
    out.type = QueryNode::Type::kAnd;
    out.implicit = true;
    while (!AtEnd() && !IsOr(Peek()) && Peek().type != Tok::kRParen) {
      if (IsAnd(Peek())) {
        out.implicit = false;
        ++pos_;
        continue;
      }
      QueryNode n = ParseUnary(depth);
      if (Empty(n)) continue;
      out.children.push_back(std::move(n));
    }
    if (out.children.size() == 1 && out.children[0].type != QueryNode::Type::kNot) {
      return std::move(out.children[0]);
    }
    return out;
  }

  QueryNode ParseUnary(int depth) {
    // Signs and NOTs are consumed in a loop (never recursively): "NOT NOT a"
    // is "a", and a run of thousands of them costs no stack.
    bool negated = false, required = false, any = false;
    while (true) {
      const Token& t = Peek();
      if (IsNot(t) || t.type == Tok::kMinus) {
        negated = !negated;
      } else if (t.type == Tok::kPlus) {
        required = true;
      } else {
        break;
      }
      any = true;
      ++pos_;
    }
    QueryNode inner = ParsePrimary(depth);
    if (any && Empty(inner)) {
      Notice("NOT, - or + without an operand ignored");
      return inner;
    }
    if (required) MarkRequired(&inner);
    if (!negated) return inner;
    QueryNode out;
    out.type = QueryNode::Type::kNot;
    out.children.push_back(std::move(inner));
    return out;
  }

  static void MarkRequired(QueryNode* n) {
    n->required = true;
    for (QueryNode& c : n->children) MarkRequired(&c);
  }

  QueryNode ParseGroup(int depth) {
    ++pos_;  // '('
    if (depth >= kMaxDepth) {
      // Deeper groups are flattened into the enclosing one: no recursion.
      Notice(absl::StrCat("parentheses nested deeper than ", kMaxDepth, " levels flattened"));
      return QueryNode{};
    }
    QueryNode inner = ParseOr(depth + 1);
    if (Peek().type == Tok::kRParen) {
      ++pos_;
    } else {
      Notice("unbalanced parenthesis: closed at the end of the query");
    }
    return inner;
  }

  QueryNode MakeWord(const Token& t) {
    QueryNode n;
    n.begin = t.begin;
    n.end = t.end;
    if (words_ >= kMaxQueryWords) {
      Notice(absl::StrCat("query cut to its first ", kMaxQueryWords, " words"));
      n.type = QueryNode::Type::kAnd;  // Empty: dropped.
      return n;
    }
    ++words_;
    if (t.type == Tok::kPhrase) {
      n.type = QueryNode::Type::kPhrase;
      n.text = t.text;
      if (!t.closed) Notice("unbalanced quote: the phrase runs to the end of the query");
      return n;
    }
    n.type = QueryNode::Type::kWord;
    n.text = t.text;
    if (n.text.size() > 1 && n.text.back() == '*') {
      n.wildcard = true;
      n.text.pop_back();
    }
    return n;
  }

  QueryNode ParsePrimary(int depth) {
    const Token& t = Peek();
    switch (t.type) {
      case Tok::kLParen:
        return ParseGroup(depth);
      case Tok::kPhrase:
      case Tok::kWord: {
        ++pos_;
        if (IsOr(t) || IsAnd(t) || IsNot(t)) {
          Notice(absl::StrCat("operator ", t.text, " without operands ignored"));
          return QueryNode{};
        }
        return MakeWord(t);
      }
      case Tok::kField:
        return ParseField(depth);
      case Tok::kMinus:
      case Tok::kPlus:  // Consumed by ParseUnary.
      case Tok::kRParen:
      case Tok::kEnd:
        break;
    }
    return QueryNode{};
  }

  QueryNode ParseField(int depth) {
    const Token ft = Peek();
    ++pos_;
    const Token& v = Peek();
    const bool has_value =
        !AtEnd() && v.attached &&
        (v.type == Tok::kWord || v.type == Tok::kPhrase || v.type == Tok::kLParen) &&
        !(v.type == Tok::kWord && (IsOr(v) || IsAnd(v) || IsNot(v)));
    if (!has_value) {
      Notice(absl::StrCat(ft.text, ": has no value: ignored"));
      return QueryNode{};
    }
    QueryNode out;
    out.field = ft.field;
    out.begin = ft.begin;
    if (IsRangeField(ft.field)) {
      if (v.type == Tok::kLParen) {
        Notice(absl::StrCat(ft.text, ": takes a value or a range a..b, not a group: ignored"));
        ParseGroup(depth);
        return QueryNode{};
      }
      ++pos_;
      out.type = QueryNode::Type::kRange;
      out.end = v.end;
      const std::string value = v.text;
      const size_t dots = value.find("..");
      if (dots == std::string::npos) {
        out.low = out.high = value;
      } else {
        out.low = value.substr(0, dots);
        out.high = value.substr(dots + 2);
      }
      return out;
    }
    out.type = QueryNode::Type::kField;
    QueryNode value;
    if (v.type == Tok::kLParen) {
      value = ParseGroup(depth);
    } else {
      ++pos_;
      value = MakeWord(v);
    }
    if (Empty(value)) {
      Notice(absl::StrCat(ft.text, ": has no value: ignored"));
      return QueryNode{};
    }
    out.end = value.end;
    out.children.push_back(std::move(value));
    return out;
  }

  std::vector<Token> tokens_;
  std::vector<std::string>* notices_;
  size_t pos_ = 0;
  int words_ = 0;
};

}  // namespace

absl::string_view FieldName(Field field) {
  switch (field) {
    case Field::kNone:
      return "";
    case Field::kTitle:
      return "title";
    case Field::kKind:
      return "kind";
    case Field::kCluster:
      return "cluster";
    case Field::kFunder:
      return "funder";
    case Field::kSource:
      return "source";
    case Field::kLang:
      return "lang";
    case Field::kTheme:
      return "theme";
    case Field::kSize:
      return "size";
    case Field::kCity:
      return "city";
    case Field::kId:
      return "id";
    case Field::kDate:
      return "date";
    case Field::kDeadline:
      return "deadline";
    case Field::kOpens:
      return "opens";
    case Field::kBudget:
      return "budget";
  }
  return "";
}

Field ParseFieldName(absl::string_view name) {
  const std::string folded = FoldFieldName(name);
  for (const FieldAlias& a : kFieldAliases) {
    if (folded == a.name) return a.field;
  }
  return Field::kNone;
}

bool IsRangeField(Field field) {
  return field == Field::kDate || field == Field::kDeadline || field == Field::kOpens ||
         field == Field::kBudget;
}

ParsedQuery ParseQuery(absl::string_view query) {
  ParsedQuery out;
  Parser parser(Lex(query), &out.notices);
  out.root = parser.Parse();
  return out;
}

std::string DebugString(const QueryNode& node) {
  auto children = [&](absl::string_view sep) {
    std::vector<std::string> parts;
    for (const QueryNode& c : node.children) parts.push_back(DebugString(c));
    return absl::StrJoin(parts, sep);
  };
  const std::string req = node.required ? "+" : "";
  switch (node.type) {
    case QueryNode::Type::kAnd:
      return absl::StrCat(node.implicit ? "AND(" : "AND!(", children(" "), ")");
    case QueryNode::Type::kOr:
      return absl::StrCat("OR(", children(" "), ")");
    case QueryNode::Type::kNot:
      return absl::StrCat("NOT(", children(" "), ")");
    case QueryNode::Type::kWord:
      return absl::StrCat(req, "word:", node.text, node.wildcard ? "*" : "");
    case QueryNode::Type::kPhrase:
      return absl::StrCat(req, "phrase:\"", node.text, "\"");
    case QueryNode::Type::kField:
      return absl::StrCat(req, FieldName(node.field), ":(", children(" "), ")");
    case QueryNode::Type::kRange:
      return absl::StrCat(FieldName(node.field), ":[", node.low, "..", node.high, "]");
  }
  return "";
}

}  // namespace meute::index
