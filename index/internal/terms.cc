#include "index/internal/terms.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "index/schema.h"

namespace meute::index::internal {

std::string NormalizeValue(const ingest::Analyzer& analyzer, absl::string_view value) {
  std::string out;
  for (const ingest::Token& t : analyzer.Analyze(value, ingest::Language::kFrench)) {
    if (t.joined || t.form.empty()) continue;
    if (out.size() + t.form.size() + 1 > kMaxTermBytes) break;
    if (!out.empty()) out.push_back(' ');
    out += t.form;
  }
  return out;
}

namespace {

// Funders people name by an acronym or in full. The first name is the
// acronym; all are normalised before use.
constexpr const char* kFunderAliases[][4] = {
    {"ADEME", "Agence de la transition écologique",
     "Agence de l'environnement et de la maîtrise de l'énergie", nullptr},
    {"ANR", "Agence nationale de la recherche", nullptr, nullptr},
    {"Bpifrance", "BPI", "Banque publique d'investissement", nullptr},
    {"FEDER", "Fonds européen de développement régional", nullptr, nullptr},
    {"FSE", "Fonds social européen", nullptr, nullptr},
    {"AD'OCC", "ADOCC", "Agence de développement économique de la Région Occitanie", nullptr},
    {"UE", "Union européenne", "Commission européenne", nullptr},
    {"FUI", "Fonds unique interministériel", nullptr, nullptr},
};

constexpr const char* kOperatorLeads[] = {"opere par",   "operee par", "operes par",
                                          "operees par", "gere par",   "geree par",
                                          "porte par",   "portee par", "via"};

bool HasWords(const std::string& text, const std::string& words) {
  return absl::StrCat(" ", text, " ").find(absl::StrCat(" ", words, " ")) != std::string::npos;
}

}  // namespace

std::vector<std::string> FunderNames(const ingest::Analyzer& analyzer, absl::string_view funder) {
  const std::string whole = NormalizeValue(analyzer, funder);
  std::vector<std::string> names;
  // No word in the whole, so none in its parts and no alias can match: skip
  // normalising every alias (most records name no funder).
  if (whole.empty()) return names;
  auto add = [&](std::string name) {
    if (name.empty() || name == whole) return;
    if (std::find(names.begin(), names.end(), name) != names.end()) return;
    names.push_back(std::move(name));
  };
  std::string raw(funder);
  for (const char* dash : {" \u2014 ", " \u2013 ", " - "})
    raw = absl::StrReplaceAll(raw, {{dash, "/"}});
  for (absl::string_view part : absl::StrSplit(raw, absl::ByAnyChar("()/,;"))) {
    std::string name = NormalizeValue(analyzer, part);
    for (const char* lead : kOperatorLeads) {
      if (absl::StartsWith(name, absl::StrCat(lead, " "))) {
        name = name.substr(std::string(lead).size() + 1);
        break;
      }
    }
    add(std::move(name));
  }
  std::vector<std::string> seen = names;
  seen.push_back(whole);
  for (const auto& group : kFunderAliases) {
    std::vector<std::string> forms;
    for (const char* alias : group) {
      if (alias != nullptr) forms.push_back(NormalizeValue(analyzer, alias));
    }
    bool hit = false;
    for (const std::string& name : seen) {
      for (const std::string& form : forms) hit = hit || (!form.empty() && HasWords(name, form));
    }
    if (!hit) continue;
    for (std::string& form : forms) add(std::move(form));
  }
  return names;
}

std::string KindFromAlias(const ingest::Analyzer& analyzer, absl::string_view text) {
  static constexpr std::pair<const char*, const char*> kKinds[] = {
      {"call", "call"},       {"calls", "call"},       {"appel", "call"},
      {"appels", "call"},     {"aap", "call"},         {"member", "member"},
      {"members", "member"},  {"membre", "member"},    {"membres", "member"},
      {"adherent", "member"}, {"adherents", "member"}, {"news", "news"},
      {"actualite", "news"},  {"actualites", "news"},  {"actu", "news"},
      {"cluster", "cluster"}, {"clusters", "cluster"}, {"pole", "cluster"},
      {"poles", "cluster"},
  };
  const std::string v = NormalizeValue(analyzer, text);
  for (const auto& [alias, kind] : kKinds) {
    if (v == alias) return kind;
  }
  return "";
}

bool IsSpellingWord(absl::string_view form) {
  if (form.size() < 3 || form.size() > 40) return false;
  for (char c : form) {
    if (absl::ascii_isdigit(c) || c == '@' || c == '/' || c == '.' || c == ':' || c == '_') {
      return false;
    }
  }
  return true;
}

}  // namespace meute::index::internal
