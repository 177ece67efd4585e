#include "ingest/readers/rss_atom_reader.h"

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

  // Text of `node` within the field budget; sets overflow_ if cut.
  std::string Text(const xmlNode* node) {
    TextBudget budget{out_->options().max_field_bytes + 1};
    std::string text = internal::BoundedText(node, &budget);
    if (budget.exhausted) overflow_ = true;
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

  bool overflow() const { return overflow_; }

 private:
  ResultBuilder* out_;
  std::set<std::string>* external_entities_;
  bool overflow_ = false;
};

struct FeedInfo {
  std::string title;
  std::string lang;
};

void ReadItem(xmlNode* item, const FeedInfo& feed, const Mapping* mapping,
              absl::string_view file_name, ResultBuilder* out, std::set<std::string>* used_ids,
              std::set<std::string>* external_entities) {
  const int line = static_cast<int>(xmlGetLineNo(item));
  ItemReader r(out, external_entities);
  Document doc;
  doc.kind = Kind::kNews;
  std::string guid, description, content, date_text, author;
  std::vector<std::string> date_candidates;
  for (xmlNode* c = item->children; c != nullptr; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) continue;
    const std::string name = LocalName(c);
    const std::string prefix = internal::Prefix(c);
    if (name == "title") {
      std::string t = r.RichText(c);
      doc.title = internal::CollapseWhitespace(t);
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
  if (r.overflow()) {
    out->Reject(line, 0,
                absl::StrCat("item larger than ", out->options().max_field_bytes,
                             " bytes once entities are expanded (entity expansion attack?); "
                             "item skipped"));
    return;
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
  std::vector<internal::XmlProblem> problems;
  internal::XmlDocPtr doc = internal::ParseXml(decoded.text, &problems);
  for (const internal::XmlProblem& p : problems) {
    if (p.fatal) {
      out.Error(p.line, p.column, absl::StrCat("XML: ", p.message));
    } else {
      out.Warning(p.line, p.column, absl::StrCat("XML: ", p.message));
    }
  }
  xmlNode* root = doc != nullptr ? xmlDocGetRootElement(doc.get()) : nullptr;
  if (root == nullptr) {
    out.Error(0, 0, "not a feed: no XML element could be read");
    return std::move(out).Finish();
  }
  const std::string root_name = LocalName(root);
  if (root_name != "rss" && root_name != "rdf" && root_name != "feed" &&
      root_name != "channel") {
    out.Error(static_cast<int>(xmlGetLineNo(root)), 0,
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
        if (name == "title" && feed.title.empty() &&
            (parent == "channel" || parent == "feed")) {
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
