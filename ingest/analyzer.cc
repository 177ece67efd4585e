#include "ingest/analyzer.h"

#include <algorithm>
#include <cstring>
#include <optional>
#include <string>
#include <unordered_set>
#include <utility>

#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>
#include <xapian.h>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "ingest/internal/stopwords.h"

namespace meute::ingest {
namespace {

// Word -> its two stems (stem of the form, folded stem of the lower case),
// keyed by form + '\0' + lower.
using StemCache = absl::flat_hash_map<std::string, std::pair<std::string, std::string>>;
// Entries per thread and language: a few MB, more than a corpus's vocabulary.
constexpr size_t kStemCacheSize = 1 << 16;

// Elided articles and pronouns, without their apostrophe (Lucene's French
// elision set plus jusqu', lorsqu', puisqu', quoiqu').
constexpr const char* kElisions[] = {"l", "m", "t",     "qu",     "n",      "s",     "j",
                                     "d", "c", "jusqu", "quoiqu", "lorsqu", "puisqu"};

bool IsApostrophe(UChar32 c) {
  return c == 0x27 || c == 0x2019 || c == 0x2018 || c == 0x02BC || c == 0xFF07;
}

bool IsHyphen(UChar32 c) { return c == 0x2D || c == 0x2010 || c == 0x2011; }

// Horizontal spaces that may separate digit groups ("10 000", "10\u202F000").
bool IsDigitGroupSpace(UChar32 c) {
  return c == 0x20 || c == 0xA0 || c == 0x202F || c == 0x2009 || c == 0x2007;
}

std::string ToUtf8(const icu::UnicodeString& s) {
  std::string out;
  s.toUTF8String(out);
  return out;
}

bool IsAsciiAlnum(absl::string_view s) {
  for (char c : s) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

// Characters that may appear in a URL or e-mail address we keep whole.
bool IsAddressChar(UChar32 c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         (c > 0 && c < 0x80 && std::strchr("-._~:/?#[]@!$&()*+,;=%", static_cast<int>(c)));
}

// UTF-16 ranges of URLs ("https://...", "www....") and e-mail addresses.
std::vector<std::pair<int32_t, int32_t>> FindAddresses(const icu::UnicodeString& u) {
  std::vector<std::pair<int32_t, int32_t>> out;
  const int32_t n = u.length();
  auto word_start = [&](int32_t i) { return i == 0 || !IsAddressChar(u.charAt(i - 1)); };
  for (int32_t i = 0; i < n; ++i) {
    const UChar c = u.charAt(i);
    if ((c == 'h' || c == 'H' || c == 'w' || c == 'W') && word_start(i)) {
      icu::UnicodeString head(u, i, 8);
      head.toLower();
      if (!head.startsWith(icu::UnicodeString(u"http://")) &&
          !head.startsWith(icu::UnicodeString(u"https://")) &&
          !head.startsWith(icu::UnicodeString(u"www."))) {
        continue;
      }
      int32_t e = i;
      while (e < n && IsAddressChar(u.charAt(e))) ++e;
      while (e > i && std::strchr(".,;:!?)]", static_cast<char>(u.charAt(e - 1))) != nullptr) --e;
      if (e - i > 8) out.emplace_back(i, e);
      i = e;
    } else if (c == '@' && i > 0) {
      int32_t b = i, e = i + 1;
      auto local = [](UChar32 x) {
        return (x >= 'a' && x <= 'z') || (x >= 'A' && x <= 'Z') || (x >= '0' && x <= '9') ||
               x == '.' || x == '_' || x == '%' || x == '+' || x == '-';
      };
      while (b > 0 && local(u.charAt(b - 1))) --b;
      bool dot = false;
      while (e < n && (local(u.charAt(e)) && u.charAt(e) != '_' && u.charAt(e) != '%' &&
                       u.charAt(e) != '+')) {
        dot = dot || u.charAt(e) == '.';
        ++e;
      }
      while (e > i + 1 && u.charAt(e - 1) == '.') --e;
      if (b < i && dot && e > i + 3) out.emplace_back(b, e);
      i = e;
    }
  }
  return out;
}

// A word found by ICU, before French rules: UTF-16 range in the decoded text.
struct Span {
  int32_t begin = 0;
  int32_t end = 0;
  bool number = false;
  bool acronym = false;  // "C.C.I": single letters joined by dots.
};

// The start of what follows an elision at the start of [b, e) ("l'", "qu'"
// in any case, any apostrophe), or b if there is none.
int32_t AfterElision(const icu::UnicodeString& u, int32_t b, int32_t e) {
  for (int32_t q = b; q < e && q - b <= 7; ++q) {
    if (!IsApostrophe(u.charAt(q))) continue;
    for (const char* elision : kElisions) {
      const int32_t len = static_cast<int32_t>(std::strlen(elision));
      bool same = len == q - b;
      for (int32_t k = 0; same && k < len; ++k) {
        same = u_tolower(u.charAt(b + k)) == static_cast<UChar32>(elision[k]);
      }
      if (same) return q + 1;
    }
    return b;
  }
  return b;
}

// Splits a letter word that ICU kept whole across '.' or '@' ("meute.fr",
// "contact@meute") into its parts, except dotted acronyms ("C.C.I", "S.N.C.F"),
// which stay one span.
void AddLetterSpan(const icu::UnicodeString& u, int32_t begin, int32_t end,
                   std::vector<Span>* spans) {
  std::vector<std::pair<int32_t, int32_t>> parts;
  int32_t s = begin;
  for (int32_t i = begin; i <= end; ++i) {
    if (i == end || u.charAt(i) == '.' || u.charAt(i) == '@') {
      if (i > s) parts.emplace_back(s, i);
      s = i + 1;
    }
  }
  bool acronym = parts.size() > 1 && u.indexOf(u'@', begin, end - begin) < 0;
  for (size_t k = 0; k < parts.size() && acronym; ++k) {
    int32_t b = parts[k].first;
    const int32_t e = parts[k].second;
    // The first letter may follow a French elision: "l'I.A.", "d'U.E.".
    if (k == 0) b = AfterElision(u, b, e);
    acronym = U16_LENGTH(u.char32At(b)) == e - b;
  }
  if (acronym || parts.size() <= 1) {
    if (!parts.empty())
      spans->push_back({parts.front().first, parts.back().second, false, acronym});
    return;
  }
  for (const auto& [b, e] : parts) spans->push_back({b, e, false, false});
}

}  // namespace

Language LanguageFromCode(absl::string_view code) {
  return absl::AsciiStrToLower(code) == "en" ? Language::kEnglish : Language::kFrench;
}

absl::string_view LanguageCode(Language lang) { return lang == Language::kEnglish ? "en" : "fr"; }

struct Analyzer::Impl {
  std::unique_ptr<icu::BreakIterator> word_breaker;  // Prototype; cloned per call.
  const icu::Normalizer2* nfkc = nullptr;
  const icu::Normalizer2* nfd = nullptr;
  const icu::Normalizer2* nfc = nullptr;
  std::unordered_set<std::string> french_stop;
  std::unordered_set<std::string> english_stop;

