#include "ingest/readers/rss_atom_reader.h"

#include <iconv.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "ingest/french_date.h"
#include "ingest/readers/html_text.h"
#include "ingest/readers/libxml_util.h"
#include "ingest/readers/mapped_record.h"
#include "ingest/readers/reader_common.h"
#include "ingest/utf8.h"

namespace meute::ingest {
namespace internal {
namespace {

struct Entity {
  bool expandable = false;
  std::string value;
  std::string why;  // When not expandable.
};

bool IsNameStart(char c) {
  return absl::ascii_isalpha(static_cast<unsigned char>(c)) || c == '_' || c == ':' ||
         static_cast<unsigned char>(c) >= 0x80;
}
bool IsNameChar(char c) {
  return IsNameStart(c) || absl::ascii_isdigit(static_cast<unsigned char>(c)) || c == '-' ||
         c == '.';
}

// HTML entities that hand-made feeds use without declaring them.
int HtmlEntity(absl::string_view name) {
  static const auto* kTable = new std::map<std::string, int, std::less<>>{
      {"nbsp", 160},    {"copy", 169},   {"laquo", 171},  {"reg", 174},    {"deg", 176},
      {"middot", 183},  {"raquo", 187},  {"Agrave", 192}, {"Acirc", 194},  {"Ccedil", 199},
      {"Egrave", 200},  {"Eacute", 201}, {"Ecirc", 202},  {"Euml", 203},   {"Icirc", 206},
      {"Iuml", 207},    {"Ocirc", 212},  {"Ugrave", 217}, {"Ucirc", 219},  {"Uuml", 220},
      {"times", 215},   {"agrave", 224}, {"aacute", 225}, {"acirc", 226},  {"auml", 228},
      {"ccedil", 231},  {"egrave", 232}, {"eacute", 233}, {"ecirc", 234},  {"euml", 235},
      {"iacute", 237},  {"icirc", 238},  {"iuml", 239},   {"oacute", 243}, {"ocirc", 244},
      {"ouml", 246},    {"ugrave", 249}, {"uacute", 250}, {"ucirc", 251},  {"uuml", 252},
      {"yuml", 255},    {"OElig", 338},  {"oelig", 339},  {"ensp", 8194},  {"emsp", 8195},
      {"thinsp", 8201}, {"ndash", 8211}, {"mdash", 8212}, {"lsquo", 8216}, {"rsquo", 8217},
      {"sbquo", 8218},  {"ldquo", 8220}, {"rdquo", 8221}, {"bdquo", 8222}, {"bull", 8226},
      {"hellip", 8230}, {"euro", 8364},  {"trade", 8482},
  };
  auto it = kTable->find(name);
  return it == kTable->end() ? 0 : it->second;
}

// Position just after the end of the quoted string starting at `i`, or npos.
size_t SkipQuoted(absl::string_view s, size_t i) {
  const size_t end = s.find(s[i], i + 1);
  return end == absl::string_view::npos ? end : end + 1;
}

// Reads the <!ENTITY declarations of an internal DTD subset.
void ReadEntityDeclarations(absl::string_view subset, int line,
                            std::map<std::string, Entity>* entities,
                            std::vector<std::pair<int, std::string>>* problems) {
  size_t i = 0;
  while (i < subset.size()) {
    if (subset.substr(i, 4) == "<!--") {
      const size_t end = subset.find("-->", i + 4);
      if (end == absl::string_view::npos) return;
      i = end + 3;
      continue;
    }
    if (subset[i] == '"' || subset[i] == '\'') {
      i = SkipQuoted(subset, i);
      if (i == absl::string_view::npos) return;
      continue;
    }
    if (subset.substr(i, 8) != "<!ENTITY") {
      ++i;
      continue;
    }
    i += 8;
    auto skip_space = [&] {
      while (i < subset.size() && absl::ascii_isspace(static_cast<unsigned char>(subset[i]))) {
        ++i;
      }
    };
    skip_space();
    const bool parameter = i < subset.size() && subset[i] == '%';
    if (parameter) {
      ++i;
      skip_space();
    }
    const size_t name_start = i;
    while (i < subset.size() && IsNameChar(subset[i])) ++i;
    const std::string name(subset.substr(name_start, i - name_start));
    skip_space();
    if (name.empty()) continue;
    Entity e;
    if (i < subset.size() && (subset[i] == '"' || subset[i] == '\'')) {
      const size_t end = SkipQuoted(subset, i);
      if (end == absl::string_view::npos) return;
      e.value = std::string(subset.substr(i + 1, end - i - 2));
      i = end;
      if (e.value.find('<') != std::string::npos) {
        e.why = "holds markup: not expanded";
      } else if (e.value.find('%') != std::string::npos) {
        e.why = "refers to parameter entities: not expanded";
      } else {
        bool nested = false;
        for (size_t k = e.value.find('&'); k != std::string::npos; k = e.value.find('&', k + 1)) {
          if (k + 1 >= e.value.size() || e.value[k + 1] != '#') nested = true;
        }
        if (nested) {
          e.why = "refers to other entities: not expanded (entity expansion attack?)";
        } else {
          e.expandable = true;
          for (char& c : e.value) {
            if (c == '\n' || c == '\r' || c == '\t') c = ' ';
          }
        }
      }
    } else {
      e.why = "is external: not expanded (no file or network access)";
    }
    if (parameter) {
      problems->emplace_back(line, absl::StrCat("parameter entity \"", name, "\" ignored"));
      continue;
    }
    entities->emplace(name, std::move(e));  // The first declaration wins.
  }
}

}  // namespace

std::string NeutralizeDoctype(absl::string_view xml, size_t expansion_budget,
                              std::vector<std::pair<int, std::string>>* problems) {
  std::string out;
  out.reserve(xml.size());
  std::map<std::string, Entity> entities;
  std::set<std::string> reported;
  size_t expanded = 0;
  int line = 1;
  // Copies xml[from, to) unchanged, counting lines.
  auto copy = [&](size_t from, size_t to) {
    for (size_t k = from; k < to; ++k) {
      if (xml[k] == '\n') ++line;
    }
    out.append(xml.data() + from, to - from);
  };
  auto report_once = [&](const std::string& key, std::string message) {
    if (reported.insert(key).second) problems->emplace_back(line, std::move(message));
  };
  size_t i = 0;
  while (i < xml.size()) {
    const char c = xml[i];
    if (c == '<') {
      absl::string_view rest = xml.substr(i);
      size_t end = absl::string_view::npos;
      if (absl::StartsWith(rest, "<!--")) {
        end = xml.find("-->", i + 4);
        end = end == absl::string_view::npos ? xml.size() : end + 3;
      } else if (absl::StartsWith(rest, "<![CDATA[")) {
        end = xml.find("]]>", i + 9);
        end = end == absl::string_view::npos ? xml.size() : end + 3;
      }
      if (end != absl::string_view::npos) {
        copy(i, end);
        i = end;
        continue;
      }
      if (absl::StartsWith(rest, "<!DOCTYPE")) {
        // Find the end of the declaration, past an internal subset in [...].
        size_t k = i + 9;
        size_t subset_begin = 0, subset_end = 0;
        while (k < xml.size() && xml[k] != '>' && xml[k] != '[') {
          if (xml[k] == '"' || xml[k] == '\'') {
            k = SkipQuoted(xml, k);
            if (k == absl::string_view::npos) k = xml.size();
          } else {
            ++k;
          }
        }
        if (k < xml.size() && xml[k] == '[') {
          subset_begin = ++k;
          while (k < xml.size() && xml[k] != ']') {
            if (xml[k] == '"' || xml[k] == '\'') {
              k = SkipQuoted(xml, k);
              if (k == absl::string_view::npos) k = xml.size();
            } else if (xml.substr(k, 4) == "<!--") {
              k = xml.find("-->", k + 4);
              k = k == absl::string_view::npos ? xml.size() : k + 3;
            } else {
              ++k;
            }
          }
          subset_end = std::min(k, xml.size());
          k = xml.find('>', std::min(k, xml.size()));
          if (k == absl::string_view::npos) k = xml.size();
        }
        const size_t doctype_end = std::min(k + 1, xml.size());
        if (subset_end > subset_begin) {
          ReadEntityDeclarations(xml.substr(subset_begin, subset_end - subset_begin), line,
                                 &entities, problems);
        }
        // Blank it out, keeping the line count.
        for (size_t b = i; b < doctype_end; ++b) {
          if (xml[b] == '\n') {
            out += '\n';
            ++line;
          } else {
            out += ' ';
          }
        }
        i = doctype_end;
        continue;
      }
    }
    if (c == '&' && i + 2 < xml.size() && xml[i + 1] == '#' && xml[i + 2] == 'X') {
      // "&#X41;": XML wants a lower-case x, feeds write both.
      out += "&#x";
      i += 3;
      continue;
    }
    if (c == '&' && i + 1 < xml.size() && IsNameStart(xml[i + 1])) {
      size_t k = i + 1;
      while (k < xml.size() && IsNameChar(xml[k])) ++k;
      if (k < xml.size() && xml[k] == ';') {
        const std::string name(xml.substr(i + 1, k - i - 1));
        if (name == "amp" || name == "lt" || name == "gt" || name == "quot" || name == "apos") {
          copy(i, k + 1);
        } else if (auto it = entities.find(name); it != entities.end()) {
          const Entity& e = it->second;
          if (!e.expandable) {
            report_once(name, absl::StrCat("entity \"", name, "\" ", e.why));
          } else if (expanded + e.value.size() > expansion_budget) {
            report_once("\x01budget",
                        absl::StrCat("entities expand to more than ", expansion_budget,
                                     " bytes: later references left out (entity expansion "
                                     "attack?)"));
          } else {
            out += e.value;
            expanded += e.value.size();
          }
        } else if (const int cp = HtmlEntity(name); cp > 0) {
          absl::StrAppend(&out, "&#", cp, ";");
        } else {
          report_once(name, absl::StrCat("entity \"", name, "\" is not declared: left out"));
        }
        i = k + 1;
        continue;
      }
    }
    if (c == '\n') ++line;
    out += c;
    ++i;
  }
  return out;
}

namespace {

// The charset named by the XML declaration at the start of `prolog` (already
// ASCII-readable), "" if none.
std::string PrologEncoding(absl::string_view prolog) {
  if (!absl::StartsWith(prolog, "<?xml")) return "";
  absl::string_view decl = prolog.substr(0, prolog.find("?>"));
  const size_t at = decl.find("encoding");
  if (at == absl::string_view::npos) return "";
  size_t q = decl.find_first_of("\"'", at);
  if (q == absl::string_view::npos) return "";
  const size_t end = decl.find(decl[q], q + 1);
  if (end == absl::string_view::npos) return "";
  return std::string(absl::StripAsciiWhitespace(decl.substr(q + 1, end - q - 1)));
}

// `xml` (UTF-8) with the encoding named by its XML declaration replaced by
// "UTF-8": the text is UTF-8 now, and libxml2 would otherwise apply the
// declared charset again, or refuse a name it does not know ("437").
std::string DeclareUtf8(std::string xml) {
  if (!absl::StartsWith(xml, "<?xml")) return xml;
  const size_t decl_end = xml.find("?>");
  const size_t at = xml.find("encoding");
  if (at == std::string::npos || at > decl_end) return xml;
  const size_t q = xml.find_first_of("\"'", at);
  if (q == std::string::npos || q > decl_end) return xml;
  const size_t end = xml.find(xml[q], q + 1);
  if (end == std::string::npos || end > decl_end) return xml;
  xml.replace(q + 1, end - q - 1, "UTF-8");
  return xml;
}

// Names of Python's codec registry (which feeds are written against) that
// ICU spells otherwise (and WHATWG's reading of Latin-1 labels); tried first,
// with ICU then iconv.
absl::string_view CharsetAlias(absl::string_view lower) {
  static const auto* kAliases = new std::map<std::string, std::string, std::less<>>{
      {"cp_is", "ibm-861"},
      {"ibm039", "ibm-37"},
      {"ms-ansi", "windows-1252"},
      {"ms-arab", "windows-1256"},
      {"ms-cyrl", "windows-1251"},
      {"ms-ee", "windows-1250"},
      {"ms-greek", "windows-1253"},
      {"ms-hebr", "windows-1255"},
      {"ms-turk", "windows-1254"},
      {"winbaltrim", "windows-1257"},
      {"dbcs", "windows-1252"},
      {"tcvn", "tcvn5712-1"},
      {"tcvn-5712", "tcvn5712-1"},
      {"maccentraleurope", "x-mac-centraleurroman"},
      {"maclatin2", "x-mac-centraleurroman"},
      {"maccyrillic", "x-mac-cyrillic"},
      {"macgreek", "x-mac-greek"},
      {"maciceland", "mac-is"},
      {"macturkish", "x-mac-turkish"},
      {"mac", "macintosh"},
      {"macroman", "macintosh"},
      {"cp874", "windows-874"},
      // The WHATWG Encoding Standard reads these labels as Windows-1252,
      // as browsers and feed readers do (0x80-0x9F are its characters).
      {"iso-8859-1", "windows-1252"},
      {"iso8859-1", "windows-1252"},
      {"latin1", "windows-1252"},
      {"l1", "windows-1252"},
      {"us-ascii", "windows-1252"},
      {"ascii", "windows-1252"},
      {"iso-ir-100", "windows-1252"},
  };
  auto it = kAliases->find(lower);
  return it == kAliases->end() ? absl::string_view() : absl::string_view(it->second);
}

// Converts with iconv(3); false if it does not know `charset` or the bytes
// are not valid in it.
bool IconvToUtf8(absl::string_view bytes, const std::string& charset, std::string* out) {
  iconv_t cd = iconv_open("UTF-8", charset.c_str());
  if (cd == reinterpret_cast<iconv_t>(-1)) return false;
  std::string result(bytes.size() * 4 + 16, '\0');
  char* in = const_cast<char*>(bytes.data());
  size_t in_left = bytes.size();
  char* dst = result.data();
  size_t out_left = result.size();
  const size_t rc = iconv(cd, &in, &in_left, &dst, &out_left);
  iconv_close(cd);
  if (rc == static_cast<size_t>(-1) || in_left != 0) return false;
  result.resize(result.size() - out_left);
  *out = std::move(result);
  return true;
}

// Converts with the charset `name` as written in a feed: ICU's own name or
// alias, then with '_' read as '-', then the alias of Python's codecs.
bool ConvertNamed(absl::string_view bytes, absl::string_view name, std::string* out,
                  std::string* used) {
  const std::string lower = absl::AsciiStrToLower(name);
  std::string dashed = lower;
  std::replace(dashed.begin(), dashed.end(), '_', '-');
  const absl::string_view alias = CharsetAlias(dashed);
  for (absl::string_view candidate : {alias, absl::string_view(lower), absl::string_view(dashed)}) {
    if (candidate.empty()) continue;
    if (ConvertToUtf8(bytes, candidate, out)) {
      *used = std::string(name);
      return true;
    }
  }
  // Code pages ICU lacks (VISCII, TCVN, KOI8-T, Mac Icelandic...): the C
  // library's iconv, the converter libxml2 itself would use.
  if ((!alias.empty() && IconvToUtf8(bytes, std::string(alias), out)) ||
      IconvToUtf8(bytes, dashed, out)) {
    *used = std::string(name);
    return true;
  }
  return false;
}

bool IsUnicodeFamily(absl::string_view lower) {
  return absl::StartsWith(lower, "utf-16") || absl::StartsWith(lower, "utf-32") ||
         absl::StartsWith(lower, "utf16") || absl::StartsWith(lower, "utf32") ||
         absl::StartsWith(lower, "ucs-") || absl::StartsWith(lower, "iso-10646") ||
         lower == "csunicode" || lower == "csucs4" || lower == "unicode";
}

}  // namespace

DecodedText DecodeXml(absl::string_view bytes) {
  // XML 1.0, appendix F: the BOM, else the first four bytes, give the
  // encoding family; the declaration, readable in that family, names the
  // charset within it.
  struct Sniff {
    absl::string_view magic;
    const char* charset;
    size_t bom;
  };
  static constexpr Sniff kSniffs[] = {
      {absl::string_view("\x00\x00\xFE\xFF", 4), "UTF-32BE", 4},
      {absl::string_view("\xFF\xFE\x00\x00", 4), "UTF-32LE", 4},
      {absl::string_view("\xFE\xFF", 2), "UTF-16BE", 2},
      {absl::string_view("\xFF\xFE", 2), "UTF-16LE", 2},
      {absl::string_view("\x00\x00\x00\x3C", 4), "UTF-32BE", 0},
      {absl::string_view("\x3C\x00\x00\x00", 4), "UTF-32LE", 0},
      {absl::string_view("\x00\x3C\x00\x3F", 4), "UTF-16BE", 0},
      {absl::string_view("\x3C\x00\x3F\x00", 4), "UTF-16LE", 0},
      {absl::string_view("\x4C\x6F\xA7\x94", 4), "ibm-37", 0},
  };
  DecodedText d;
  for (const Sniff& s : kSniffs) {
    if (!absl::StartsWith(bytes, s.magic)) continue;
    absl::string_view body = bytes.substr(s.bom);
    std::string prolog;
    std::string charset = s.charset;
    if (absl::string_view(s.charset) == "ibm-37") {
      // EBCDIC: the declaration, read as cp037, names the code page.
      if (ConvertToUtf8(body.substr(0, 256), s.charset, &prolog)) {
        const std::string declared = PrologEncoding(prolog);
        if (!declared.empty() && ConvertNamed(body, declared, &d.text, &d.encoding)) {
          d.converted = true;
          return d;
        }
      }
    }
    if (ConvertToUtf8(body, charset, &d.text)) {
      d.encoding = charset;
      d.converted = true;
      return d;
    }
  }
  const std::string declared = PrologEncoding(bytes);
  const std::string lower = absl::AsciiStrToLower(declared);
  if (!declared.empty() && !IsUnicodeFamily(lower) && lower != "utf-8" && lower != "utf8" &&
      !absl::StartsWith(bytes, "\xEF\xBB\xBF")) {
    // An ASCII-compatible charset named by the declaration, for bytes that
    // are not valid UTF-8 (valid UTF-8 is taken as such, as DecodeText does).
    std::string text, used;
    if (FindInvalidUtf8(bytes) != absl::string_view::npos &&
        ConvertNamed(bytes, declared, &text, &used) && absl::StartsWith(text, "<?xml")) {
      d.text = std::move(text);
      d.encoding = used;
      d.converted = true;
      return d;
    }
  }
  return DecodeText(bytes);
}

}  // namespace internal

namespace {

using internal::Attribute;
using internal::LocalName;
using internal::ResultBuilder;
using internal::TextBudget;

// C1 control characters (U+0080..U+009F) are never text: in a feed they are
// Windows-1252 bytes read as Latin-1 (or &#146; references), so each becomes
// its Windows-1252 character ("don\u0092t" -> "don’t"), as feedparser does.
std::string Demoronize(absl::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    const auto b = static_cast<unsigned char>(s[i]);
    const auto next = i + 1 < s.size() ? static_cast<unsigned char>(s[i + 1]) : 0;
    std::string mapped;
    const std::string c1 = {s[i], static_cast<char>(next)};
    if (b == 0xC2 && next >= 0x80 && next <= 0x9F &&
        internal::ConvertToUtf8(std::string(1, static_cast<char>(next)), "windows-1252", &mapped) &&
        mapped != c1) {
      out += mapped;
      ++i;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

// True for the namespaces of RSS 0.9x/1.0/2.0 and Atom 0.3/1.0, and none.
bool IsCoreNamespace(const xmlNode* node) {
  if (node->ns == nullptr || node->ns->href == nullptr) return true;
  const absl::string_view href = reinterpret_cast<const char*>(node->ns->href);
  return href == "http://purl.org/rss/1.0/" || href == "http://my.netscape.com/rdf/simple/0.9/" ||
         href == "http://backend.userland.com/rss2" ||
         href == "http://blogs.law.harvard.edu/tech/rss" || href == "http://www.w3.org/2005/Atom" ||
         href == "http://purl.org/atom/ns#";
}

// An Atom entry or feed (0.3 or 1.0), by its namespace or, with none, its name.
bool IsAtom(const xmlNode* node) {
  if (node->ns != nullptr && node->ns->href != nullptr) {
    const absl::string_view href = reinterpret_cast<const char*>(node->ns->href);
    return href == "http://www.w3.org/2005/Atom" || href == "http://purl.org/atom/ns#";
  }
  const std::string name = LocalName(node);
  return name == "entry" || name == "feed";
}

// Links Meute stores: http, https and mailto URLs. Relative links were
// resolved against xml:base before; one that stays relative is refused too,
// as is any other scheme (javascript:, data:, file:...).
bool IsLinkScheme(absl::string_view url) {
  const std::string lower = absl::AsciiStrToLower(absl::StripAsciiWhitespace(url));
  return absl::StartsWith(lower, "http://") || absl::StartsWith(lower, "https://") ||
         absl::StartsWith(lower, "mailto:");
}

// Reads the fields of one item or entry.
class ItemReader {
 public:
  ItemReader(ResultBuilder* out, std::set<std::string>* external_entities)
      : out_(out), external_entities_(external_entities) {}

  // Text of `node`, cut just past the field limit (the builder warns).
  std::string Text(const xmlNode* node) {
    TextBudget budget{out_->options().max_field_bytes + 1};
    std::string text = internal::BoundedText(node, &budget);
    external_entities_->insert(budget.external_entities.begin(), budget.external_entities.end());
    return text;
  }

  // Text of a text construct: Atom's `type` (text, html, xhtml; Atom 0.3's
  // MIME types) and Atom 0.3's `mode` (xml, escaped, base64) say what it
  // holds. Atom text without a type is text, literal "<...>" kept. For RSS
  // (no type), `rss_html` says whether the element holds HTML: description
  // does; a title is read as HTML only when it looks like HTML (an end tag or
  // an escaped entity, feedparser's rule), so "the <blink> tag" stays text.
  std::string RichText(const xmlNode* node, bool atom, bool rss_html) {
    std::string type = absl::AsciiStrToLower(Attribute(node, "type"));
    const std::string mode = absl::AsciiStrToLower(Attribute(node, "mode"));
    if (type == "application/xhtml+xml") type = "xhtml";
    if (type == "text/html") type = "html";
    if (type == "text/plain") type = "text";
    // Atom 1.0 (RFC 4287 4.1.3.3): content of a MIME type that is neither
    // text nor XML is base64.
    const bool binary_type = atom && type.find('/') != std::string::npos &&
                             !absl::StartsWith(type, "text/") && !absl::EndsWith(type, "+xml") &&
                             !absl::EndsWith(type, "/xml") && type != "xhtml";
    if (mode == "base64" || binary_type) {
      std::string decoded;
      std::string raw = Text(node);
      raw.erase(
          std::remove_if(raw.begin(), raw.end(),
                         [](char c) { return absl::ascii_isspace(static_cast<unsigned char>(c)); }),
          raw.end());
      if (!absl::Base64Unescape(raw, &decoded) || FindInvalidUtf8(decoded) != std::string::npos) {
        out_->Warning(static_cast<int>(internal::LibXml().GetLineNo(node)), 0,
                      absl::StrCat("<", LocalName(node),
                                   "> says mode=\"base64\" but is not base64 of UTF-8 text: "
                                   "read as it is"));
        decoded = std::move(raw);
      }
      return type == "html" || type == "xhtml" ? internal::HtmlFragmentToText(decoded)
                                               : internal::CollapseWhitespace(decoded);
    }
    if (type == "xhtml" && mode != "escaped") {
      internal::BlockOptions opts;
      opts.max_bytes = out_->options().max_field_bytes + 1;
      return internal::JoinBlocks(internal::ExtractBlocks(const_cast<xmlNode*>(node), opts));
    }
    std::string raw = Text(node);
    bool html = type == "html" || type == "xhtml";
    if (type.empty() && !atom) html = rss_html || LooksLikeHtml(raw);
    if (!html) return internal::CollapseWhitespace(raw);
    return internal::HtmlFragmentToText(raw);
  }

  // feedparser's test: an end tag ("</b>") or an entity or character
  // reference left after XML decoding (double escaping).
  static bool LooksLikeHtml(absl::string_view s) {
    for (size_t i = s.find('<'); i != absl::string_view::npos; i = s.find('<', i + 1)) {
      if (i + 2 < s.size() && s[i + 1] == '/' &&
          absl::ascii_isalpha(static_cast<unsigned char>(s[i + 2]))) {
        size_t k = i + 2;
        while (k < s.size() && absl::ascii_isalnum(static_cast<unsigned char>(s[k]))) ++k;
        while (k < s.size() && absl::ascii_isspace(static_cast<unsigned char>(s[k]))) ++k;
        if (k < s.size() && s[k] == '>') return true;
      }
    }
    for (size_t i = s.find('&'); i != absl::string_view::npos; i = s.find('&', i + 1)) {
      size_t k = i + 1;
      if (k < s.size() && s[k] == '#') ++k;
      const size_t start = k;
      while (k < s.size() && absl::ascii_isalnum(static_cast<unsigned char>(s[k]))) ++k;
      if (k > start && k < s.size() && s[k] == ';') return true;
    }
    return false;
  }

 private:
  ResultBuilder* out_;
  std::set<std::string>* external_entities_;
};

struct FeedInfo {
  std::string title;
  std::string lang;
};

void ReadItem(xmlNode* item, const FeedInfo& feed, const Mapping* mapping,
              absl::string_view file_name, ResultBuilder* out, std::set<std::string>* used_ids,
              std::set<std::string>* external_entities) {
  const int line = static_cast<int>(internal::LibXml().GetLineNo(item));
  ItemReader r(out, external_entities);
  Document doc;
  doc.kind = Kind::kNews;
  std::string guid, description, content, date_text, author;
  std::vector<std::string> date_candidates;
  bool has_own_title = false, has_description = false, has_content = false;
  bool guid_is_permalink = false;
  const bool atom = IsAtom(item);
  for (xmlNode* c = item->children; c != nullptr; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) continue;
    const std::string name = LocalName(c);
    const std::string prefix = internal::Prefix(c);
    // RSS's and Atom's own elements; a namesake of another namespace
    // (szf:description, l:link) is not the item's.
    const bool core = IsCoreNamespace(c);
    if (name == "title") {
      // The item's own title wins over the titles of extensions (media:title,
      // itunes:title, dc:title), whatever their order: those only stand in.
      if (core || !has_own_title) {
        doc.title = internal::CollapseWhitespace(r.RichText(c, atom, /*rss_html=*/false));
      }
      has_own_title = has_own_title || core;
    } else if (name == "link" && core) {
      const std::string rel = Attribute(c, "rel");
      std::string href = Attribute(c, "href");
      if (href.empty()) href = internal::CollapseWhitespace(r.Text(c));
      if (!href.empty() && (rel.empty() || rel == "alternate")) {
        std::string url = internal::ResolveUri(c, href);
        if (!IsLinkScheme(url)) {
          out->Warning(static_cast<int>(internal::LibXml().GetLineNo(c)), 0,
                       absl::StrCat("field \"url\": link \"", url.substr(0, 80),
                                    "\" is not an http, https or mailto URL (nor relative to "
                                    "one by xml:base): left out"));
        } else if (doc.url.empty() || rel == "alternate") {
          doc.url = std::move(url);
        }
      }
    } else if ((name == "guid" || name == "id") && core) {
      guid = internal::CollapseWhitespace(r.Text(c));
      guid_is_permalink =
          name == "guid" && absl::AsciiStrToLower(Attribute(c, "isPermaLink")) != "false";
    } else if (name == "pubdate" || name == "published" || name == "updated" ||
               (name == "date" && prefix == "dc") || name == "issued" || name == "modified") {
      // Publication dates first: pubDate/published/dc:date before updated.
      std::string v = internal::CollapseWhitespace(r.Text(c));
      if (name == "updated" || name == "modified") {
        date_candidates.push_back(v);
      } else {
        date_candidates.insert(date_candidates.begin(), v);
      }
    } else if ((name == "description" || name == "summary") && core) {
      // The first one wins (an RSS item with both: feedparser's rule).
      if (!has_description) description = r.RichText(c, atom, /*rss_html=*/true);
      has_description = true;
    } else if ((name == "description" || name == "summary" || name == "abstract") &&
               !has_description && description.empty()) {
      // dc:description, itunes:summary, CDF's abstract stand in for a
      // description the item does not have.
      description = r.RichText(c, atom, /*rss_html=*/true);
    } else if (name == "body" && (c->ns == nullptr || c->ns->href == nullptr ||
                                  absl::string_view(reinterpret_cast<const char*>(c->ns->href)) ==
                                      "http://www.w3.org/1999/xhtml")) {
      // <body> or <xhtml:body> in an RSS item: inline XHTML content.
      if (!has_content) {
        internal::BlockOptions opts;
        opts.max_bytes = out->options().max_field_bytes + 1;
        content = internal::JoinBlocks(internal::ExtractBlocks(c, opts));
      }
      has_content = true;
    } else if ((name == "encoded" && !core) || (name == "content" && core) ||
               (name == "fullitem" && core)) {
      if (!has_content) content = r.RichText(c, atom, /*rss_html=*/true);
      has_content = true;
    } else if (name == "category" || name == "subject") {
      std::string term = Attribute(c, "term");
      if (term.empty()) term = internal::CollapseWhitespace(r.Text(c));
      if (!term.empty()) doc.themes.push_back(term);
    } else if (name == "author" || name == "creator") {
      const xmlNode* n = c;
      for (const xmlNode* k = c->children; k != nullptr; k = k->next) {
        if (k->type == XML_ELEMENT_NODE && LocalName(k) == "name") n = k;
      }
      author = internal::CollapseWhitespace(r.Text(n));
    } else if (name == "language") {
      doc.lang = internal::NormalizeLanguageTag(r.Text(c));
    }
  }
  doc.text = Demoronize(content.size() > description.size() ? content : description);
  doc.title = Demoronize(doc.title);
  // RSS: a guid that is a permalink (the default) is the item's link when it
  // has none.
  if (doc.url.empty() && guid_is_permalink && IsLinkScheme(guid) &&
      guid.find("://") != std::string::npos) {
    doc.url = guid;
  }
  for (const std::string& d : date_candidates) {
    if (std::optional<std::string> iso = ParseDate(d)) {
      doc.date = *iso;
      break;
    }
  }
  if (doc.date.empty() && !date_candidates.empty()) {
    out->Warning(line, 0,
                 absl::StrCat("field \"date\": could not read a date in \"",
                              date_candidates.front().substr(0, 60), "\""));
  }
  if (doc.lang.empty()) {
    const std::string item_lang = internal::NormalizeLanguageTag(Attribute(item, "lang"));
    doc.lang = item_lang.empty() ? feed.lang : item_lang;
  }
  doc.source = feed.title;
  if (!author.empty()) {
    doc.extra_json = nlohmann::json{{"author", author}}.dump(
        -1, ' ', false, nlohmann::json::error_handler_t::replace);
  }
  if (!guid.empty()) {
    // Bare numbers or slugs are only unique within their feed.
    doc.id = guid.find(':') == std::string::npos
                 ? absl::StrCat(internal::FileStem(file_name), ":", guid)
                 : guid;
  }
  if (mapping != nullptr) {
    std::vector<internal::FieldProblem> problems;
    internal::ApplyDefaults(*mapping, /*kind_from_input=*/false, &doc, &problems);
    for (internal::FieldProblem& p : problems) out->Warning(line, 0, std::move(p.message));
  }
  if (doc.id.empty()) doc.id = internal::UniqueId(internal::FallbackId(doc, file_name), used_ids);
  out->Accept(std::move(doc), line);
}

}  // namespace

ReadResult ParseFeed(absl::string_view content, absl::string_view file_name,
                     const ReaderOptions& options, const Mapping* mapping) {
  ResultBuilder out(file_name, options);
  internal::DecodedText decoded = internal::DecodeXml(content);
  if (decoded.converted && !absl::StartsWith(decoded.encoding, "UTF-") &&
      !absl::EqualsIgnoreCase(decoded.encoding, internal::PrologEncoding(content))) {
    out.Warning(0, 0, absl::StrCat("not valid UTF-8: read as ", decoded.encoding));
  }
  for (int line : decoded.repaired_lines) {
    out.Warning(line, 0, "invalid UTF-8 replaced by U+FFFD");
  }
  std::vector<std::pair<int, std::string>> entity_problems;
  const std::string xml = internal::NeutralizeDoctype(
      internal::DeclareUtf8(std::move(decoded.text)), options.max_field_bytes, &entity_problems);
  for (auto& [line, message] : entity_problems) out.Warning(line, 0, std::move(message));
  std::vector<internal::XmlProblem> problems;
  internal::XmlDocPtr doc = internal::ParseXml(xml, &problems);
  for (const internal::XmlProblem& p : problems) {
    if (p.fatal) {
      out.Error(p.line, p.column, absl::StrCat("XML: ", p.message));
    } else {
      out.Warning(p.line, p.column, absl::StrCat("XML: ", p.message));
    }
  }
  xmlNode* root = doc != nullptr ? internal::LibXml().DocGetRootElement(doc.get()) : nullptr;
  if (root == nullptr) {
    out.Error(0, 0, "not a feed: no XML element could be read");
    return std::move(out).Finish();
  }
  const std::string root_name = LocalName(root);
  if (root_name != "rss" && root_name != "rdf" && root_name != "feed" && root_name != "channel") {
    out.Error(static_cast<int>(internal::LibXml().GetLineNo(root)), 0,
              absl::StrCat("not an RSS or Atom feed (root element <", root_name, ">)"));
    return std::move(out).Finish();
  }
  FeedInfo feed;
  std::set<std::string> external_entities;
  ItemReader feed_reader(&out, &external_entities);
  feed.lang = internal::NormalizeLanguageTag(Attribute(root, "lang"));
  std::vector<xmlNode*> items;
  internal::Walk(
      root,
      [&](xmlNode* n) {
        if (n->type != XML_ELEMENT_NODE) return false;
        const std::string name = LocalName(n);
        if (name == "item" || name == "entry") {
          items.push_back(n);
          return false;
        }
        const std::string parent = LocalName(n->parent);
        if (name == "title" && feed.title.empty() && (parent == "channel" || parent == "feed")) {
          feed.title = internal::CollapseWhitespace(
              feed_reader.RichText(n, IsAtom(root), /*rss_html=*/false));
        } else if (name == "language" && parent == "channel") {
          feed.lang = internal::NormalizeLanguageTag(feed_reader.Text(n));
        }
        return name == "channel" || name == "rdf" || name == "feed";
      },
      [](xmlNode*) {});
  internal::TruncateUtf8(&feed.title, 1024);
  std::set<std::string> used_ids;
  for (xmlNode* item : items) {
    ReadItem(item, feed, mapping, file_name, &out, &used_ids, &external_entities);
  }
  for (const std::string& name : external_entities) {
    out.Warning(0, 0,
                absl::StrCat("entity \"", name,
                             "\" is external or undeclared: not expanded (no file or network "
                             "access)"));
  }
  if (items.empty()) out.Warning(0, 0, "feed has no item or entry");
  return std::move(out).Finish();
}

}  // namespace meute::ingest
