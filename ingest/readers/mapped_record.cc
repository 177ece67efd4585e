#include "ingest/readers/mapped_record.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <set>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "ingest/french_date.h"
#include "ingest/readers/html_text.h"
#include "ingest/readers/reader_common.h"

namespace meute::ingest::internal {
namespace {

using json = nlohmann::json;

void Collect(const json& v, std::vector<std::string>* out, int depth) {
  if (depth > 8) return;
  if (v.is_string()) {
    std::string s = v.get<std::string>();
    if (!absl::StripAsciiWhitespace(s).empty()) out->push_back(std::move(s));
  } else if (v.is_boolean()) {
    out->push_back(v.get<bool>() ? "true" : "false");
  } else if (v.is_number()) {
    out->push_back(v.dump());
  } else if (v.is_array()) {
    for (const json& e : v) Collect(e, out, depth + 1);
  }
}

void CollectPath(const json& v, const std::vector<std::string>& parts, size_t i,
                 std::vector<std::string>* out, int depth) {
  if (depth > 16) return;
  if (i == parts.size()) {
    Collect(v, out, 0);
    return;
  }
  if (v.is_object()) {
    auto it = v.find(parts[i]);
    if (it != v.end()) CollectPath(*it, parts, i + 1, out, depth + 1);
  } else if (v.is_array()) {
    for (const json& e : v) CollectPath(e, parts, i, out, depth + 1);
  }
}

std::string Excerpt(absl::string_view s) {
  std::string e(s.substr(0, 60));
  TruncateUtf8(&e, 57);
  if (s.size() > 60) e += "...";
  return e;
}

// Lower case with the accents of French folded, for matching words.
std::string FoldWord(absl::string_view s) {
  std::string out = absl::AsciiStrToLower(absl::StripAsciiWhitespace(s));
  static const std::pair<const char*, const char*> kAccents[] = {
      {"\xC3\xA9", "e"}, {"\xC3\xA8", "e"}, {"\xC3\xAA", "e"}, {"\xC3\xA0", "a"},
      {"\xC3\xA2", "a"}, {"\xC3\xB4", "o"}, {"\xC3\xAE", "i"}, {"\xC3\xBB", "u"},
      {"\xC3\xA7", "c"}, {"\xC3\x89", "e"}, {"\xC3\x94", "o"}, {"\xE2\x80\x99", "'"},
  };
  for (const auto& [from, to] : kAccents) absl::StrReplaceAll({{from, to}}, &out);
  return out;
}

}  // namespace

std::vector<std::string> ValuesAt(const json& obj, absl::string_view path) {
  std::vector<std::string> out;
  if (!obj.is_object()) return out;
  auto it = obj.find(std::string(path));
  if (it != obj.end()) {
    Collect(*it, &out, 0);
    return out;
  }
  if (path.find('.') == absl::string_view::npos) return out;
  const std::vector<std::string> parts = absl::StrSplit(path, '.');
  CollectPath(obj, parts, 0, &out, 0);
  return out;
}

std::optional<Kind> ParseKindName(absl::string_view name) {
  const std::string k = FoldWord(name);
  if (std::optional<Kind> kind = ParseKind(k)) return kind;
  if (k == "appel" || k == "appel a projets" || k == "appel a projet" || k == "aap" || k == "ami" ||
      k == "aide" || k == "appel a manifestation d'interet") {
    return Kind::kCall;
  }
  if (k == "actualite" || k == "actualites" || k == "article" || k == "nouvelle") {
    return Kind::kNews;
  }
  if (k == "membre" || k == "adherent" || k == "entreprise") return Kind::kMember;
  if (k == "pole" || k == "pole de competitivite" || k == "grappe") return Kind::kCluster;
  return std::nullopt;
}

std::optional<double> ParseEuros(absl::string_view text) {
  std::string s = FoldWord(text);
  double multiplier = 1;
  std::string digits;
  bool seen_digit = false;
  size_t i = 0;
  for (; i < s.size(); ++i) {
    const char c = s[i];
    if (c >= '0' && c <= '9') {
      digits += c;
      seen_digit = true;
    } else if ((c == ',' || c == '.') && seen_digit) {
      // A group separator is followed by exactly three digits and then no more
      // digits; anything else is a decimal separator.
      size_t d = i + 1;
      while (d < s.size() && s[d] >= '0' && s[d] <= '9') ++d;
      const bool group = d - (i + 1) == 3 && c == '.' && digits.find('.') == std::string::npos;
      if (!group) {
        if (digits.find('.') != std::string::npos) return std::nullopt;
        digits += '.';
      }
    } else if (c == ' ' || c == '\'') {
      continue;
    } else if (static_cast<unsigned char>(c) >= 0x80) {
      // No-break spaces and the euro sign.
      continue;
    } else {
      break;
    }
  }
  if (!seen_digit) return std::nullopt;
  absl::string_view rest = absl::StripAsciiWhitespace(absl::string_view(s).substr(i));
  if (absl::StartsWith(rest, "md") || absl::StartsWith(rest, "milliard")) {
    multiplier = 1e9;
  } else if (absl::StartsWith(rest, "m") && !absl::StartsWith(rest, "mois")) {
    multiplier = 1e6;
  } else if (absl::StartsWith(rest, "k")) {
    multiplier = 1e3;
  } else if (!rest.empty() && !absl::StartsWith(rest, "eur") && !absl::StartsWith(rest, "ht") &&
             !absl::StartsWith(rest, "ttc") && !absl::StartsWith(rest, "d'euro") &&
             !absl::StartsWith(rest, "(")) {
    return std::nullopt;
  }
  char* end = nullptr;
  const double v = std::strtod(digits.c_str(), &end);
  if (end == nullptr || *end != '\0' || !std::isfinite(v) || v < 0) return std::nullopt;
  return v * multiplier;
}

bool MapRecord(const json& obj, const Mapping& mapping, std::optional<Kind> default_kind,
               Document* doc, std::vector<FieldProblem>* problems) {
  bool ok = true;
  auto warn = [&](absl::string_view field, std::string what) {
    problems->push_back({false, absl::StrCat("field \"", field, "\": ", what)});
  };
  auto fail = [&](absl::string_view field, std::string what) {
    problems->push_back({true, absl::StrCat("field \"", field, "\": ", what)});
    ok = false;
  };

  // Raw values of each mapped field, then defaults for the empty ones.
  std::map<std::string, std::vector<std::string>> values;
  std::set<std::string> used_columns;
  for (const auto& [field, src] : mapping.fields) {
    std::vector<std::string>& v = values[field];
    for (const std::string& column : src.from) {
      used_columns.insert(column);
      used_columns.insert(column.substr(0, column.find('.')));
      for (std::string& value : ValuesAt(obj, column)) {
        if (src.html) value = HtmlFragmentToText(value);
        if (IsListField(field)) {
          const std::string& sep = src.split.empty() ? mapping.list_separator : src.split;
          for (absl::string_view item : absl::StrSplit(value, sep)) {
            std::string clean = CollapseWhitespace(item);
            if (!clean.empty()) v.push_back(src.prefix + clean);
          }
        } else if (!absl::StripAsciiWhitespace(value).empty()) {
          v.push_back(src.prefix + std::string(absl::StripAsciiWhitespace(value)));
        }
      }
    }
  }
  for (const auto& [field, constant] : mapping.defaults) {
    std::vector<std::string>& v = values[field];
    if (v.empty()) v = constant;
  }

  auto one = [&](const std::string& field) -> std::string {
    auto it = values.find(field);
    if (it == values.end() || it->second.empty()) return "";
    if (field == "text") return absl::StrJoin(it->second, "\n\n");
    // Identifiers and codes: the first value found.
    if (field == "id" || field == "kind" || field == "lang" || field == "size" ||
        field == "budget_eur") {
      return CollapseWhitespace(it->second.front());
    }
    if (field == "url") {
      // Addresses have no spaces ("https: //..." as some exports write them).
      std::string url;
      for (char c : it->second.front()) {
        if (!absl::ascii_isspace(static_cast<unsigned char>(c))) url += c;
      }
      return url;
    }
    // Several columns for a one-line field: join them.
    std::string joined = absl::StrJoin(it->second, field == "title" ? " " : "; ");
    return CollapseWhitespace(joined);
  };

  // kind
  const std::string kind_text = one("kind");
  if (kind_text.empty()) {
    if (default_kind) {
      doc->kind = *default_kind;
    } else {
      fail("kind", "missing (map a column to kind, or set kind in [defaults])");
    }
  } else if (std::optional<Kind> kind = ParseKindName(kind_text)) {
    doc->kind = *kind;
  } else {
    fail("kind",
         absl::StrCat("expected call, news, member or cluster, got \"", Excerpt(kind_text), "\""));
  }

  doc->id = one("id");
  doc->title = one("title");
  doc->text = one("text");
  doc->url = one("url");
  doc->source = one("source");
  doc->name = one("name");
  doc->city = one("city");
  doc->organisation = one("organisation");
  doc->funder = one("funder");
  doc->programme = one("programme");
  doc->sectors = values["sectors"];
  doc->clusters = values["clusters"];
  doc->skills = values["skills"];
  doc->themes = values["themes"];

  if (std::string lang = one("lang"); !lang.empty()) {
    doc->lang = NormalizeLanguageTag(lang);
    if (doc->lang.empty()) {
      warn("lang", absl::StrCat("expected a language code such as fr or en, got \"", Excerpt(lang),
                                "\", dropped"));
    }
  }
  if (std::string size = one("size"); !size.empty()) {
    for (const char* s : kMemberSizes) {
      if (absl::EqualsIgnoreCase(size, s)) doc->size = s;
    }
    if (doc->size.empty()) {
      warn("size", absl::StrCat("expected TPE, PME, ETI, GE or laboratoire, got \"", Excerpt(size),
                                "\", dropped"));
    }
  }
  if (std::string budget = one("budget_eur"); !budget.empty()) {
    if (std::optional<double> euros = ParseEuros(budget)) {
      doc->budget_eur = *euros;
    } else {
      warn("budget_eur",
           absl::StrCat("expected an amount of euros, got \"", Excerpt(budget), "\", dropped"));
    }
  }
  for (auto [field, out] : {std::pair<const char*, std::string*>{"date", &doc->date},
                            {"opens", &doc->opens},
                            {"deadline", &doc->deadline}}) {
    auto it = values.find(field);
    if (it != values.end()) {
      for (const std::string& v : it->second) {
        if (std::optional<std::string> d = ParseDate(v)) {
          *out = *d;
          break;
        }
      }
      if (out->empty() && !it->second.empty()) {
        warn(field, absl::StrCat("could not read a date in \"", Excerpt(it->second.front()),
                                 "\", dropped"));
      }
    }
    auto src = mapping.fields.find(field);
    if (out->empty() && src != mapping.fields.end() && src->second.from_text) {
      std::optional<std::string> d =
          std::string(field) == "date" ? FindDateline(doc->text) : FindDeadline(doc->text);
      if (d) *out = *d;
    }
  }

  // Everything no field uses is kept as unknown fields.
  if (mapping.keep_unmapped && obj.is_object()) {
    json extra = json::object();
    for (auto it = obj.begin(); it != obj.end(); ++it) {
      const std::string& key = it.key();
      if (used_columns.count(key) > 0) continue;
      if (std::find(mapping.drop.begin(), mapping.drop.end(), key) != mapping.drop.end()) {
        continue;
      }
      const json& v = it.value();
      if (v.is_null() || (v.is_string() && v.get<std::string>().empty()) ||
          (v.is_array() && v.empty())) {
        continue;
      }
      if (key.empty()) continue;
      // An unused column named like a record field must not pass for that
      // field once stored (ToJson() writes unknown fields at the top level).
      const bool reserved = key == "duplicate_of" ||
                            std::find(RecordFieldNames().begin(), RecordFieldNames().end(), key) !=
                                RecordFieldNames().end();
      extra[reserved ? key + " (unmapped)" : key] = v;
    }
    if (!extra.empty()) {
      doc->extra_json = extra.dump(-1, ' ', false, json::error_handler_t::replace);
    }
  }
  return ok;
}

void ApplyDefaults(const Mapping& mapping, bool kind_from_input, Document* doc,
                   std::vector<FieldProblem>* problems) {
  if (mapping.defaults.empty()) return;
  Mapping only_defaults;
  only_defaults.defaults = mapping.defaults;
  only_defaults.list_separator = mapping.list_separator;
  only_defaults.keep_unmapped = false;
  Document d;
  std::vector<FieldProblem> found;
  MapRecord(json::object(), only_defaults, doc->kind, &d, &found);
  for (FieldProblem& p : found) {
    p.fatal = false;
    problems->push_back(std::move(p));
  }
  if (!kind_from_input && mapping.defaults.count("kind") > 0) doc->kind = d.kind;
  auto fill = [](std::string* to, const std::string& from) {
    if (to->empty()) *to = from;
  };
  auto fill_list = [](std::vector<std::string>* to, const std::vector<std::string>& from) {
    if (to->empty()) *to = from;
  };
  fill(&doc->id, d.id);
  fill(&doc->title, d.title);
  fill(&doc->text, d.text);
  fill(&doc->date, d.date);
  fill(&doc->lang, d.lang);
  fill(&doc->url, d.url);
  fill(&doc->source, d.source);
  fill(&doc->name, d.name);
  fill(&doc->city, d.city);
  fill(&doc->organisation, d.organisation);
  fill(&doc->size, d.size);
  fill(&doc->funder, d.funder);
  fill(&doc->programme, d.programme);
  fill(&doc->opens, d.opens);
  fill(&doc->deadline, d.deadline);
  fill_list(&doc->sectors, d.sectors);
  fill_list(&doc->clusters, d.clusters);
  fill_list(&doc->skills, d.skills);
  fill_list(&doc->themes, d.themes);
  if (!doc->budget_eur) doc->budget_eur = d.budget_eur;
}

}  // namespace meute::ingest::internal