  // NFKC, case folding, ligatures and apostrophes; accents kept.
  std::string Lower(absl::string_view word) const {
    if (IsAsciiAlnum(word)) return absl::AsciiStrToLower(word);
    UErrorCode status = U_ZERO_ERROR;
    icu::UnicodeString u = icu::UnicodeString::fromUTF8(
        icu::StringPiece(word.data(), static_cast<int32_t>(word.size())));
    icu::UnicodeString n = nfkc->normalize(u, status);
    if (U_FAILURE(status)) n = u;
    n.foldCase();
    icu::UnicodeString out;
    for (int32_t i = 0; i < n.length();) {
      const UChar32 c = n.char32At(i);
      i += U16_LENGTH(c);
      switch (c) {
        case 0x0153:  // œ
          out.append(UnicodeString_literal("oe"));
          break;
        case 0x00E6:  // æ
          out.append(UnicodeString_literal("ae"));
          break;
        default:
          out.append(IsApostrophe(c) ? static_cast<UChar32>(0x27) : c);
      }
    }
    return ToUtf8(out);
  }

  static icu::UnicodeString UnicodeString_literal(const char* s) {
    return icu::UnicodeString(s, -1, icu::UnicodeString::kInvariant);
  }

  // Removes combining marks after canonical decomposition: "é" -> "e".
  std::string FoldAccents(const std::string& lower) const {
    bool ascii = true;
    for (char c : lower) ascii = ascii && static_cast<unsigned char>(c) < 0x80;
    if (ascii) return lower;
    UErrorCode status = U_ZERO_ERROR;
    icu::UnicodeString d = nfd->normalize(icu::UnicodeString::fromUTF8(lower), status);
    if (U_FAILURE(status)) return lower;
    icu::UnicodeString out;
    for (int32_t i = 0; i < d.length();) {
      const UChar32 c = d.char32At(i);
      i += U16_LENGTH(c);
      if (u_charType(c) != U_NON_SPACING_MARK) out.append(c);
    }
    status = U_ZERO_ERROR;
    icu::UnicodeString c = nfc->normalize(out, status);
    return ToUtf8(U_FAILURE(status) ? out : c);
  }

