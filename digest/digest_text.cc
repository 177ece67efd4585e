#include "digest/digest_text.h"

#include <cmath>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "ingest/utf8.h"

namespace meute::digest {
namespace {

constexpr absl::string_view kNarrowNbsp = "\u202f";

// `s` with invalid UTF-8 replaced by U+FFFD.
std::string ValidUtf8(absl::string_view s) {
  std::string out(s);
  if (ingest::FindInvalidUtf8(out) != std::string::npos) ingest::RepairUtf8(&out);
  return out;
}

bool IsDroppedControl(unsigned char c) { return (c < 0x20 && c != '\t' && c != '\n') || c == 0x7f; }

void AppendHex(unsigned char c, std::string* out) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  out->push_back('%');
  out->push_back(kHex[c >> 4]);
  out->push_back(kHex[c & 15]);
}

// Groups the digits of a non-negative integer by three with U+202F.
std::string GroupThousands(int64_t n) {
  std::string digits = absl::StrCat(n);
  std::string out;
  const size_t first = digits.size() % 3 == 0 ? 3 : digits.size() % 3;
  out.append(digits, 0, first);
  for (size_t i = first; i < digits.size(); i += 3) {
    out.append(kNarrowNbsp.data(), kNarrowNbsp.size());
    out.append(digits, i, 3);
  }
  return out;
}

// "2.5" -> "2,5", "2.0" -> "2".
std::string FrenchDecimal(double v, int decimals) {
  std::string s = absl::StrFormat("%.*f", decimals, v);
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  absl::StrReplaceAll({{".", ","}}, &s);
  return s;
}

// EscapeHtmlText() and, with `attribute`, EscapeHtmlAttribute().
std::string EscapeHtml(absl::string_view raw, bool attribute) {
  const std::string s = ValidUtf8(raw);
  std::string out;
  out.reserve(s.size() + s.size() / 8);
  for (char ch : s) {
    const unsigned char c = static_cast<unsigned char>(ch);
    const char* entity = nullptr;
    switch (c) {
      case '&':
        entity = "&amp;";
        break;
      case '<':
        entity = "&lt;";
        break;
      case '>':
        entity = "&gt;";
        break;
      case '"':
        if (attribute) entity = "&quot;";
        break;
      case '\'':
        if (attribute) entity = "&#39;";
        break;
      case '`':
        if (attribute) entity = "&#96;";
        break;
      case '\n':
      case '\t':
        if (attribute) entity = " ";
        break;
      default:
        break;
    }
    if (entity != nullptr) {
      out += entity;
    } else if (!IsDroppedControl(c)) {
      out.push_back(ch);
    }
  }
  return out;
}

}  // namespace

std::string EscapeHtmlText(absl::string_view raw) { return EscapeHtml(raw, false); }

std::string EscapeHtmlAttribute(absl::string_view raw) { return EscapeHtml(raw, true); }

std::optional<std::string> SafeHttpUrl(absl::string_view url) {
  url = absl::StripAsciiWhitespace(url);
  size_t scheme_len = 0;
  if (absl::StartsWithIgnoreCase(url, "https://")) {
    scheme_len = 8;
  } else if (absl::StartsWithIgnoreCase(url, "http://")) {
    scheme_len = 7;
  } else {
    return std::nullopt;
  }
  const absl::string_view rest = url.substr(scheme_len);
  // A host must follow: not empty, not another slash.
  if (rest.empty() || rest[0] == '/' || rest[0] == '\\' || rest[0] == '?' || rest[0] == '#') {
    return std::nullopt;
  }
  std::string out = absl::AsciiStrToLower(url.substr(0, scheme_len));
  for (char ch : rest) {
    const unsigned char c = static_cast<unsigned char>(ch);
    if (c <= 0x20 || c >= 0x7f || c == '"' || c == '<' || c == '>' || c == '\\' || c == '^' ||
        c == '`' || c == '{' || c == '|' || c == '}') {
      AppendHex(c, &out);
    } else {
      out.push_back(ch);
    }
  }
  return out;
}

std::string EscapeMarkdown(absl::string_view raw) {
  const std::string s = ValidUtf8(raw);
  std::string out;
  out.reserve(s.size() + s.size() / 8);
  for (size_t i = 0; i < s.size(); ++i) {
    const char ch = s[i];
    const unsigned char c = static_cast<unsigned char>(ch);
    switch (ch) {
      case '\\':
      case '`':
      case '*':
      case '_':
      case '[':
      case ']':
      case '<':
      case '>':
      case '|':
      case '~':
        out.push_back('\\');
        out.push_back(ch);
        break;
      case '&': {
        // Only "&name;" / "&#123;" would be decoded as an entity.
        size_t j = i + 1;
        while (j < s.size() &&
               (absl::ascii_isalnum(static_cast<unsigned char>(s[j])) || s[j] == '#'))
          ++j;
        if (j > i + 1 && j < s.size() && s[j] == ';') out.push_back('\\');
        out.push_back('&');
        break;
      }
      case '\n':
      case '\r':
      case '\t':
        out.push_back(' ');
        break;
      default:
        if (!IsDroppedControl(c)) out.push_back(ch);
    }
  }
  return out;
}

std::optional<std::string> MarkdownUrl(absl::string_view url) {
  std::optional<std::string> safe = SafeHttpUrl(url);
  if (!safe) return std::nullopt;
  return absl::StrReplaceAll(*safe, {{"(", "%28"}, {")", "%29"}});
}

