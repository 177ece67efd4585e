#include "ingest/internal/json_record.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "ingest/csv_mapping.h"
#include "ingest/utf8.h"

namespace meute::ingest::internal {
namespace {

using json = nlohmann::json;

const char* TypeName(const json& v) { return v.type_name(); }

// Short, printable excerpt of a value for messages.
std::string Excerpt(const json& v) {
  std::string s = v.is_string() ? v.get<std::string>() : v.dump();
  if (s.size() > 60) {
    TruncateUtf8(&s, 57);
    s += "...";
  }
  return s;
}

class Builder {
 public:
  Builder(size_t max_bytes, std::vector<FieldProblem>* problems)
      : max_bytes_(max_bytes), problems_(problems) {}

  void Error(absl::string_view field, absl::string_view what) {
    problems_->push_back({true, absl::StrCat("field \"", field, "\": ", what)});
    ok_ = false;
  }
  void Warn(absl::string_view field, absl::string_view what) {
    problems_->push_back({false, absl::StrCat("field \"", field, "\": ", what)});
  }

  // A string field; null is the same as absent.
  void String(const std::string& key, const json& v, std::string* out) {
    if (v.is_null()) return;
    if (!v.is_string()) {  // One rule for every text field: no coercion.
      Error(key, absl::StrCat("expected a string, got ", TypeName(v), " ", Excerpt(v)));
      return;
    }
    *out = v.get<std::string>();
    Cap(key, out);
  }

  void Cap(absl::string_view key, std::string* s) {
    if (RepairUtf8(s) > 0) Warn(key, "invalid UTF-8 replaced by U+FFFD");
    if (s->size() > max_bytes_ && TruncateUtf8(s, max_bytes_)) {
      Warn(key, absl::StrCat("longer than ", max_bytes_, " bytes, truncated"));
    }
  }

  // A list of strings; a lone string is taken as a list of one.
  void StringList(const std::string& key, const json& v, std::vector<std::string>* out) {
    if (v.is_null()) return;
    if (v.is_string()) {
      std::string s = v.get<std::string>();
      Cap(key, &s);
      if (!s.empty()) out->push_back(std::move(s));
      return;
    }
    if (!v.is_array()) {
      Error(key, absl::StrCat("expected an array of strings, got ", TypeName(v)));
      return;
    }
    for (const json& e : v) {
      if (!e.is_string()) {
        Error(key,
              absl::StrCat("expected an array of strings, found ", TypeName(e), " ", Excerpt(e)));
        return;
      }
      std::string s = e.get<std::string>();
      Cap(key, &s);
      if (!s.empty()) out->push_back(std::move(s));
    }
  }

  void Date(const std::string& key, const json& v, std::string* out) {
    std::string s;
    String(key, v, &s);
    if (s.empty()) return;
    if (!IsValidDate(s)) {
      Error(key, absl::StrCat("expected YYYY-MM-DD, got \"", Excerpt(json(s)), "\""));
      return;
    }
    *out = std::move(s);
  }

  bool ok() const { return ok_; }
  void Fail() { ok_ = false; }

 private:
  size_t max_bytes_;
  std::vector<FieldProblem>* problems_;
  bool ok_ = true;
};

}  // namespace

namespace {

// Levenshtein distance of two ASCII field names.
size_t EditDistance(absl::string_view a, absl::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1] ? 1 : 0)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

}  // namespace

std::vector<FieldProblem> UnknownFields::Check(const json& obj) {
  return CheckKeys(Candidates(obj));
}

std::vector<std::string> UnknownFields::Candidates(const json& obj) {
  std::vector<std::string> keys;
  if (!obj.is_object()) return keys;
  const std::vector<std::string>& fields = RecordFieldNames();
  for (auto it = obj.begin(); it != obj.end(); ++it) {
    const std::string& key = it.key();
    if (key == "duplicate_of" || std::find(fields.begin(), fields.end(), key) != fields.end()) {
      continue;
    }
    keys.push_back(key);
  }
  return keys;
}

std::vector<FieldProblem> UnknownFields::CheckKeys(const std::vector<std::string>& keys) {
  std::vector<FieldProblem> out;
  const std::vector<std::string>& fields = RecordFieldNames();
  for (const std::string& key : keys) {
    if (!seen_.insert(key).second) continue;
    std::string hint;
    const std::string lower = absl::AsciiStrToLower(key);
    for (const std::string& f : fields) {
      if (lower == f || (f.size() > 3 && EditDistance(lower, f) <= 2)) {
        hint = absl::StrCat("did you mean \"", f, "\"?");
        break;
      }
    }
    if (hint.empty()) hint = "a mapping file can map it: see corpora/mappings/README.md";
    out.push_back(
        {false, absl::StrCat("field \"", Excerpt(json(key)),
                             "\" is not a record field: stored, not indexed (", hint, ")")});
  }
  return out;
}

