#include "recommend/keyphrases.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "absl/strings/str_join.h"
#include "recommend/function_words.h"
#include "recommend/surface_forms.h"

namespace meute::recommend {
namespace {

// True if only spaces, hyphens or apostrophes separate two tokens.
bool Adjacent(absl::string_view text, const ingest::Token& a, const ingest::Token& b) {
  if (b.byte_begin < a.byte_end || b.byte_begin > text.size()) return false;
  const absl::string_view gap = text.substr(a.byte_end, b.byte_begin - a.byte_end);
  if (gap.size() > 6) return false;
  for (size_t i = 0; i < gap.size(); ++i) {
    const char c = gap[i];
    if (c == ' ' || c == '-' || c == '\'') continue;
    // U+00A0 no-break space (C2 A0), U+2019 apostrophe (E2 80 99), U+202F (E2 80 AF).
    if (gap.compare(i, 2, "\xC2\xA0") == 0) {
      ++i;
      continue;
    }
    if (gap.compare(i, 3, "\xE2\x80\x99") == 0 || gap.compare(i, 3, "\xE2\x80\xAF") == 0) {
      i += 2;
      continue;
    }
    return false;
  }
  return true;
}

}  // namespace

std::string TokenKey(const ingest::Token& token) {
  if (token.stopword || token.joined || token.stems.empty()) return "";
  // Function words the analyzer's stop list lacks ("son", "sous") are no label.
  if (IsFunctionWord(token.surface)) return "";
  return token.stems.front();
}

void DocumentFrequencies::AddDocument(const std::vector<ingest::Token>& tokens) {
  std::set<std::string> keys;
  for (const ingest::Token& t : tokens) {
    std::string k = TokenKey(t);
    if (!k.empty()) keys.insert(std::move(k));
  }
  for (const std::string& k : keys) ++df_[k];
  ++documents_;
}

double DocumentFrequencies::Idf(absl::string_view key) const {
  auto it = df_.find(key);
  const double df = it == df_.end() ? 0.0 : it->second;
  return std::log((1.0 + documents_) / (1.0 + df)) + 1.0;
}

std::vector<Keyphrase> ExtractKeyphrases(const std::vector<AnalyzedField>& fields,
                                         const DocumentFrequencies& df, int count) {
  std::map<std::string, double> tf;
  SurfaceForms forms;
  for (const AnalyzedField& f : fields) {
    forms.Add(f.tokens);
    for (const ingest::Token& t : f.tokens) {
      const std::string k = TokenKey(t);
      if (!k.empty()) tf[k] += f.weight;
    }
  }
  std::vector<std::pair<double, std::string>> words;
  std::map<std::string, double> score;
  for (const auto& [k, n] : tf) {
    const double s = (1.0 + std::log(n)) * df.Idf(k);
    words.emplace_back(s, k);
    score[k] = s;
  }
  std::sort(words.begin(), words.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });

  const size_t top = std::min<size_t>(static_cast<size_t>(std::max(0, count)), words.size());
  std::set<std::string> chosen;
  for (size_t i = 0; i < top; ++i) chosen.insert(words[i].second);
  // Phrases: maximal runs of chosen, adjacent words.
  std::map<std::vector<std::string>, Keyphrase> phrases;
  for (const AnalyzedField& f : fields) {
    std::vector<const ingest::Token*> run;
    auto flush = [&] {
      if (run.size() >= 2) {
        Keyphrase p;
        std::vector<std::string> surface;
        for (const ingest::Token* t : run) {
          p.keys.push_back(TokenKey(*t));
          p.score += score[p.keys.back()];
          surface.push_back(forms.Readable(p.keys.back()));
        }
        p.text = absl::StrJoin(surface, " ");
        phrases.emplace(p.keys, std::move(p));
      }
      run.clear();
    };
    for (const ingest::Token& t : f.tokens) {
      if (t.joined) continue;
      const std::string k = TokenKey(t);
      if (k.empty() || !chosen.count(k)) {
        flush();
        continue;
      }
      if (!run.empty() && !Adjacent(f.text, *run.back(), t)) flush();
      run.push_back(&t);
    }
    flush();
  }
  std::vector<Keyphrase> out;
  std::set<std::string> in_phrase;
  for (auto& [keys, p] : phrases) {
    for (const std::string& k : keys) in_phrase.insert(k);
    out.push_back(p);
  }
  for (const std::string& k : chosen) {
    if (in_phrase.count(k)) continue;
    out.push_back(Keyphrase{forms.Readable(k), {k}, score[k]});
  }
  std::sort(out.begin(), out.end(), [](const Keyphrase& a, const Keyphrase& b) {
    return a.score != b.score ? a.score > b.score : a.keys < b.keys;
  });
  // Joining words into phrases leaves room: fill it with the next words alone.
  for (size_t i = top; i < words.size() && static_cast<int>(out.size()) < count; ++i) {
    out.push_back(Keyphrase{forms.Readable(words[i].second), {words[i].second}, words[i].first});
  }
  if (out.size() > static_cast<size_t>(std::max(0, count))) out.resize(static_cast<size_t>(count));
  return out;
}

}  // namespace meute::recommend