std::string CollapseSpaces(absl::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool pending_space = false;
  for (char ch : s) {
    if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f' || ch == '\v') {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    out.push_back(ch);
  }
  return out;
}

size_t Utf8Length(absl::string_view s) {
  size_t n = 0;
  for (char ch : s) n += (static_cast<unsigned char>(ch) & 0xC0) != 0x80;
  return n;
}

std::string Shorten(absl::string_view raw, size_t max_chars) {
  std::string s = CollapseSpaces(ValidUtf8(raw));
  if (Utf8Length(s) <= max_chars) return s;
  if (max_chars == 0) return "";
  // Byte offset where code point number `max_chars - 1` starts (leave room
  // for the ellipsis).
  size_t cut = 0;
  size_t seen = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
      if (seen == max_chars - 1) {
        cut = i;
        break;
      }
      ++seen;
    }
  }
  size_t space = s.rfind(' ', cut);
  // Prefer ending on a word when that keeps at least two thirds of the text.
  if (space != std::string::npos && space > 0 && space * 3 >= cut * 2) cut = space;
  s.resize(cut);
  while (!s.empty() && (s.back() == ' ' || s.back() == ',' || s.back() == ';' || s.back() == ':'))
    s.pop_back();
  return s + "…";
}

std::string FrenchEuros(double amount) {
  if (!std::isfinite(amount) || amount < 0) return "";
  if (amount >= 1e6) {
    return absl::StrCat(FrenchDecimal(amount / 1e6, amount >= 1e8 ? 0 : 1), kNarrowNbsp, "M€");
  }
  return absl::StrCat(GroupThousands(static_cast<int64_t>(std::llround(amount))), kNarrowNbsp, "€");
}

std::string Countdown(int days_left) {
  if (days_left < 0) return "clos";
  if (days_left == 0) return "Jour J";
  return absl::StrCat("J-", days_left);
}

std::string FrenchGrowth(double ratio) {
  if (!std::isfinite(ratio)) return "";
  const int64_t pct = std::llround((ratio - 1.0) * 100.0);
  if (pct >= 0) return absl::StrCat("+", pct, kNarrowNbsp, "%");
  return absl::StrCat("−", -pct, kNarrowNbsp, "%");
}

FoldedText FoldWithOrigin(absl::string_view s) {
  static constexpr std::pair<absl::string_view, absl::string_view> kMap[] = {
      {"\u2019", "'"}, {"\u00a0", " "}, {"\u202f", " "}, {"É", "é"}, {"È", "è"},
      {"À", "à"},      {"Ê", "ê"},      {"Ç", "ç"},      {"Ô", "ô"}, {"Î", "î"}};
  FoldedText out;
  out.text.reserve(s.size());
  out.origin.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    bool mapped = false;
    if (static_cast<unsigned char>(s[i]) >= 0x80) {
      for (const auto& [from, to] : kMap) {
        if (absl::StartsWith(s.substr(i), from)) {
          for (char c : to) {
            out.text.push_back(c);
            out.origin.push_back(i);
          }
          i += from.size();
          mapped = true;
          break;
        }
      }
    }
    if (mapped) continue;
    out.text.push_back(absl::ascii_tolower(static_cast<unsigned char>(s[i])));
    out.origin.push_back(i);
    ++i;
  }
  return out;
}

std::string FoldForMatching(absl::string_view s) { return FoldWithOrigin(s).text; }

size_t FindWord(absl::string_view haystack, absl::string_view needle, bool whole_word) {
  if (needle.empty()) return absl::string_view::npos;
  auto is_word = [](char c) { return absl::ascii_isalnum(static_cast<unsigned char>(c)); };
  for (size_t at = haystack.find(needle); at != absl::string_view::npos;
       at = haystack.find(needle, at + 1)) {
    if (at > 0 &&
        (is_word(haystack[at - 1]) || static_cast<unsigned char>(haystack[at - 1]) >= 0x80)) {
      continue;
    }
    const size_t end = at + needle.size();
    if (whole_word && end < haystack.size() &&
        (is_word(haystack[end]) || static_cast<unsigned char>(haystack[end]) >= 0x80)) {
      continue;
    }
    return at;
  }
  return absl::string_view::npos;
}

std::vector<std::string> WrapText(absl::string_view raw, size_t max_chars) {
  max_chars = std::max<size_t>(max_chars, 2);
  std::vector<std::string> lines;
  std::string line;
  for (absl::string_view word : absl::StrSplit(CollapseSpaces(raw), ' ', absl::SkipEmpty())) {
    std::string w(word);
    // A word longer than a line is cut after max_chars - 1 code points, with
    // a hyphen at the end of each piece but the last.
    while (Utf8Length(w) > max_chars) {
      if (!line.empty()) {
        lines.push_back(std::move(line));
        line.clear();
      }
      size_t bytes = 0, chars = 0;
      while (chars + 1 < max_chars && bytes < w.size()) {
        const unsigned char c = static_cast<unsigned char>(w[bytes]);
        bytes += c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
        ++chars;
      }
      bytes = std::min(bytes, w.size());
      lines.push_back(absl::StrCat(w.substr(0, bytes), "-"));
      w = w.substr(bytes);
    }
    if (w.empty()) continue;
    const std::string candidate = line.empty() ? w : absl::StrCat(line, " ", w);
    if (!line.empty() && Utf8Length(candidate) > max_chars) {
      lines.push_back(std::move(line));
      line = std::move(w);
    } else {
      line = candidate;
    }
  }
  if (!line.empty()) lines.push_back(std::move(line));
  return lines;
}

}  // namespace meute::digest