int JsonNestingDepth(absl::string_view text, int limit) {
  int depth = 0, max_depth = 0;
  bool in_string = false, escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      if (++depth > max_depth) max_depth = depth;
      if (max_depth > limit) return max_depth;
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return max_depth;
}

std::string ParseErrorText(const json::parse_error& e) {
  std::string what = e.what();
  const size_t pos = what.find(": ", what.find("parse error"));
  if (pos != std::string::npos) what = what.substr(pos + 2);
  // nlohmann quotes the bytes it last read, raw: a message stays UTF-8.
  size_t bad = std::string::npos;
  what = EscapeInvalidUtf8(what, &bad);
  if (bad != std::string::npos && e.byte > 0) {
    return absl::StrCat("invalid JSON: ", what, " (invalid UTF-8 at byte offset ", e.byte - 1, ")");
  }
  return absl::StrCat("invalid JSON: ", what);
}

std::string ExceptionText(const json::exception& e) {
  std::string what = e.what();
  const size_t bracket = what.find("] ");
  return bracket == std::string::npos ? what : what.substr(bracket + 2);
}

bool TruncateUtf8(std::string* s, size_t max_bytes) {
  if (s->size() <= max_bytes) return false;
  size_t cut = max_bytes;
  // Step back over continuation bytes so a sequence is never split.
  while (cut > 0 && (static_cast<unsigned char>((*s)[cut]) & 0xC0) == 0x80) --cut;
  s->resize(cut);
  return true;
}

bool DocumentFromJsonObject(const json& obj, size_t max_field_bytes, Document* doc,
                            std::vector<FieldProblem>* problems, std::optional<Kind> default_kind) {
  Builder b(max_field_bytes, problems);
  json extra = json::object();
  bool has_kind = false;
  for (auto it = obj.begin(); it != obj.end(); ++it) {
    const std::string& key = it.key();
    const json& v = it.value();
    if (key == "id") {
      b.String(key, v, &doc->id);
    } else if (key == "kind") {
      std::string k;
      b.String(key, v, &k);
      if (IsBlank(k)) continue;
      has_kind = true;
      std::optional<Kind> kind = ParseKind(absl::AsciiStrToLower(k));
      if (!kind) {
        b.Error(key, absl::StrCat("expected cluster, member, call or news, got \"",
                                  Excerpt(json(k)), "\""));
      } else {
        doc->kind = *kind;
      }
    } else if (key == "title") {
      b.String(key, v, &doc->title);
    } else if (key == "text") {
      b.String(key, v, &doc->text);
    } else if (key == "date") {
      b.Date(key, v, &doc->date);
    } else if (key == "lang") {
      std::string lang;
      b.String(key, v, &lang);
      lang = absl::AsciiStrToLower(lang);
      // Accept BCP 47 tags ("fr-FR", "en_GB") by their primary subtag.
      lang = lang.substr(0, lang.find_first_of("-_"));
      if (!lang.empty() &&
          (lang.size() < 2 || lang.size() > 3 ||
           lang.find_first_not_of("abcdefghijklmnopqrstuvwxyz") != std::string::npos)) {
        b.Error(key, absl::StrCat("expected a language code such as fr or en, got \"", Excerpt(v),
                                  "\""));
      } else {
        doc->lang = lang;
      }
    } else if (key == "url") {
      b.String(key, v, &doc->url);
    } else if (key == "source") {
      b.String(key, v, &doc->source);
    } else if (key == "name") {
      b.String(key, v, &doc->name);
    } else if (key == "sectors") {
      b.StringList(key, v, &doc->sectors);
    } else if (key == "city") {
      b.String(key, v, &doc->city);
    } else if (key == "organisation") {
      b.String(key, v, &doc->organisation);
    } else if (key == "clusters") {
      b.StringList(key, v, &doc->clusters);
    } else if (key == "skills") {
      b.StringList(key, v, &doc->skills);
    } else if (key == "size") {
      std::string size;
      b.String(key, v, &size);
      if (size.empty()) continue;
      bool known = false;
      for (const char* s : kMemberSizes) known = known || size == s;
      if (!known) {
        b.Error(key, absl::StrCat("expected TPE, PME, ETI, GE or laboratoire, got \"",
                                  Excerpt(json(size)), "\""));
      } else {
        doc->size = size;
      }
    } else if (key == "funder") {
      b.String(key, v, &doc->funder);
    } else if (key == "programme") {
      b.String(key, v, &doc->programme);
    } else if (key == "opens") {
      b.Date(key, v, &doc->opens);
    } else if (key == "deadline") {
      b.Date(key, v, &doc->deadline);
    } else if (key == "budget_eur") {
      if (v.is_null()) continue;
      double budget = 0;
      bool good = false;
      if (v.is_number()) {
        budget = v.get<double>();
        good = true;
      } else if (v.is_string()) {
        const std::string s = v.get<std::string>();
        char* end = nullptr;
        budget = std::strtod(s.c_str(), &end);
        good = !s.empty() && end != nullptr && *end == '\0';
      }
      if (!good || !std::isfinite(budget) || budget < 0) {
        b.Error(key, absl::StrCat("expected a non-negative number of euros, got ", Excerpt(v)));
      } else {
        // Number fields take a string that holds a number, with a warning.
        if (v.is_string()) b.Warn(key, "a number given as a string: read as a number");
        doc->budget_eur = budget;
      }
    } else if (key == "themes") {
      b.StringList(key, v, &doc->themes);
    } else if (key == "duplicate_of") {
      b.String(key, v, &doc->duplicate_of);
    } else {
      extra[key] = v;  // Unknown fields are kept, never fatal.
    }
  }
  if (!has_kind && default_kind.has_value()) {
    doc->kind = *default_kind;
  } else if (!has_kind) {
    b.Error("kind", "missing or blank (or give one with --kind)");
  }
  if (IsBlank(doc->title)) {
    // Clusters and members often only have a name.
    if (!IsBlank(doc->name)) {
      doc->title = doc->name;
    } else if (!IsBlank(doc->organisation)) {
      doc->title = doc->organisation;
    }
  }
  if (!CheckRecordRules(*doc, problems)) b.Fail();
  if (!extra.empty()) {
    doc->extra_json = extra.dump(-1, ' ', false, json::error_handler_t::replace);
  }
  return b.ok();
}

