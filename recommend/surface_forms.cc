#include "recommend/surface_forms.h"

#include <algorithm>

#include "absl/strings/ascii.h"

namespace meute::recommend {

bool HasUpperCase(absl::string_view word) {
  for (size_t i = 0; i < word.size(); ++i) {
    const auto c = static_cast<uint8_t>(word[i]);
    if (c >= 'A' && c <= 'Z') return true;
    if (i + 1 < word.size()) {
      const auto d = static_cast<uint8_t>(word[i + 1]);
      // U+00C0..U+00DE except U+00D7 (multiplication sign).
      if (c == 0xC3 && d >= 0x80 && d <= 0x9E && d != 0x97) return true;
      // Latin Extended-A capitals sit at even code points (Œ = U+0152).
      if (c == 0xC5 && (d == 0x92 || d == 0xB8)) return true;
    }
  }
  return false;
}

bool IsTitleCase(absl::string_view word) {
  const size_t first = !word.empty() && (word[0] & 0x80) ? 2 : 1;
  if (word.size() <= first || !HasUpperCase(word.substr(0, first))) return false;
  const absl::string_view rest = word.substr(first);
  bool lower = false;
  for (char c : rest) {
    if (absl::ascii_islower(static_cast<unsigned char>(c))) lower = true;
  }
  return lower && !HasUpperCase(rest);
}

void SurfaceForms::Add(const std::vector<ingest::Token>& tokens) {
  for (const ingest::Token& t : tokens) {
    if (t.stopword || t.joined || t.surface.empty()) continue;
    for (const std::string& stem : t.stems) ++counts_[stem][t.form][t.surface];
  }
}

void SurfaceForms::Merge(const SurfaceForms& other) {
  for (const auto& [stem, forms] : other.counts_) {
    auto& mine = counts_[stem];
    for (const auto& [form, spellings] : forms) {
      auto& my_spellings = mine[form];
      for (const auto& [spelling, n] : spellings) my_spellings[spelling] += n;
    }
  }
}

std::vector<std::pair<std::string, std::string>> SurfaceForms::BestWords() const {
  std::vector<std::pair<std::string, std::string>> out;
  if (!best_.empty()) {
    out.assign(best_.begin(), best_.end());
  } else {
    out.reserve(counts_.size());
    for (const auto& [stem, forms] : counts_) {
      std::string word = Best(stem);
      if (!word.empty()) out.emplace_back(stem, std::move(word));
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

SurfaceForms SurfaceForms::FromBestWords(
    const std::vector<std::pair<std::string, std::string>>& words) {
  SurfaceForms forms;
  forms.best_.reserve(words.size());
  for (const auto& [stem, word] : words) {
    if (!word.empty()) forms.best_.emplace(stem, word);
  }
  return forms;
}

std::string SurfaceForms::Best(absl::string_view stem) const {
  if (!best_.empty()) {
    auto b = best_.find(stem);
    return b == best_.end() ? std::string() : b->second;
  }
  auto it = counts_.find(stem);
  if (it == counts_.end()) return "";
  const std::map<std::string, uint32_t>* best_form = nullptr;
  uint32_t best_total = 0;
  for (const auto& [form, spellings] : it->second) {
    uint32_t total = 0;
    for (const auto& [s, n] : spellings) total += n;
    if (total > best_total) {
      best_total = total;
      best_form = &spellings;
    }
  }
  if (best_form == nullptr) return "";
  const std::string* lower = nullptr;
  const std::string* any = nullptr;
  uint32_t lower_n = 0;
  uint32_t any_n = 0;
  for (const auto& [spelling, n] : *best_form) {
    if (n > any_n) {
      any_n = n;
      any = &spelling;
    }
    if (!HasUpperCase(spelling) && n > lower_n) {
      lower_n = n;
      lower = &spelling;
    }
  }
  return lower != nullptr ? *lower : *any;
}

std::string SurfaceForms::Readable(absl::string_view stem) const {
  std::string best = Best(stem);
  return best.empty() ? std::string(stem) : best;
}

}  // namespace meute::recommend
