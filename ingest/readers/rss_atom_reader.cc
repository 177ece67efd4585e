#include "ingest/readers/rss_atom_reader.h"

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "ingest/french_date.h"
#include "ingest/readers/html_text.h"
#include "ingest/readers/libxml_util.h"
#include "ingest/readers/mapped_record.h"
#include "ingest/readers/reader_common.h"

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

}  // namespace internal

namespace {

using internal::Attribute;
using internal::LocalName;
using internal::ResultBuilder;
using internal::TextBudget;

// The charset named by an XML declaration, "" if none.
std::string DeclaredEncoding(absl::string_view content) {
  if (!absl::StartsWith(content, "<?xml")) return "";
  absl::string_view decl = content.substr(0, content.find("?>"));
  const size_t at = decl.find("encoding");
  if (at == absl::string_view::npos) return "";
  size_t q = decl.find_first_of("\"'", at);
  if (q == absl::string_view::npos) return "";
  const size_t end = decl.find(decl[q], q + 1);
  if (end == absl::string_view::npos) return "";
  return std::string(decl.substr(q + 1, end - q - 1));
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

  // Text of an element whose content may be HTML (escaped or inline XHTML).
  std::string RichText(const xmlNode* node) {
    const std::string type = absl::AsciiStrToLower(Attribute(node, "type"));
    if (type == "xhtml") {
      internal::BlockOptions opts;
      opts.max_bytes = out_->options().max_field_bytes + 1;
      return internal::JoinBlocks(internal::ExtractBlocks(const_cast<xmlNode*>(node), opts));
    }
    std::string raw = Text(node);
    if (type == "text") return internal::CollapseWhitespace(raw);
    return internal::HtmlFragmentToText(raw);
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
  bool has_own_title = false;
  for (xmlNode* c = item->children; c != nullptr; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) continue;
    const std::string name = LocalName(c);
    const std::string prefix = internal::Prefix(c);
    if (name == "title") {
      // The item's own title wins over the titles of extensions (media:title,
      // itunes:title, dc:title), whatever their order: those only stand in.
      const bool own =
          prefix.empty() || (prefix != "media" && prefix != "itunes" && prefix != "dc" &&
                             prefix != "dcterms" && prefix != "googleplay");
      if (own || !has_own_title) doc.title = internal::CollapseWhitespace(r.RichText(c));
      has_own_title = has_own_title || own;
    } else if (name == "link") {
      const std::string rel = Attribute(c, "rel");
      std::string href = Attribute(c, "href");
      if (href.empty()) href = internal::CollapseWhitespace(r.Text(c));
      if (!href.empty() && (doc.url.empty() || rel.empty() || rel == "alternate")) {
        if (doc.url.empty() || rel == "alternate") doc.url = href;
      }
    } else if (name == "guid" || (name == "id" && prefix.empty())) {
      guid = internal::CollapseWhitespace(r.Text(c));
    } else if (name == "pubdate" || name == "published" || name == "updated" ||
               (name == "date" && prefix == "dc") || name == "issued" || name == "modified") {
      // Publication dates first: pubDate/published/dc:date before updated.
      std::string v = internal::CollapseWhitespace(r.Text(c));
      if (name == "updated" || name == "modified") {
        date_candidates.push_back(v);
      } else {
        date_candidates.insert(date_candidates.begin(), v);
      }
    } else if (name == "description" || name == "summary") {
      description = r.RichText(c);
    } else if (name == "encoded" || (name == "content" && prefix.empty())) {
      content = r.RichText(c);
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
  doc.text = content.size() > description.size() ? content : description;
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
  internal::DecodedText decoded = internal::DecodeText(content, DeclaredEncoding(content));
  if (decoded.converted && decoded.encoding != DeclaredEncoding(content)) {
    out.Warning(0, 0, absl::StrCat("not valid UTF-8: read as ", decoded.encoding));
  }
  for (int line : decoded.repaired_lines) {
    out.Warning(line, 0, "invalid UTF-8 replaced by U+FFFD");
  }
  std::vector<std::pair<int, std::string>> entity_problems;
  const std::string xml =
      internal::NeutralizeDoctype(decoded.text, options.max_field_bytes, &entity_problems);
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
          feed.title = internal::CollapseWhitespace(feed_reader.RichText(n));
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