bool CheckRecordRules(const Document& doc, std::vector<FieldProblem>* problems) {
  const size_t before = problems->size();
  if (IsBlank(doc.id)) {
    problems->push_back({true, "field \"id\": missing or blank"});
  } else if (doc.id.find_first_of(std::string("\0\t\n\r", 4)) != std::string::npos) {
    problems->push_back({true, "field \"id\": contains control characters"});
  }
  if (IsBlank(doc.title)) problems->push_back({true, "field \"title\": missing or blank"});
  if (!doc.opens.empty() && !doc.deadline.empty() && IsValidDate(doc.opens) &&
      IsValidDate(doc.deadline) && doc.deadline < doc.opens) {
    problems->push_back(
        {true, absl::StrCat("field \"deadline\": ", doc.deadline,
                            " precedes the opening date (field \"opens\": ", doc.opens, ")")});
  }
  return problems->size() == before;
}

nlohmann::ordered_json DocumentToJsonObject(const Document& doc) {
  nlohmann::ordered_json o;
  auto put = [&](const char* key, const std::string& v) {
    if (!v.empty()) o[key] = v;
  };
  auto put_list = [&](const char* key, const std::vector<std::string>& v) {
    if (!v.empty()) o[key] = v;
  };
  put("id", doc.id);
  o["kind"] = std::string(KindName(doc.kind));
  put("title", doc.title);
  put("text", doc.text);
  put("date", doc.date);
  put("lang", doc.lang);
  put("url", doc.url);
  put("source", doc.source);
  put("name", doc.name);
  put_list("sectors", doc.sectors);
  put("city", doc.city);
  put("organisation", doc.organisation);
  put_list("clusters", doc.clusters);
  put_list("skills", doc.skills);
  put("size", doc.size);
  put("funder", doc.funder);
  put("programme", doc.programme);
  put("opens", doc.opens);
  put("deadline", doc.deadline);
  if (doc.budget_eur) {
    const double b = *doc.budget_eur;
    // Whole euros print as integers ("250000", not "250000.0").
    if (b == std::floor(b) && b < 9.0e15) {
      o["budget_eur"] = static_cast<int64_t>(b);
    } else {
      o["budget_eur"] = b;
    }
  }
  put_list("themes", doc.themes);
  put("duplicate_of", doc.duplicate_of);
  if (!doc.extra_json.empty() && doc.extra_json != "{}") {
    nlohmann::ordered_json extra =
        nlohmann::ordered_json::parse(doc.extra_json, nullptr, /*allow_exceptions=*/false);
    if (extra.is_object()) {
      for (auto it = extra.begin(); it != extra.end(); ++it) {
        if (!o.contains(it.key())) o[it.key()] = it.value();
      }
    }
  }
  return o;
}

}  // namespace meute::ingest::internal