  // Superscript and subscript characters as NFKC maps them ("₂" -> "2",
  // "ᵉ" -> "e"), so that the word breaker keeps "H₂", "m²", "1ᵉʳ" whole, as
  // "H2", "m2", "1er". Only one-unit mappings, so offsets stay aligned.
  UChar32 FoldScript(UChar32 c) const {
    if (c < 0xAA) return c;
    const int32_t type = u_getIntPropertyValue(c, UCHAR_DECOMPOSITION_TYPE);
    if (type != U_DT_SUPER && type != U_DT_SUB) return c;
    icu::UnicodeString mapped;
    if (!nfkc->getDecomposition(c, mapped) || mapped.length() != 1 || U16_LENGTH(c) != 1) {
      return c;
    }
    return mapped.charAt(0);
  }

  bool IsStop(const std::string& form, Language lang) const {
    const auto& set = lang == Language::kEnglish ? english_stop : french_stop;
    return set.count(form) > 0;
  }
};

Analyzer::Analyzer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Analyzer::~Analyzer() = default;

absl::StatusOr<std::unique_ptr<Analyzer>> Analyzer::Create(const AnalyzerOptions& options) {
  auto impl = std::make_unique<Impl>();
  UErrorCode status = U_ZERO_ERROR;
  impl->word_breaker.reset(
      icu::BreakIterator::createWordInstance(icu::Locale::getFrench(), status));
  if (U_FAILURE(status) || impl->word_breaker == nullptr) {
    return absl::InternalError(
        absl::StrCat("creating ICU word break iterator: ", u_errorName(status)));
  }
  impl->nfkc = icu::Normalizer2::getNFKCInstance(status);
  impl->nfd = icu::Normalizer2::getNFDInstance(status);
  impl->nfc = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status)) {
    return absl::InternalError(absl::StrCat("loading ICU normalizers: ", u_errorName(status)));
  }
  for (size_t i = 0; i < internal::kFrenchStopwordCount; ++i) {
    impl->french_stop.insert(impl->FoldAccents(impl->Lower(internal::kFrenchStopwords[i])));
  }
  for (size_t i = 0; i < internal::kEnglishStopwordCount; ++i) {
    impl->english_stop.insert(impl->FoldAccents(impl->Lower(internal::kEnglishStopwords[i])));
  }
  for (const std::string& w : options.extra_stopwords) {
    const std::string form = impl->FoldAccents(impl->Lower(w));
    impl->french_stop.insert(form);
    impl->english_stop.insert(form);
  }
  return std::unique_ptr<Analyzer>(new Analyzer(std::move(impl)));
}

std::string Analyzer::Normalize(absl::string_view word) const {
  return impl_->FoldAccents(impl_->Lower(word));
}

bool Analyzer::IsStopword(absl::string_view form, Language lang) const {
  return impl_->IsStop(std::string(form), lang);
}

std::string Analyzer::Stem(absl::string_view word, Language lang) const {
  Xapian::Stem stemmer(lang == Language::kEnglish ? "english" : "french");
  return stemmer(impl_->Lower(word));
}

