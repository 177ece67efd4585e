#include "recommend/glossary.h"

#include <algorithm>
#include <map>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace meute::recommend {

Glossary::Glossary(std::vector<GlossaryEntry> entries) : entries_(std::move(entries)) {
  for (uint32_t i = 0; i < entries_.size(); ++i) {
    if (entries_[i].source.empty()) continue;  // Matches nothing.
    for (const std::string& stem : entries_[i].source[0]) {
      std::vector<uint32_t>& list = by_first_stem_[stem];
      if (list.empty() || list.back() != i) list.push_back(i);
    }
  }
}

absl::StatusOr<Glossary> Glossary::Parse(absl::string_view tsv, const StemWordsFn& stem_words) {
  std::vector<GlossaryEntry> entries;
  int line_number = 0;
  for (absl::string_view line : absl::StrSplit(tsv, '\n')) {
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    const absl::string_view trimmed = absl::StripAsciiWhitespace(line);
    if (trimmed.empty() || trimmed.front() == '#') continue;
    const std::vector<absl::string_view> fields = absl::StrSplit(line, '\t');
    if (fields.size() != 3) {
      return absl::InvalidArgumentError(absl::StrCat("glossary line ", line_number, ": expected 3 ",
                                                     "tab-separated fields, found ",
                                                     fields.size()));
    }
    const std::string lang(absl::StripAsciiWhitespace(fields[0]));
    if (lang != "fr" && lang != "en") {
      return absl::InvalidArgumentError(
          absl::StrCat("glossary line ", line_number, ": unknown language \"", lang, "\""));
    }
    GlossaryEntry entry;
    entry.lang = lang;
    entry.source = stem_words(absl::StripAsciiWhitespace(fields[1]), lang);
    entry.source.erase(std::remove_if(entry.source.begin(), entry.source.end(),
                                      [](const auto& w) { return w.empty(); }),
                       entry.source.end());
    if (entry.source.empty()) continue;
    for (absl::string_view target : absl::StrSplit(fields[2], ';')) {
      for (const std::vector<std::string>& word :
           stem_words(absl::StripAsciiWhitespace(target), "fr")) {
        for (const std::string& stem : word) {
          const bool in_source = entry.source.size() == 1 &&
                                 std::find(entry.source[0].begin(), entry.source[0].end(), stem) !=
                                     entry.source[0].end();
          if (!in_source &&
              std::find(entry.targets.begin(), entry.targets.end(), stem) == entry.targets.end()) {
            entry.targets.push_back(stem);
          }
        }
      }
    }
    if (entry.targets.empty()) continue;
    entries.push_back(std::move(entry));
  }
  return Glossary(std::move(entries));
}

TermCounts Glossary::Apply(const TermCounts& terms, absl::string_view lang) const {
  const absl::string_view doc_lang = lang.empty() ? absl::string_view("fr") : lang;
  std::map<std::string, uint32_t> out;
  for (const auto& [term, count] : terms) {
    if (count > 0) out[term] += count;
  }
  // The entries whose first source word is in the document, in entry order.
  std::vector<uint32_t> candidates;
  for (const auto& [term, count] : out) {
    auto it = by_first_stem_.find(term);
    if (it != by_first_stem_.end()) {
      candidates.insert(candidates.end(), it->second.begin(), it->second.end());
    }
  }
  std::sort(candidates.begin(), candidates.end());
  candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
  std::map<std::string, uint32_t> added;
  for (uint32_t index : candidates) {
    const GlossaryEntry& entry = entries_[index];
    if (entry.lang != doc_lang) continue;
    uint32_t matched = UINT32_MAX;
    for (const std::vector<std::string>& word : entry.source) {
      uint32_t best = 0;
      for (const std::string& stem : word) {
        auto it = out.find(stem);
        if (it != out.end()) best = std::max(best, it->second);
      }
      matched = std::min(matched, best);
      if (matched == 0) break;
    }
    if (matched == 0 || matched == UINT32_MAX) continue;
    for (const std::string& target : entry.targets) {
      uint32_t& a = added[target];
      a = std::max(a, matched);
    }
  }
  for (const auto& [term, count] : added) {
    uint32_t& c = out[term];
    c = std::max(c, count);
  }
  return TermCounts(out.begin(), out.end());
}

}  // namespace meute::recommend
