#include "index/internal/query_builder.h"

#include <algorithm>
#include <optional>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "index/internal/terms.h"
#include "index/schema.h"
#include "index/xapian_status.h"
#include "ingest/document.h"

namespace meute::index::internal {
namespace {

using Q = Xapian::Query;
using ingest::Language;
using ingest::Token;

// How many field values a partial value (financeur:ademe) may expand to.
constexpr int kMaxValueExpansions = 50;
// How many terms a prefix query (robot*) may expand to.
constexpr Xapian::termcount kMaxWildcardExpansions = 100;

struct Part {
  enum Kind { kNone, kPositive, kFilter, kNegative, kStopOnly };
  Kind kind = kNone;
  Q query;
  bool required = false;                // +word: kept when the query is relaxed.
  bool weightless = false;              // Matches everything (a query of negations only).
  std::vector<std::string> stop_forms;  // kStopOnly: the words, as forms.
};

// One word of the query, analysed in both languages.
struct WordAnalysis {
  std::vector<Token> parts;                        // French tokens, compound joins left out.
  std::vector<std::vector<std::string>> en_stems;  // English stems of each part.
  std::vector<bool> stop;                          // Stop word in either language.
  std::vector<Token> joined;                       // Compound joins ("midipyrenees").
  std::vector<std::vector<std::string>> joined_en_stems;
};

std::string Prefixed(absl::string_view prefix, absl::string_view term) {
  return absl::StrCat(prefix, term);
}

Q Combine(Q::op op, std::vector<Q> qs) {
  if (qs.empty()) return Q();
  if (qs.size() == 1) return qs[0];
  return Q(op, qs.begin(), qs.end());
}

// Expands a date bound: YYYY, YYYY-MM or YYYY-MM-DD, to YYYYMMDD (the first
// day for a low bound, the last for a high one). nullopt if it does not parse.
std::optional<std::string> DateBound(absl::string_view s, bool high) {
  auto digits = [](absl::string_view d) {
    return !d.empty() &&
           std::all_of(d.begin(), d.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  if (s.size() >= 4 && digits(s.substr(0, 4))) {
    const std::string year(s.substr(0, 4));
    if (s.size() == 4) return year + (high ? "1231" : "0101");
    if (s.size() == 7 && s[4] == '-' && digits(s.substr(5, 2))) {
      const int month = (s[5] - '0') * 10 + (s[6] - '0');
      if (month < 1 || month > 12) return std::nullopt;
      return absl::StrCat(year, s.substr(5, 2), high ? "31" : "01");
    }
    if (ingest::IsValidDate(s)) return DateValue(s);
  }
  return std::nullopt;
}

// "250000", "250k", "1.5M", "2 M€" -> euros.
std::optional<double> BudgetBound(absl::string_view s) {
  std::string t;
  for (char c : s) {
    if (c != ' ' && c != '_') t.push_back(c);
  }
  if (absl::EndsWith(t, "\xE2\x82\xAC")) t.resize(t.size() - 3);  // €
  double scale = 1;
  if (!t.empty() && (t.back() == 'k' || t.back() == 'K')) {
    scale = 1e3;
    t.pop_back();
  } else if (!t.empty() && t.back() == 'M') {
    scale = 1e6;
    t.pop_back();
  }
  absl::StrReplaceAll({{",", "."}}, &t);
  double v = 0;
  if (t.empty() || !absl::SimpleAtod(t, &v) || v < 0) return std::nullopt;
  return v * scale;
}

class Builder {
 public:
  Builder(const BuildContext& ctx, BuiltQuery* out) : ctx_(ctx), out_(out) {}

  absl::StatusOr<Part> Build(const QueryNode& n, Field field);
  // The root: like Build(), and also makes the relaxed query.
  absl::StatusOr<Part> BuildRoot(const QueryNode& root);

  std::vector<std::pair<std::pair<size_t, size_t>, std::string>> corrections;

 private:
  struct AndParts {
    std::vector<Part> positives;
    std::vector<Q> filters;
    std::vector<Q> negatives;
    std::vector<std::string> stop_forms;
  };

  void Notice(std::string text) {
    if (std::find(out_->notices.begin(), out_->notices.end(), text) == out_->notices.end()) {
      out_->notices.push_back(std::move(text));
    }
  }

  WordAnalysis AnalyzeWord(absl::string_view text) const;
  Q TermGroup(const std::string& form, const std::vector<std::string>& stems,
              const std::vector<std::string>& en_stems, Field field, bool highlight);
  absl::StatusOr<Part> WordPart(const QueryNode& n, Field field);
  absl::StatusOr<Part> PhrasePart(absl::string_view text, Field field);
  absl::StatusOr<Part> FilterPart(Field field, const std::string& text);
  absl::StatusOr<Part> RangePart(const QueryNode& n);
  absl::StatusOr<AndParts> CollectAnd(const QueryNode& n, Field field);
  Part FinishAnd(AndParts parts, bool top_level);
  absl::StatusOr<Part> OrPart(const QueryNode& n, Field field);
  std::optional<Part> SynonymGroup(const std::vector<const QueryNode*>& run, size_t start,
                                   Field field, size_t* consumed);
  Q ExpressionQuery(const Synonyms::Expression& e, Field field);
  void MaybeSuggest(const QueryNode& n, const std::string& form,
                    const std::vector<std::string>& terms);

  const BuildContext& ctx_;
  BuiltQuery* out_;
};

WordAnalysis Builder::AnalyzeWord(absl::string_view text) const {
  WordAnalysis w;
  const std::vector<Token> fr = ctx_.analyzer->Analyze(text, Language::kFrench);
  const std::vector<Token> en = ctx_.analyzer->Analyze(text, Language::kEnglish);
  auto en_stems_of = [&](const Token& t) {
    for (const Token& e : en) {
      if (e.byte_begin == t.byte_begin && e.byte_end == t.byte_end && e.joined == t.joined) {
        return e.stems;
      }
    }
    return std::vector<std::string>{};
  };
  for (const Token& t : fr) {
    if (t.form.empty()) continue;
    if (t.joined) {
      w.joined.push_back(t);
      w.joined_en_stems.push_back(en_stems_of(t));
      continue;
    }
    w.parts.push_back(t);
    w.en_stems.push_back(en_stems_of(t));
    w.stop.push_back(t.stopword || ctx_.analyzer->IsStopword(t.form, Language::kEnglish));
  }
  return w;
}

Q Builder::TermGroup(const std::string& form, const std::vector<std::string>& stems,
                     const std::vector<std::string>& en_stems, Field field, bool highlight) {
  const bool title = field == Field::kTitle;
  const absl::string_view form_prefix = title ? kPrefixTitle : "";
  const absl::string_view stem_prefix = title ? kPrefixTitleStem : kPrefixStem;
  // The stems find every written form; the form itself is searched only for
  // words without stems (each extra term of an OP_SYNONYM costs a postlist
  // merge over all its documents).
  std::vector<std::string> terms;
  for (const std::vector<std::string>* list : {&stems, &en_stems}) {
    for (const std::string& s : *list) {
      std::string t = Prefixed(stem_prefix, s);
      if (std::find(terms.begin(), terms.end(), t) == terms.end()) terms.push_back(std::move(t));
    }
  }
  if (terms.empty()) terms.push_back(Prefixed(form_prefix, form));
  if (highlight) {
    out_->highlight_forms.insert(form);
    out_->highlight_stems.insert(stems.begin(), stems.end());
    out_->highlight_stems.insert(en_stems.begin(), en_stems.end());
  }
  if (terms.size() == 1) return Q(terms[0]);
  return Q(Q::OP_SYNONYM, terms.begin(), terms.end());
}

void Builder::MaybeSuggest(const QueryNode& n, const std::string& form,
                           const std::vector<std::string>& terms) {
  if (!ctx_.spelling || ctx_.db == nullptr || !IsSpellingWord(form)) return;
  std::string suggestion;
  (void)CallXapian("spelling", [&] {
    for (const std::string& t : terms) {
      if (ctx_.db->term_exists(t)) return;
    }
    suggestion = ctx_.db->get_spelling_suggestion(form, 2);
  });
  if (!suggestion.empty() && suggestion != form) {
    corrections.push_back({{n.begin, n.end}, suggestion});
  }
}

absl::StatusOr<Part> Builder::WordPart(const QueryNode& n, Field field) {
  if (field != Field::kNone && field != Field::kTitle) return FilterPart(field, n.text);
  const WordAnalysis w = AnalyzeWord(n.text);
  Part p;
  p.required = n.required;
  if (w.parts.empty()) return p;
  std::vector<size_t> content;
  for (size_t i = 0; i < w.parts.size(); ++i) {
    if (!w.stop[i]) content.push_back(i);
  }
  if (content.empty()) {
    p.kind = Part::kStopOnly;
    for (const Token& t : w.parts) p.stop_forms.push_back(t.form);
    return p;
  }
  p.kind = Part::kPositive;
  const absl::string_view form_prefix = field == Field::kTitle ? kPrefixTitle : "";
  if (n.wildcard && w.parts.size() == 1) {
    p.query = Q(Q::OP_WILDCARD, Prefixed(form_prefix, w.parts[0].form), kMaxWildcardExpansions,
                Q::WILDCARD_LIMIT_MOST_FREQUENT);
    return p;
  }
  if (content.size() == 1) {
    const size_t i = content[0];
    p.query = TermGroup(w.parts[i].form, w.parts[i].stems, w.en_stems[i], field, true);
    if (w.joined.empty()) {
      std::vector<std::string> terms = {w.parts[i].form};
      for (const std::string& s : w.parts[i].stems) terms.push_back(Prefixed(kPrefixStem, s));
      for (const std::string& s : w.en_stems[i]) terms.push_back(Prefixed(kPrefixStem, s));
      MaybeSuggest(n, w.parts[i].form, terms);
    }
  } else {
    // A compound or elided group typed as one word ("Midi-Pyrénées",
    // "R&D"): its parts as a phrase, or the joined form.
    std::vector<Q> forms;
    for (const Token& t : w.parts) {
      forms.emplace_back(Prefixed(form_prefix, t.form));
      out_->highlight_forms.insert(t.form);
    }
    p.query =
        Q(Q::OP_PHRASE, forms.begin(), forms.end(), static_cast<Xapian::termcount>(forms.size()));
  }
  if (!w.joined.empty() && content.size() > 1) {
    std::vector<Q> alternatives = {p.query};
    for (size_t j = 0; j < w.joined.size(); ++j) {
      alternatives.push_back(
          TermGroup(w.joined[j].form, w.joined[j].stems, w.joined_en_stems[j], field, true));
    }
    p.query = Combine(Q::OP_OR, std::move(alternatives));
  }
  return p;
}

absl::StatusOr<Part> Builder::PhrasePart(absl::string_view text, Field field) {
  if (field != Field::kNone && field != Field::kTitle) return FilterPart(field, std::string(text));
  const absl::string_view form_prefix = field == Field::kTitle ? kPrefixTitle : "";
  std::vector<Q> forms;
  for (const Token& t : ctx_.analyzer->Analyze(text, Language::kFrench)) {
    if (t.joined || t.form.empty()) continue;
    forms.emplace_back(Prefixed(form_prefix, t.form));
    out_->highlight_forms.insert(t.form);
  }
  Part p;
  if (forms.empty()) return p;
  p.kind = Part::kPositive;
  p.query = forms.size() == 1 ? forms[0]
                              : Q(Q::OP_PHRASE, forms.begin(), forms.end(),
                                  static_cast<Xapian::termcount>(forms.size()));
  return p;
}

absl::StatusOr<Part> Builder::FilterPart(Field field, const std::string& text) {
  Part p;
  p.kind = Part::kFilter;
  switch (field) {
    case Field::kKind: {
      const std::string kind = KindFromAlias(*ctx_.analyzer, text);
      if (kind.empty()) {
        return absl::InvalidArgumentError(absl::StrCat(
            "unknown kind \"", text, "\" in type: (known: cluster, member, call, news)"));
      }
      p.query = Q(Prefixed(kPrefixKind, kind));
      return p;
    }
    case Field::kLang: {
      const std::string v = NormalizeValue(*ctx_.analyzer, text);
      if (v == "fr" || v == "francais" || v == "french") {
        p.query = Q(Prefixed(kPrefixLang, "fr"));
      } else if (v == "en" || v == "anglais" || v == "english") {
        p.query = Q(Prefixed(kPrefixLang, "en"));
      } else {
        return absl::InvalidArgumentError(
            absl::StrCat("unknown language \"", text, "\" in lang: (known: fr, en)"));
      }
      return p;
    }
    case Field::kId:
      p.query = Q(Prefixed(kPrefixId, text));
      return p;
    default:
      break;
  }
  absl::string_view prefix;
  switch (field) {
    case Field::kCluster:
      prefix = kPrefixCluster;
      break;
    case Field::kFunder:
      prefix = kPrefixFunder;
      break;
    case Field::kSource:
      prefix = kPrefixSource;
      break;
    case Field::kTheme:
      prefix = kPrefixTheme;
      break;
    case Field::kSize:
      prefix = kPrefixSize;
      break;
    case Field::kCity:
      prefix = kPrefixCity;
      break;
    default:
      return absl::InternalError("not a filter field");
  }
  const std::string value = NormalizeValue(*ctx_.analyzer, text);
  if (value.empty()) {
    p.kind = Part::kNone;
    return p;
  }
  const std::string exact = Prefixed(prefix, value);
  std::vector<std::string> terms;
  absl::Status s = CallXapian("reading field values", [&] {
    if (ctx_.db->term_exists(exact)) {
      terms.push_back(exact);
      return;
    }
    // A part of a value: financeur:ademe finds "ADEME Occitanie".
    const std::string needle = absl::StrCat(" ", value, " ");
    const std::string prefix_str(prefix);
    for (auto it = ctx_.db->allterms_begin(prefix_str); it != ctx_.db->allterms_end(prefix_str);
         ++it) {
      const std::string term = *it;
      const std::string v = term.substr(prefix.size());
      if (absl::StrCat(" ", v, " ").find(needle) != std::string::npos) terms.push_back(term);
      if (static_cast<int>(terms.size()) >= kMaxValueExpansions) break;
    }
  });
  if (!s.ok()) return s;
  if (terms.empty()) {
    Notice(absl::StrCat("no record has ", FieldName(field), " \"", text, "\""));
    terms.push_back(exact);
  }
  std::vector<Q> qs;
  for (const std::string& t : terms) qs.emplace_back(t);
  p.query = Combine(Q::OP_OR, std::move(qs));
  return p;
}

absl::StatusOr<Part> Builder::RangePart(const QueryNode& n) {
  Part p;
  const std::string name(FieldName(n.field));
  if (n.low.empty() && n.high.empty()) {
    Notice(absl::StrCat(name, ": empty range ignored"));
    return p;
  }
  p.kind = Part::kFilter;
  if (n.field == Field::kBudget) {
    std::optional<double> lo, hi;
    for (auto [bound, out] : {std::pair{&n.low, &lo}, std::pair{&n.high, &hi}}) {
      if (bound->empty()) continue;
      *out = BudgetBound(*bound);
      if (!out->has_value()) {
        return absl::InvalidArgumentError(absl::StrCat(
            "budget: expected an amount in euros (250000, 250k, 1.5M), got \"", *bound, "\""));
      }
    }
    const std::string low = lo ? Xapian::sortable_serialise(*lo) : "";
    const std::string high = hi ? Xapian::sortable_serialise(*hi) : "";
    if (!lo) {
      p.query = Q(Q::OP_VALUE_LE, kSlotBudget, high);
    } else if (!hi) {
      p.query = Q(Q::OP_VALUE_GE, kSlotBudget, low);
    } else {
      p.query = Q(Q::OP_VALUE_RANGE, kSlotBudget, low, high);
    }
    return p;
  }
  const unsigned slot = n.field == Field::kDate       ? kSlotDate
                        : n.field == Field::kDeadline ? kSlotDeadline
                                                      : kSlotOpens;
  std::string low = "00000101", high = "99991231";  // Leave the sentinels out.
  if (!n.low.empty()) {
    std::optional<std::string> b = DateBound(n.low, /*high=*/false);
    if (!b) {
      return absl::InvalidArgumentError(
          absl::StrCat(name, ": expected YYYY, YYYY-MM or YYYY-MM-DD, got \"", n.low, "\""));
    }
    low = *b;
  }
  if (!n.high.empty()) {
    std::optional<std::string> b = DateBound(n.high, /*high=*/true);
    if (!b) {
      return absl::InvalidArgumentError(
          absl::StrCat(name, ": expected YYYY, YYYY-MM or YYYY-MM-DD, got \"", n.high, "\""));
    }
    high = *b;
  }
  if (low > high) {
    return absl::InvalidArgumentError(
        absl::StrCat(name, ": the range ", n.low, "..", n.high, " is empty (start after end)"));
  }
  p.query = Q(Q::OP_VALUE_RANGE, slot, low, high);
  return p;
}

Q Builder::ExpressionQuery(const Synonyms::Expression& e, Field field) {
  const absl::string_view form_prefix = field == Field::kTitle ? kPrefixTitle : "";
  if (e.forms.size() == 1) {
    if (e.stems[0].empty()) return Q();  // A lone stop word would match everything.
    return TermGroup(e.forms[0], e.stems[0], {}, field, true);
  }
  bool content = false;
  std::vector<Q> forms;
  for (size_t k = 0; k < e.forms.size(); ++k) {
    forms.emplace_back(Prefixed(form_prefix, e.forms[k]));
    out_->highlight_forms.insert(e.forms[k]);
    content = content || !e.stems[k].empty();
  }
  if (!content) return Q();
  return Q(Q::OP_PHRASE, forms.begin(), forms.end(), static_cast<Xapian::termcount>(forms.size()));
}

std::optional<Part> Builder::SynonymGroup(const std::vector<const QueryNode*>& run, size_t start,
                                          Field field, size_t* consumed) {
  std::vector<Synonyms::Word> words;
  for (const QueryNode* n : run) {
    Synonyms::Word w;
    for (const Token& t : ctx_.analyzer->Analyze(n->text, Language::kFrench)) {
      if (t.joined || t.form.empty()) continue;
      w.forms.push_back(t.form);
      w.stems.push_back(t.stems);
    }
    words.push_back(std::move(w));
  }
  const Synonyms::Match m = ctx_.synonyms->Find(words, start);
  if (m.length == 0 || m.expansions.empty()) return std::nullopt;
  // What was typed, as usual (stop words dropped, kept if all are).
  std::vector<Q> typed;
  std::vector<std::string> typed_text;
  std::vector<std::string> stop_forms;
  bool required = false;
  for (size_t i = start; i < start + m.length; ++i) {
    absl::StatusOr<Part> p = WordPart(*run[i], field);
    typed_text.push_back(run[i]->text);
    required = required || run[i]->required;
    if (!p.ok()) return std::nullopt;
    if (p->kind == Part::kPositive) typed.push_back(p->query);
    if (p->kind == Part::kStopOnly) {
      stop_forms.insert(stop_forms.end(), p->stop_forms.begin(), p->stop_forms.end());
    }
  }
  std::vector<Q> alternatives;
  // The same query twice ("hydrogène" and "hydrogen" share a stem) would
  // only cost another postlist merge.
  std::set<std::string> queries;
  if (!typed.empty()) {
    alternatives.push_back(Combine(Q::OP_AND, typed));
    queries.insert(alternatives.back().get_description());
  }
  std::vector<std::string> names;
  std::set<std::vector<std::string>> seen;
  for (const Synonyms::Expression* e : m.expansions) {
    if (!seen.insert(e->forms).second) continue;
    Q q = ExpressionQuery(*e, field);
    if (q.empty()) continue;
    names.push_back(e->text);
    if (!queries.insert(q.get_description()).second) continue;
    alternatives.push_back(std::move(q));
  }
  if (alternatives.empty() || names.empty()) return std::nullopt;
  out_->expansions.push_back(
      absl::StrCat(absl::StrJoin(typed_text, " "), " -> ", absl::StrJoin(names, ", ")));
  *consumed = m.length;
  Part p;
  p.kind = Part::kPositive;
  p.required = required;
  p.query = Q(Q::OP_SYNONYM, alternatives.begin(), alternatives.end());
  return p;
}

absl::StatusOr<Builder::AndParts> Builder::CollectAnd(const QueryNode& n, Field field) {
  AndParts parts;
  auto add = [&](Part p) {
    switch (p.kind) {
      case Part::kNone:
        break;
      case Part::kPositive:
        parts.positives.push_back(std::move(p));
        break;
      case Part::kFilter:
        parts.filters.push_back(std::move(p.query));
        break;
      case Part::kNegative:
        parts.negatives.push_back(std::move(p.query));
        break;
      case Part::kStopOnly:
        parts.stop_forms.insert(parts.stop_forms.end(), p.stop_forms.begin(), p.stop_forms.end());
        break;
    }
  };
  const bool text_field = field == Field::kNone || field == Field::kTitle;
  size_t i = 0;
  while (i < n.children.size()) {
    const QueryNode& c = n.children[i];
    if (ctx_.synonyms != nullptr && text_field && c.type == QueryNode::Type::kWord && !c.wildcard) {
      // A run of plain words: try synonym expressions over it.
      std::vector<const QueryNode*> run;
      size_t j = i;
      while (j < n.children.size() && n.children[j].type == QueryNode::Type::kWord &&
             !n.children[j].wildcard) {
        run.push_back(&n.children[j]);
        ++j;
      }
      size_t k = 0;
      while (k < run.size()) {
        size_t consumed = 0;
        if (std::optional<Part> g = SynonymGroup(run, k, field, &consumed); g.has_value()) {
          add(*std::move(g));
          k += consumed;
          continue;
        }
        absl::StatusOr<Part> p = WordPart(*run[k], field);
        if (!p.ok()) return p.status();
        add(*std::move(p));
        ++k;
      }
      i = j;
      continue;
    }
    absl::StatusOr<Part> p = Build(c, field);
    if (!p.ok()) return p.status();
    add(*std::move(p));
    ++i;
  }
  return parts;
}

Part Builder::FinishAnd(AndParts parts, bool top_level) {
  Part p;
  if (parts.positives.empty() && parts.filters.empty() && !parts.stop_forms.empty()) {
    // Only stop words: search them as words rather than nothing.
    Notice("only common words in the query: searched them as they are");
    std::vector<Q> qs;
    for (const std::string& f : parts.stop_forms) qs.emplace_back(f);
    Part s;
    s.kind = Part::kPositive;
    s.query = Combine(Q::OP_AND, std::move(qs));
    for (const std::string& f : parts.stop_forms) out_->highlight_forms.insert(f);
    parts.positives.push_back(std::move(s));
  }
  (void)top_level;
  std::vector<Q> pos;
  bool required = false;
  for (const Part& x : parts.positives) {
    pos.push_back(x.query);
    required = required || x.required;
  }
  Q flt = Combine(Q::OP_AND, parts.filters);
  if (!pos.empty()) {
    p.kind = Part::kPositive;
    p.query = Combine(Q::OP_AND, pos);
    if (!flt.empty()) p.query = Q(Q::OP_FILTER, p.query, flt);
  } else if (!flt.empty()) {
    p.kind = Part::kFilter;
    p.query = flt;
  } else if (!parts.negatives.empty()) {
    p.kind = Part::kPositive;
    p.weightless = true;
    p.query = Q::MatchAll;
  } else {
    return p;
  }
  p.required = required;
  if (!parts.negatives.empty()) {
    p.query = Q(Q::OP_AND_NOT, p.query, Combine(Q::OP_OR, parts.negatives));
  }
  return p;
}

absl::StatusOr<Part> Builder::OrPart(const QueryNode& n, Field field) {
  std::vector<Q> qs;
  std::vector<std::string> stop_forms;
  bool all_filters = true;
  for (const QueryNode& c : n.children) {
    absl::StatusOr<Part> p = Build(c, field);
    if (!p.ok()) return p.status();
    switch (p->kind) {
      case Part::kNone:
        break;
      case Part::kStopOnly:
        stop_forms.insert(stop_forms.end(), p->stop_forms.begin(), p->stop_forms.end());
        break;
      case Part::kNegative:
        qs.push_back(Q(Q::OP_AND_NOT, Q::MatchAll, p->query));
        all_filters = false;
        break;
      case Part::kFilter:
        qs.push_back(p->query);
        break;
      case Part::kPositive:
        qs.push_back(p->query);
        all_filters = false;
        break;
    }
  }
  Part p;
  if (qs.empty()) {
    if (!stop_forms.empty()) {
      p.kind = Part::kStopOnly;
      p.stop_forms = std::move(stop_forms);
    }
    return p;
  }
  p.kind = all_filters ? Part::kFilter : Part::kPositive;
  p.query = Combine(Q::OP_OR, std::move(qs));
  return p;
}

absl::StatusOr<Part> Builder::Build(const QueryNode& n, Field field) {
  switch (n.type) {
    case QueryNode::Type::kWord:
      return WordPart(n, field);
    case QueryNode::Type::kPhrase:
      return PhrasePart(n.text, field);
    case QueryNode::Type::kField: {
      if (n.children.empty()) return Part{};
      absl::StatusOr<Part> p = Build(n.children[0], n.field);
      if (p.ok() && p->kind == Part::kStopOnly && n.field == Field::kTitle) {
        // titre:le -> the title words as they are.
        std::vector<Q> qs;
        for (const std::string& f : p->stop_forms) qs.emplace_back(Prefixed(kPrefixTitle, f));
        p->kind = Part::kPositive;
        p->query = Combine(Q::OP_AND, std::move(qs));
      }
      return p;
    }
    case QueryNode::Type::kRange:
      return RangePart(n);
    case QueryNode::Type::kNot: {
      if (n.children.empty()) return Part{};
      absl::StatusOr<Part> inner = Build(n.children[0], field);
      if (!inner.ok()) return inner.status();
      Part p;
      if (inner->kind == Part::kNone || inner->kind == Part::kStopOnly) return p;
      p.kind = inner->kind == Part::kNegative ? Part::kPositive : Part::kNegative;
      p.query = inner->query;  // NOT NOT x: the parser folds these; keep x.
      return p;
    }
    case QueryNode::Type::kOr:
      return OrPart(n, field);
    case QueryNode::Type::kAnd: {
      absl::StatusOr<AndParts> parts = CollectAnd(n, field);
      if (!parts.ok()) return parts.status();
      return FinishAnd(*std::move(parts), false);
    }
  }
  return Part{};
}

absl::StatusOr<Part> Builder::BuildRoot(const QueryNode& root) {
  if (root.type != QueryNode::Type::kAnd) return Build(root, Field::kNone);
  absl::StatusOr<AndParts> collected = CollectAnd(root, Field::kNone);
  if (!collected.ok()) return collected.status();
  AndParts parts = *std::move(collected);
  // The relaxed query: required parts AND_MAYBE the OR of the optional ones.
  if (root.implicit && parts.positives.size() >= 2) {
    std::vector<Q> required, optional;
    for (const Part& x : parts.positives) (x.required ? required : optional).push_back(x.query);
    if (optional.size() >= 2 || (optional.size() == 1 && !required.empty())) {
      Q r = required.empty()
                ? Combine(Q::OP_OR, optional)
                : Q(Q::OP_AND_MAYBE, Combine(Q::OP_AND, required), Combine(Q::OP_OR, optional));
      if (!parts.filters.empty()) r = Q(Q::OP_FILTER, r, Combine(Q::OP_AND, parts.filters));
      if (!parts.negatives.empty()) {
        r = Q(Q::OP_AND_NOT, r, Combine(Q::OP_OR, parts.negatives));
      }
      out_->relaxed = r;
      out_->relaxable = true;
    }
  }
  return FinishAnd(std::move(parts), true);
}

}  // namespace

absl::StatusOr<BuiltQuery> BuildQuery(const ParsedQuery& parsed, absl::string_view raw_query,
                                      const BuildContext& ctx) {
  BuiltQuery out;
  out.notices = parsed.notices;
  Builder b(ctx, &out);
  absl::StatusOr<Part> root = b.BuildRoot(parsed.root);
  if (!root.ok()) return root.status();
  switch (root->kind) {
    case Part::kNone:
    case Part::kStopOnly:
      out.strict = Q::MatchAll;
      break;
    case Part::kNegative:
      out.strict = Q(Q::OP_AND_NOT, Q::MatchAll, root->query);
      break;
    case Part::kFilter:
    case Part::kPositive:
      out.strict = root->query;
      break;
  }
  out.weighted = root->kind == Part::kPositive && !root->weightless;
  if (!b.corrections.empty()) {
    std::string s(raw_query);
    std::sort(b.corrections.begin(), b.corrections.end());
    for (auto it = b.corrections.rbegin(); it != b.corrections.rend(); ++it) {
      const auto [begin, end] = it->first;
      if (end <= s.size() && begin <= end) s.replace(begin, end - begin, it->second);
    }
    out.suggestion = std::move(s);
  }
  return out;
}

}  // namespace meute::index::internal
