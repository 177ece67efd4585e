#include "ingest/readers/html_reader.h"

#include <map>
#include <set>
#include <string>
#include <vector>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "ingest/french_date.h"
#include "ingest/readers/html_readability.h"
#include "ingest/readers/html_text.h"
#include "ingest/readers/libxml_util.h"
#include "ingest/readers/mapped_record.h"
#include "ingest/readers/reader_common.h"

namespace meute::ingest {
namespace internal {
namespace {

// Lower-case ASCII words of `s`: French accents folded, other letters of
// any script kept, ASCII digits and punctuation taken as spaces
// ("Twitter27" -> "twitter").
std::vector<std::string> FoldedWords(absl::string_view s) {
  static const std::pair<absl::string_view, char> kFolds[] = {
      {"\xC3\xA0", 'a'}, {"\xC3\xA2", 'a'}, {"\xC3\xA7", 'c'}, {"\xC3\xA8", 'e'},
      {"\xC3\xA9", 'e'}, {"\xC3\xAA", 'e'}, {"\xC3\xAB", 'e'}, {"\xC3\xAE", 'i'},
      {"\xC3\xAF", 'i'}, {"\xC3\xB4", 'o'}, {"\xC3\xB9", 'u'}, {"\xC3\xBB", 'u'},
      {"\xC3\x80", 'a'}, {"\xC3\x89", 'e'}, {"\xC3\x88", 'e'}, {"\xC3\x8A", 'e'},
  };
  std::string out;
  for (size_t i = 0; i < s.size();) {
    const char c = s[i];
    if (absl::ascii_isalpha(static_cast<unsigned char>(c))) {
      out += absl::ascii_tolower(static_cast<unsigned char>(c));
      ++i;
      continue;
    }
    bool folded = false;
    for (const auto& [from, to] : kFolds) {
      if (s.substr(i, from.size()) == from) {
        out += to;
        i += from.size();
        folded = true;
        break;
      }
    }
    if (folded) continue;
    // Other letters and digits (any script) are kept as they are: a short
    // line in Chinese or Arabic is words, not symbols.
    const size_t start = i;
    UChar32 cp = 0;
    U8_NEXT(s.data(), i, s.size(), cp);
    if (cp > 0x7F && u_isalnum(cp)) {
      out.append(s.data() + start, i - start);
    } else {
      out += ' ';
    }
  }
  return absl::StrSplit(out, ' ', absl::SkipEmpty());
}

bool IsOneOf(absl::string_view s, std::initializer_list<absl::string_view> set) {
  for (absl::string_view e : set) {
    if (s == e) return true;
  }
  return false;
}

// The charset of a <meta charset> or http-equiv Content-Type, "" if none.
std::string DeclaredCharset(absl::string_view html) {
  const std::string head = absl::AsciiStrToLower(html.substr(0, 4096));
  size_t at = head.find("charset=");
  if (at == std::string::npos) return "";
  at += 8;
  while (at < head.size() && (head[at] == '"' || head[at] == '\'' || head[at] == ' ')) ++at;
  size_t end = at;
  while (end < head.size() && (absl::ascii_isalnum(static_cast<unsigned char>(head[end])) ||
                               head[end] == '-' || head[end] == '_')) {
    ++end;
  }
  return head.substr(at, end - at);
}

struct PageMeta {
  std::map<std::string, std::string> meta;  // name/property/itemprop -> content (first).
  std::string canonical;
  std::string lang;
  std::string first_time;  // datetime attribute, else text, of the first <time>.
};

void CollectMeta(xmlNode* root, PageMeta* m) {
  m->lang = NormalizeLanguageTag(Attribute(root, "lang"));
  if (m->lang.empty()) m->lang = NormalizeLanguageTag(Attribute(root, "xml:lang"));
  Walk(
      root,
      [&](xmlNode* n) {
        if (n->type != XML_ELEMENT_NODE) return false;
        const std::string tag = LocalName(n);
        if (IsNonTextElement(n) || tag == "title") return false;
        if (tag == "meta") {
          std::string key = Attribute(n, "property");
          if (key.empty()) key = Attribute(n, "name");
          if (key.empty()) key = Attribute(n, "itemprop");
          key = absl::AsciiStrToLower(key);
          std::string content = Attribute(n, "content");
          if (content.empty()) content = Attribute(n, "datetime");
          if (!key.empty() && !content.empty()) m->meta.emplace(key, content);
          return false;
        }
        if (tag == "link" && absl::AsciiStrToLower(Attribute(n, "rel")) == "canonical") {
          if (m->canonical.empty()) m->canonical = Attribute(n, "href");
          return false;
        }
        if (tag == "time" && m->first_time.empty()) {
          m->first_time = Attribute(n, "datetime");
          if (m->first_time.empty()) {
            TextBudget budget{256};
            m->first_time = CollapseWhitespace(BoundedText(n, &budget));
          }
        }
        return true;
      },
      [](xmlNode*) {});
}

// `title` without a trailing " | Site" when Site is the page's site name
// (og:title often carries it).
std::string StripSiteSuffix(const std::string& title, const std::string& site) {
  if (site.empty()) return title;
  for (absl::string_view sep :
       {" | ", " - ", " \xE2\x80\x93 ", " \xE2\x80\x94 ", " :: ", " : ", " \xC2\xBB ", " / "}) {
    const size_t at = title.rfind(std::string(sep));
    if (at == std::string::npos || at == 0) continue;
    if (absl::EqualsIgnoreCase(title.substr(at + sep.size()), site)) return title.substr(0, at);
  }
  return title;
}

}  // namespace

bool IsBoilerplateLine(absl::string_view line) {
  if (line.size() > 100) return false;
  const std::vector<std::string> words = FoldedWords(line);
  if (words.empty()) return !line.empty();  // Only digits or symbols ("|", "27", "©").
  if (words.size() > 8) return false;
  std::string joined;
  for (const std::string& w : words) {
    if (!joined.empty()) joined += ' ';
    joined += w;
  }
  if (IsOneOf(joined, {"menu",
                       "fermer le menu",
                       "ouvrir le menu",
                       "menu principal",
                       "fermer",
                       "close",
                       "open menu",
                       "close menu",
                       "rechercher",
                       "recherche",
                       "search",
                       "accueil",
                       "home",
                       "retour",
                       "retour en haut",
                       "haut de page",
                       "back to top",
                       "en complement",
                       "lire aussi",
                       "a lire aussi",
                       "voir aussi",
                       "sur le meme sujet",
                       "articles similaires",
                       "articles lies",
                       "partager",
                       "partager cet article",
                       "partagez",
                       "partager sur",
                       "share",
                       "share this",
                       "imprimer",
                       "print",
                       "suivez nous",
                       "follow us",
                       "plan du site",
                       "mentions legales",
                       "nous contacter",
                       "publicite",
                       "lire la suite",
                       "read more",
                       "skip to content",
                       "aller au contenu",
                       "aller au contenu principal",
                       "connexion",
                       "se connecter",
                       "s inscrire",
                       "inscription",
                       "abonnez vous",
                       "s abonner",
                       "tous droits reserves",
                       "copyright",
                       "accepter",
                       "refuser",
                       "tout accepter",
                       "tout refuser",
                       "parametrer les cookies",
                       "envoyer par e mail",
                       "envoyer par email",
                       "copier le lien",
                       "precedent",
                       "suivant",
                       "article precedent",
                       "article suivant"})) {
    return true;
  }
  if (words.size() > 6) return false;
  for (const std::string& w : words) {
    if (IsOneOf(w, {"newsletter", "newsletters", "twitter", "facebook", "linkedin", "instagram",
                    "youtube", "whatsapp", "pinterest", "tiktok", "mastodon", "cookie", "cookies",
                    "bluesky", "dailymotion"})) {
      return true;
    }
  }
  return false;
}

}  // namespace internal

ReadResult ParseHtmlPage(absl::string_view content, absl::string_view file_name,
                         const ReaderOptions& options, const Mapping* mapping) {
  using internal::HtmlBlock;
  internal::ResultBuilder out(file_name, options);
  const std::string declared = internal::DeclaredCharset(content);
  internal::DecodedText decoded = internal::DecodeText(content, declared);
  if (decoded.converted && !absl::EqualsIgnoreCase(decoded.encoding, declared)) {
    out.Warning(0, 0, absl::StrCat("not valid UTF-8: read as ", decoded.encoding));
  }
  for (int line : decoded.repaired_lines) {
    out.Warning(line, 0, "invalid UTF-8 replaced by U+FFFD");
  }
  internal::XmlDocPtr doc = internal::ParseHtml(decoded.text);
  xmlNode* root = doc != nullptr ? internal::LibXml().DocGetRootElement(doc.get()) : nullptr;
  if (root == nullptr) {
    out.Reject(1, 0, "not an HTML page: nothing could be read");
    return std::move(out).Finish();
  }
  internal::PageMeta m;
  internal::CollectMeta(root, &m);
  auto meta = [&](std::initializer_list<const char*> keys) -> std::string {
    for (const char* k : keys) {
      auto it = m.meta.find(k);
      if (it != m.meta.end() && !absl::StripAsciiWhitespace(it->second).empty()) {
        return internal::CollapseWhitespace(it->second);
      }
    }
    return "";
  };

  Document d;
  d.kind = Kind::kNews;
  d.url = m.canonical.empty() ? meta({"og:url"}) : internal::CollapseWhitespace(m.canonical);
  d.lang = m.lang;
  if (d.lang.empty()) d.lang = internal::NormalizeLanguageTag(meta({"og:locale", "language"}));

  // The article: Readability's algorithm (html_readability.h).
  const size_t max_bytes = options.max_field_bytes + 1;
  internal::ReadabilityArticle article = internal::ExtractArticle(root, max_bytes);
  d.source = meta({"og:site_name", "application-name"});
  if (d.source.empty()) d.source = internal::CollapseWhitespace(article.site_name);
  d.title = internal::StripSiteSuffix(internal::CollapseWhitespace(article.title), d.source);
  std::vector<HtmlBlock> blocks;
  std::string date_line;  // A block of the article that is only a date.
  for (HtmlBlock& b : article.blocks) {
    // A table cell is data: "27" or "12 mars 2026" in a table stays.
    const bool cell = b.tag == "td" || b.tag == "th";
    if (!cell && internal::IsBoilerplateLine(b.text)) continue;
    if (!cell && b.text.size() < 80) {
      if (std::optional<std::string> date = ParseDate(b.text)) {
        if (date_line.empty()) date_line = *date;
        continue;
      }
    }
    blocks.push_back(std::move(b));
  }
  // The title repeated as the first heading is not text.
  const std::vector<std::string> title_words = internal::FoldedWords(d.title);
  if (!blocks.empty() && internal::FoldedWords(blocks.front().text) == title_words) {
    blocks.erase(blocks.begin());
  }
  d.text = internal::JoinBlocks(blocks);
  if (d.text.empty()) {
    d.text = meta({"description", "og:description", "twitter:description"});
    if (!d.text.empty()) {
      out.Warning(0, 0, "no article text in the page: the meta description is used");
    }
  }

  // Date: metadata, then <time>, then a date line at the top of the text.
  const std::string meta_date =
      meta({"article:published_time", "og:published_time", "datepublished", "dc.date",
            "dc.date.issued", "dcterms.date", "dcterms.created", "dcterms.issued", "date",
            "pubdate", "publishdate", "publish-date", "publication_date", "sailthru.date",
            "parsely-pub-date", "article:modified_time", "datemodified"});
  for (const std::string& candidate : {meta_date, m.first_time, date_line}) {
    if (candidate.empty()) continue;
    if (std::optional<std::string> iso = ParseDate(candidate)) {
      d.date = *iso;
      break;
    }
    if (std::optional<std::string> iso = ParseDatePrefix(candidate)) {
      d.date = *iso;
      break;
    }
  }
  if (d.date.empty()) {
    if (std::optional<std::string> iso = FindDateline(d.text, 6)) d.date = *iso;
  }
  if (mapping != nullptr) {
    std::vector<internal::FieldProblem> problems;
    internal::ApplyDefaults(*mapping, /*kind_from_input=*/false, &d, &problems);
    for (internal::FieldProblem& p : problems) out.Warning(0, 0, std::move(p.message));
  }
  if (d.kind == Kind::kCall && d.deadline.empty()) {
    if (std::optional<std::string> deadline = FindDeadline(d.text)) d.deadline = *deadline;
  }
  if (d.id.empty()) d.id = d.url.empty() ? std::string(file_name) : d.url;
  if (d.title.empty() && d.text.empty()) {
    out.Reject(1, 0, "page has neither title nor text");
    return std::move(out).Finish();
  }
  out.Accept(std::move(d), 1);
  return std::move(out).Finish();
}

}  // namespace meute::ingest
