#include "index/synonyms.h"

#include <algorithm>
#include <set>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "base/file_util.h"

namespace meute::index {
namespace {

bool SameToken(const std::string& form_a, const std::vector<std::string>& stems_a,
               const std::string& form_b, const std::vector<std::string>& stems_b) {
  if (form_a == form_b) return true;
  for (const std::string& s : stems_a) {
    if (std::find(stems_b.begin(), stems_b.end(), s) != stems_b.end()) return true;
  }
  return false;
}

}  // namespace

absl::StatusOr<Synonyms> Synonyms::Parse(absl::string_view content, absl::string_view file_name,
                                         const ingest::Analyzer& analyzer) {
  // A rule as written: its line and the raw expressions of each side.
  struct RawRule {
    int line_no = 0;
    bool one_way = false;
    std::vector<absl::string_view> left, right;
  };
  std::vector<RawRule> raw_rules;
  // Every expression, analysed in one Analyze() call (one break iterator for
  // the whole file, not one per expression: most of a search's start-up went
  // there): each is followed by a separator no analysis rule crosses, and its
  // tokens are those within its bytes.
  static constexpr absl::string_view kSeparator = "\n;\n";
  std::string joined;
  std::vector<std::pair<size_t, size_t>> spans;  // [begin, end) of each expression in `joined`.
  auto split_side = [&](absl::string_view side, std::vector<absl::string_view>* out) {
    for (absl::string_view raw : absl::StrSplit(side, ',')) {
      raw = absl::StripAsciiWhitespace(raw);
      if (raw.empty()) continue;
      out->push_back(raw);
      spans.emplace_back(joined.size(), joined.size() + raw.size());
      absl::StrAppend(&joined, raw, kSeparator);
    }
  };
  int line_no = 0;
  for (absl::string_view line : absl::StrSplit(content, '\n')) {
    ++line_no;
    line = absl::StripAsciiWhitespace(line);
    if (line.empty() || line[0] == '#') continue;
    RawRule rule;
    rule.line_no = line_no;
    const size_t arrow = line.find("=>");
    rule.one_way = arrow != absl::string_view::npos;
    if (rule.one_way) {
      split_side(line.substr(0, arrow), &rule.left);
      split_side(line.substr(arrow + 2), &rule.right);
    } else {
      split_side(line, &rule.left);
    }
    raw_rules.push_back(std::move(rule));
  }
  std::vector<Expression> analysed(spans.size());
  size_t next = 0;  // Expression the next token may belong to.
  for (ingest::Token& t : analyzer.Analyze(joined, ingest::Language::kFrench)) {
    while (next < spans.size() && t.byte_begin >= spans[next].second) ++next;
    if (next == spans.size()) break;
    if (t.byte_begin < spans[next].first || t.byte_end > spans[next].second) continue;
    if (t.joined || t.form.empty()) continue;
    analysed[next].forms.push_back(std::move(t.form));
    analysed[next].stems.push_back(std::move(t.stems));
  }

  Synonyms out;
  size_t index = 0;
  for (const RawRule& rule : raw_rules) {
    auto error = [&](absl::string_view what) {
      return absl::InvalidArgumentError(absl::StrCat(file_name, ":", rule.line_no, ": ", what));
    };
    auto take = [&](const std::vector<absl::string_view>& raws,
                    std::vector<Expression>* exprs) -> absl::Status {
      for (absl::string_view raw : raws) {
        Expression e = std::move(analysed[index++]);
        e.text = std::string(raw);
        if (e.forms.empty()) return error(absl::StrCat("\"", raw, "\" has no words"));
        exprs->push_back(std::move(e));
      }
      return absl::OkStatus();
    };
    std::vector<Expression> left, right;
    if (absl::Status s = take(rule.left, &left); !s.ok()) return s;
    if (absl::Status s = take(rule.right, &right); !s.ok()) return s;
    if (rule.one_way) {
      if (left.empty() || right.empty()) {
        return error("a rule with \"=>\" needs expressions on both sides");
      }
      out.AddRule(std::move(left), std::move(right), /*one_way=*/true);
    } else {
      if (left.size() < 2) {
        return error("a rule needs at least two expressions separated by commas");
      }
      out.AddRule(std::move(left), {}, /*one_way=*/false);
    }
  }
  return out;
}

absl::StatusOr<Synonyms> Synonyms::Load(absl::string_view path, const ingest::Analyzer& analyzer) {
  absl::StatusOr<std::string> content = ReadFileToString(path);
  if (!content.ok()) {
    return absl::Status(content.status().code(), absl::StrCat("reading synonyms \"", path,
                                                              "\": ", content.status().message()));
  }
  return Parse(*content, path, analyzer);
}

void Synonyms::AddRule(std::vector<Expression> left, std::vector<Expression> right, bool one_way) {
  Rule rule;
  const size_t rule_index = rules_.size();
  for (Expression& e : left) {
    rule.triggers.push_back(expressions_.size());
    rule.expansions.push_back(expressions_.size());
    expressions_.push_back(std::move(e));
  }
  for (Expression& e : right) {
    rule.expansions.push_back(expressions_.size());
    if (!one_way) rule.triggers.push_back(expressions_.size());
    expressions_.push_back(std::move(e));
  }
  for (size_t t : rule.triggers) {
    const Expression& e = expressions_[t];
    by_first_form_[e.forms[0]].emplace_back(rule_index, t);
    for (const std::string& s : e.stems[0]) by_first_stem_[s].emplace_back(rule_index, t);
  }
  rules_.push_back(std::move(rule));
}

// Serialize(): one line per rule; its expressions separated by \x1d, the
// first field being how many are triggers-only ("left"); an expression is its
// text, then its tokens, separated by \x1c; a token is its form then its
// stems, separated by \x1f.
std::string Synonyms::Serialize() const {
  std::string out;
  for (const Rule& r : rules_) {
    std::vector<size_t> right;
    for (size_t e : r.expansions) {
      if (std::find(r.triggers.begin(), r.triggers.end(), e) == r.triggers.end()) {
        right.push_back(e);
      }
    }
    absl::StrAppend(&out, r.triggers.size(), right.empty() ? "=" : ">");
    auto add = [&](size_t index) {
      const Expression& e = expressions_[index];
      absl::StrAppend(&out, "\x1d", e.text);
      for (size_t t = 0; t < e.forms.size(); ++t) {
        absl::StrAppend(&out, "\x1c", e.forms[t]);
        for (const std::string& stem : e.stems[t]) absl::StrAppend(&out, "\x1f", stem);
      }
    };
    for (size_t t : r.triggers) add(t);
    for (size_t e : right) add(e);
    out += '\n';
  }
  return out;
}

absl::StatusOr<Synonyms> Synonyms::Deserialize(absl::string_view bytes) {
  Synonyms out;
  for (absl::string_view line : absl::StrSplit(bytes, '\n', absl::SkipEmpty())) {
    std::vector<absl::string_view> fields = absl::StrSplit(line, '\x1d');
    size_t left = 0;
    const absl::string_view head = fields[0];
    if (head.size() < 2 || !absl::SimpleAtoi(head.substr(0, head.size() - 1), &left) || left == 0 ||
        left >= fields.size()) {
      return absl::DataLossError("damaged built-in synonyms table");
    }
    const bool one_way = head.back() == '>';
    std::vector<Expression> triggers, right;
    for (size_t f = 1; f < fields.size(); ++f) {
      std::vector<absl::string_view> parts = absl::StrSplit(fields[f], '\x1c');
      Expression e;
      e.text = std::string(parts[0]);
      for (size_t p = 1; p < parts.size(); ++p) {
        std::vector<std::string> token = absl::StrSplit(parts[p], '\x1f');
        e.forms.push_back(std::move(token[0]));
        e.stems.emplace_back(std::make_move_iterator(token.begin() + 1),
                             std::make_move_iterator(token.end()));
      }
      if (e.forms.empty()) return absl::DataLossError("damaged built-in synonyms table");
      (f <= left ? triggers : right).push_back(std::move(e));
    }
    if (one_way) {
      out.AddRule(std::move(triggers), std::move(right), /*one_way=*/true);
    } else {
      out.AddRule(std::move(triggers), {}, /*one_way=*/false);
    }
  }
  return out;
}

void Synonyms::Merge(const Synonyms& other) {
  for (const Rule& r : other.rules_) {
    std::vector<Expression> left;
    std::vector<Expression> right;
    // Re-add as a one-way rule from triggers to expansions: equivalent to the
    // original in both cases.
    for (size_t t : r.triggers) left.push_back(other.expressions_[t]);
    for (size_t e : r.expansions) {
      if (std::find(r.triggers.begin(), r.triggers.end(), e) == r.triggers.end()) {
        right.push_back(other.expressions_[e]);
      }
    }
    if (right.empty()) {
      AddRule(std::move(left), {}, /*one_way=*/false);
    } else {
      AddRule(std::move(left), std::move(right), /*one_way=*/true);
    }
  }
}

Synonyms::Match Synonyms::Find(const std::vector<Word>& words, size_t start) const {
  Match best;
  if (start >= words.size() || words[start].forms.empty()) return best;
  // Flatten the tokens from `start` on, remembering where each word ends.
  std::vector<const std::string*> forms;
  std::vector<const std::vector<std::string>*> stems;
  std::vector<size_t> word_end;  // Token count after each word.
  for (size_t w = start; w < words.size() && forms.size() < 16; ++w) {
    for (size_t k = 0; k < words[w].forms.size(); ++k) {
      forms.push_back(&words[w].forms[k]);
      stems.push_back(&words[w].stems[k]);
    }
    word_end.push_back(forms.size());
  }
  std::set<std::pair<size_t, size_t>> candidates;
  if (auto it = by_first_form_.find(*forms[0]); it != by_first_form_.end()) {
    candidates.insert(it->second.begin(), it->second.end());
  }
  for (const std::string& s : *stems[0]) {
    if (auto it = by_first_stem_.find(s); it != by_first_stem_.end()) {
      candidates.insert(it->second.begin(), it->second.end());
    }
  }
  std::vector<size_t> best_rules;
  for (const auto& [rule, trigger] : candidates) {
    const Expression& e = expressions_[trigger];
    if (e.forms.size() > forms.size()) continue;
    bool ok = true;
    for (size_t k = 0; k < e.forms.size() && ok; ++k) {
      ok = SameToken(*forms[k], *stems[k], e.forms[k], e.stems[k]);
    }
    if (!ok) continue;
    const auto end = std::find(word_end.begin(), word_end.end(), e.forms.size());
    if (end == word_end.end()) continue;  // Ends inside a word.
    const size_t length = static_cast<size_t>(end - word_end.begin()) + 1;
    if (length > best.length) {
      best.length = length;
      best_rules.clear();
    }
    if (length == best.length) best_rules.push_back(rule);
  }
  std::set<size_t> seen;
  for (size_t rule : best_rules) {
    for (size_t e : rules_[rule].expansions) {
      if (!seen.insert(e).second) continue;
      const Expression& x = expressions_[e];
      // Skip what the user typed itself.
      if (x.forms.size() == word_end[best.length - 1]) {
        bool same = true;
        for (size_t k = 0; k < x.forms.size() && same; ++k) same = x.forms[k] == *forms[k];
        if (same) continue;
      }
      best.expansions.push_back(&x);
    }
  }
  return best;
}

}  // namespace meute::index