std::vector<Token> Analyzer::Analyze(absl::string_view text, Language lang) const {
  std::vector<Token> tokens;
  if (text.empty()) return tokens;
  // REQUIRES (documented): offsets are 32-bit.
  if (text.size() > 0xFFFFFFF0u) text = text.substr(0, 0xFFFFFFF0u);

  // Decode to UTF-16 ourselves so that every UTF-16 unit maps back to a byte
  // offset of the input, even across invalid sequences (read as U+FFFD).
  icu::UnicodeString u;
  std::vector<uint32_t> byte_at;  // byte_at[i]: input offset of UTF-16 unit i.
  byte_at.reserve(text.size() + 1);
  {
    const auto* p = reinterpret_cast<const uint8_t*>(text.data());
    const int32_t n = static_cast<int32_t>(text.size());
    int32_t i = 0;
    while (i < n) {
      const int32_t start = i;
      UChar32 c;
      U8_NEXT(p, i, n, c);
      if (c < 0) c = 0xFFFD;
      c = impl_->FoldScript(c);
      u.append(c);
      byte_at.push_back(static_cast<uint32_t>(start));
      if (c > 0xFFFF) byte_at.push_back(static_cast<uint32_t>(start));
    }
    byte_at.push_back(static_cast<uint32_t>(n));
  }

  // 1. ICU word segments.
  std::vector<Span> spans;
  {
    std::unique_ptr<icu::BreakIterator> bi(impl_->word_breaker->clone());
    bi->setText(u);
    int32_t start = bi->first();
    for (int32_t end = bi->next(); end != icu::BreakIterator::DONE; start = end, end = bi->next()) {
      const int32_t rule = bi->getRuleStatus();
      if (rule == UBRK_WORD_NONE) continue;
      // Split on spaces that ICU may keep inside a word (U+202F is
      // ExtendNumLet since Unicode 11).
      int32_t s = start;
      for (int32_t i = start; i <= end; ++i) {
        const bool at_end = i == end;
        if (at_end || IsDigitGroupSpace(u.charAt(i))) {
          if (i > s) {
            // ICU gives one status to "s\u202F2": decide per piece.
            if (rule >= UBRK_WORD_NUMBER && rule < UBRK_WORD_NUMBER_LIMIT &&
                u_isdigit(u.char32At(s))) {
              spans.push_back({s, i, true, false});
            } else {
              AddLetterSpan(u, s, i, &spans);
            }
          }
          s = i + 1;
        }
      }
    }
  }

  // Stemming is a pure function of (language, form, lower) and most of the
  // analysis time: a per-thread cache (no locking; cleared when full) makes
  // each distinct word cost one stemming per thread.
  thread_local StemCache stem_cache[2];
  StemCache& cache = stem_cache[lang == Language::kEnglish ? 1 : 0];
  std::optional<Xapian::Stem> stemmer;
  std::string key;
  auto bytes = [&](int32_t b, int32_t e) {
    return std::string(text.substr(byte_at[b], byte_at[e] - byte_at[b]));
  };
  auto make_stems = [&](const std::string& lower, const std::string& form, Token* t) {
    if (t->stopword) return;
    key.assign(form).push_back('\0');
    key.append(lower);
    auto it = cache.find(key);
    if (it == cache.end()) {
      if (!stemmer.has_value()) stemmer.emplace(lang == Language::kEnglish ? "english" : "french");
      std::string a = (*stemmer)(form);
      std::string b = impl_->FoldAccents((*stemmer)(lower));
      if (cache.size() >= kStemCacheSize) cache.clear();
      it = cache.emplace(key, std::make_pair(std::move(a), std::move(b))).first;
    }
    const auto& [a, b] = it->second;
    t->stems.push_back(a);
    if (b != a) t->stems.push_back(b);
  };

  uint32_t position = 0;
  size_t i = 0;
  while (i < spans.size()) {
    // 2. Digit groups: "10 000 000" -> one number token.
    Span sp = spans[i];
    size_t next = i + 1;
    if (sp.number && sp.end - sp.begin <= 3) {
      while (next < spans.size() && spans[next].number &&
             spans[next].end - spans[next].begin == 3 && spans[next].begin == sp.end + 1 &&
             IsDigitGroupSpace(u.charAt(sp.end))) {
        bool all_digits = true;
        for (int32_t k = spans[next].begin; k < spans[next].end; ++k) {
          all_digits = all_digits && u_isdigit(u.charAt(k));
        }
        if (!all_digits) break;
        sp.end = spans[next].end;
        ++next;
      }
    }
    if (next > i + 1) {
      Token t;
      t.surface = bytes(sp.begin, sp.end);
      for (int32_t k = sp.begin; k < sp.end; ++k) {
        if (u_isdigit(u.charAt(k)))
          t.form.push_back(static_cast<char>('0' + u_charDigitValue(u.charAt(k))));
      }
      t.byte_begin = byte_at[sp.begin];
      t.byte_end = byte_at[sp.end];
      t.position = position++;
      t.stems.push_back(t.form);
      tokens.push_back(std::move(t));
      i = next;
      continue;
    }

    // 3. Hyphenated compounds: collect a chain a-b-c of adjacent spans.
    size_t chain_end = i + 1;
    // "R&D", "AT&T": short words joined by '&' are compounds too.
    auto connects = [&](const Span& a, const Span& b) {
      if (b.begin != a.end + 1) return false;
      const UChar c = u.charAt(a.end);
      return IsHyphen(c) || (c == '&' && a.end - a.begin <= 3 && b.end - b.begin <= 3);
    };
    bool all_numbers = spans[i].number;
    while (chain_end < spans.size() && connects(spans[chain_end - 1], spans[chain_end])) {
      all_numbers = all_numbers && spans[chain_end].number;
      ++chain_end;
    }

    std::string joined_lower, joined_form;
    const size_t first_token = tokens.size();
    for (size_t k = i; k < chain_end; ++k) {
      const Span& part = spans[k];
      int32_t b = part.begin;
      std::string surface = bytes(part.begin, part.end);
      std::string lower = impl_->Lower(surface);

      // 4. Elision (French only): "l'innovation" -> "innovation".
      if (lang == Language::kFrench) {
        const size_t apos = lower.find('\'');
        if (apos != std::string::npos && apos + 1 < lower.size()) {
          const std::string head = lower.substr(0, apos);
          for (const char* e : kElisions) {
            if (head == e) {
              // Advance the UTF-16 start past the elided letters and apostrophe.
              // A compatibility character ("ŉ" -> "ʼn") may hold the apostrophe
              // itself: then the token keeps its whole span.
              int32_t q = b;
              while (q < part.end && !IsApostrophe(u.char32At(q))) q += U16_LENGTH(u.char32At(q));
              if (q < part.end) b = q + 1;
              lower = lower.substr(apos + 1);
              surface = bytes(b, part.end);
              break;
            }
          }
        }
      } else if (lower.size() > 2 && lower.compare(lower.size() - 2, 2, "'s") == 0) {
        lower.resize(lower.size() - 2);  // English possessive.
      }
      // Stray apostrophes at the edges.
      while (!lower.empty() && lower.back() == '\'') lower.pop_back();
      while (!lower.empty() && lower.front() == '\'') lower.erase(0, 1);
      if (lower.empty()) continue;

      if (part.acronym) lower.erase(std::remove(lower.begin(), lower.end(), '.'), lower.end());
      std::vector<std::string> pieces;
      pieces.push_back(std::move(lower));

      for (std::string& piece : pieces) {
        Token t;
        t.surface = surface;
        t.byte_begin = byte_at[b];
        t.byte_end = byte_at[part.end];
        t.form = impl_->FoldAccents(piece);
        t.position = position++;
        t.stopword = impl_->IsStop(t.form, lang);
        if (part.number) {
          if (!t.stopword) t.stems.push_back(t.form);
        } else {
          make_stems(piece, t.form, &t);
        }
        joined_lower += piece;
        joined_form += t.form;
        tokens.push_back(std::move(t));
      }
    }
    // The joined compound shares its first part's position.
    if (chain_end - i > 1 && tokens.size() - first_token > 1 && !all_numbers) {
      Token t;
      t.byte_begin = tokens[first_token].byte_begin;
      t.byte_end = tokens.back().byte_end;
      t.surface = std::string(text.substr(t.byte_begin, t.byte_end - t.byte_begin));
      t.form = joined_form;
      t.position = tokens[first_token].position;
      t.joined = true;
      make_stems(joined_lower, joined_form, &t);
      tokens.push_back(std::move(t));
    }
    i = chain_end;
  }

  // 6. URLs and e-mail addresses, also kept whole (their parts are above).
  for (const auto& [b, e] : FindAddresses(u)) {
    const uint32_t bb = byte_at[b], be = byte_at[e];
    if (be - bb > 200) continue;  // Xapian terms are limited to 245 bytes.
    size_t first = 0;
    while (first < tokens.size() && tokens[first].byte_begin < bb) ++first;
    size_t last = first;
    while (last < tokens.size() && tokens[last].byte_end <= be) ++last;
    if (last == first) continue;
    Token t;
    t.surface = std::string(text.substr(bb, be - bb));
    t.form = absl::AsciiStrToLower(t.surface);
    t.byte_begin = bb;
    t.byte_end = be;
    t.position = tokens[first].position;
    t.joined = true;
    t.stems.push_back(t.form);
    tokens.insert(tokens.begin() + static_cast<std::ptrdiff_t>(last), std::move(t));
  }
  return tokens;
}

}  // namespace meute::ingest
