#include "ingest/readers/html_text.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "ingest/readers/libxml_util.h"
#include "ingest/readers/reader_common.h"

namespace meute::ingest::internal {
namespace {

bool IsOneOf(absl::string_view s, std::initializer_list<absl::string_view> set) {
  for (absl::string_view e : set) {
    if (s == e) return true;
  }
  return false;
}

// <object> and <embed> are not skipped: an object's content is its text
// fallback, and libxml2 puts the text after a (void) <embed> inside it.
bool IsSkippedAlways(absl::string_view tag) {
  return IsOneOf(tag, {"script", "style",  "noscript", "template", "svg",    "math",  "iframe",
                       "canvas", "head",   "title",    "meta",     "link",   "input", "textarea",
                       "select", "option", "audio",    "video",    "source", "map"});
}

// Names of class/id parts that mark page furniture.
bool IsFurnitureWord(absl::string_view w) {
  return IsOneOf(w,
                 {"nav",           "navbar",    "navigation",   "menu",     "menus",   "breadcrumb",
                  "breadcrumbs",   "sidebar",   "share",        "sharing",  "social",  "socials",
                  "newsletter",    "subscribe", "subscription", "cookie",   "cookies", "consent",
                  "footer",        "header",    "banner",       "related",  "promo",   "advert",
                  "advertisement", "ads",       "pub",          "popup",    "modal",   "comments",
                  "comment",       "toolbar",   "pagination",   "skiplink", "masthead"});
}

bool ClassNamesFurniture(absl::string_view attr) {
  for (absl::string_view name :
       absl::StrSplit(attr, absl::ByAnyChar(" \t\n\r"), absl::SkipEmpty())) {
    const std::string lower = absl::AsciiStrToLower(name);
    const std::vector<absl::string_view> parts =
        absl::StrSplit(lower, absl::ByAnyChar("-_"), absl::SkipEmpty());
    if (parts.empty()) continue;
    // "has-sidebar", "no-menu", "is-menu-open" describe the page, not a part.
    if (IsOneOf(parts.front(), {"has", "with", "no", "is", "without", "show"})) continue;
    if (IsFurnitureWord(parts.back())) return true;
    if (parts.size() <= 2 && IsFurnitureWord(parts.front())) return true;
  }
  return false;
}

}  // namespace

bool IsBlockTag(absl::string_view tag) {
  return IsOneOf(
      tag, {"p",        "div",        "section", "article", "main",   "h1",   "h2",    "h3",
            "h4",       "h5",         "h6",      "li",      "ul",     "ol",   "dl",    "dt",
            "dd",       "blockquote", "pre",     "table",   "tr",     "td",   "th",    "caption",
            "figure",   "figcaption", "address", "header",  "footer", "nav",  "aside", "form",
            "fieldset", "legend",     "details", "summary", "center", "hr",   "body",  "html",
            "hgroup",   "menu",       "dialog",  "tbody",   "thead",  "tfoot"});
}

bool IsPageFurniture(const xmlNode* element) {
  const std::string tag = LocalName(element);
  if (IsOneOf(tag, {"nav", "header", "footer", "aside", "form", "menu", "dialog", "button"})) {
    return true;
  }
  if (IsOneOf(tag, {"html", "body", "main", "article"})) return false;
  const std::string role = absl::AsciiStrToLower(Attribute(element, "role"));
  if (IsOneOf(role, {"navigation", "banner", "contentinfo", "complementary", "search", "menu",
                     "menubar", "dialog", "alertdialog"})) {
    return true;
  }
  if (absl::AsciiStrToLower(Attribute(element, "aria-hidden")) == "true") return true;
  return ClassNamesFurniture(Attribute(element, "class")) ||
         ClassNamesFurniture(Attribute(element, "id"));
}

std::vector<HtmlBlock> ExtractBlocks(xmlNode* root, const BlockOptions& options) {
  std::vector<HtmlBlock> blocks;
  std::vector<std::string> block_tags;
  std::string current;
  size_t link_bytes = 0;
  int link_depth = 0;
  size_t total = 0;
  auto flush = [&] {
    std::string text = CollapseWhitespace(current);
    current.clear();
    const size_t links = std::min(link_bytes, text.size());
    link_bytes = 0;
    if (text.empty()) return;
    total += text.size();
    blocks.push_back({std::move(text), links, block_tags.empty() ? "body" : block_tags.back()});
  };
  Walk(
      root,
      [&](xmlNode* n) {
        if (total + current.size() >= options.max_bytes) return false;
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
          if (n->content == nullptr) return false;
          const char* text = reinterpret_cast<const char*>(n->content);
          current += text;
          if (link_depth > 0) link_bytes += CollapseWhitespace(text).size() + 1;
          return false;
        }
        if (n->type != XML_ELEMENT_NODE) return false;
        const std::string tag = LocalName(n);
        if (IsSkippedAlways(tag)) return false;
        if (options.skip_page_furniture && IsPageFurniture(n)) return false;
        if (tag == "br") {
          flush();
          return false;
        }
        if (tag == "img") {
          // An image is no text, but it separates words.
          current += ' ';
          return false;
        }
        if (IsBlockTag(tag)) {
          flush();
          block_tags.push_back(tag);
        } else if (tag == "a") {
          ++link_depth;
        } else if (tag == "td" || tag == "th") {
          current += ' ';
        }
        return true;
      },
      [&](xmlNode* n) {
        if (n->type != XML_ELEMENT_NODE) return;
        const std::string tag = LocalName(n);
        if (IsBlockTag(tag)) {
          flush();
          if (!block_tags.empty()) block_tags.pop_back();
        } else if (tag == "a") {
          --link_depth;
        }
      });
  flush();
  return blocks;
}

namespace {

// The non-text element whose start tag begins at s[i] ("<script ...>"), or "".
absl::string_view NonTextStartTag(absl::string_view s, size_t i) {
  for (absl::string_view name : {"script", "style", "noscript", "template", "svg", "iframe"}) {
    const size_t end = i + 1 + name.size();
    if (end <= s.size() && absl::EqualsIgnoreCase(s.substr(i + 1, name.size()), name) &&
        (end == s.size() || s[end] == '>' || s[end] == '/' ||
         absl::ascii_isspace(static_cast<unsigned char>(s[end])))) {
      return name;
    }
  }
  return "";
}

// Position just after the end tag "</name ...>" from `from`, npos if none.
size_t AfterEndTag(absl::string_view s, size_t from, absl::string_view name) {
  for (size_t at = s.find("</", from); at != absl::string_view::npos; at = s.find("</", at + 2)) {
    if (at + 2 + name.size() <= s.size() &&
        absl::EqualsIgnoreCase(s.substr(at + 2, name.size()), name)) {
      const size_t close = s.find('>', at);
      return close == absl::string_view::npos ? s.size() : close + 1;
    }
  }
  return absl::string_view::npos;
}

}  // namespace

std::string StripNonTextHtml(absl::string_view s) {
  if (s.find('<') == absl::string_view::npos) return std::string(s);
  std::string out;
  out.reserve(s.size());
  bool in_fence = false;
  bool line_start = true;
  for (size_t i = 0; i < s.size();) {
    if (line_start) {
      line_start = false;
      size_t j = i;
      while (j < s.size() && (s[j] == ' ' || s[j] == '\t')) ++j;
      if (s.substr(j, 3) == "```" || s.substr(j, 3) == "~~~") in_fence = !in_fence;
    }
    const char c = s[i];
    if (c == '\n') {
      line_start = true;
      out += c;
      ++i;
      continue;
    }
    if (in_fence) {
      out += c;
      ++i;
      continue;
    }
    if (c == '`') {
      // A code span: the same run of backticks closes it on this line.
      size_t run = 1;
      while (i + run < s.size() && s[i + run] == '`') ++run;
      const size_t line_end = std::min(s.find('\n', i), s.size());
      const size_t close = s.substr(0, line_end).find(std::string(run, '`'), i + run);
      const size_t end = close == absl::string_view::npos ? i + run : close + run;
      out.append(s.data() + i, end - i);
      i = end;
      continue;
    }
    if (c == '<') {
      const absl::string_view name = NonTextStartTag(s, i);
      if (!name.empty()) {
        const size_t after = AfterEndTag(s, i, name);
        const size_t end = after == absl::string_view::npos ? s.size() : after;
        // Keep the line breaks, so that the lines after keep their numbers.
        out.append(static_cast<size_t>(std::count(s.begin() + i, s.begin() + end, '\n')), '\n');
        if (end > i && s[end - 1] == '\n') line_start = true;
        i = end;
        continue;
      }
    }
    out += c;
    ++i;
  }
  return out;
}

std::string JoinBlocks(const std::vector<HtmlBlock>& blocks) {
  std::string out;
  for (const HtmlBlock& b : blocks) {
    if (!out.empty()) out += '\n';
    out += b.text;
  }
  return out;
}

std::string HtmlFragmentToText(absl::string_view html) {
  if (html.find('<') == absl::string_view::npos && html.find('&') == absl::string_view::npos) {
    // Plain text: keep line structure, tidy spaces.
    std::string out;
    for (absl::string_view line : absl::StrSplit(html, '\n')) {
      std::string l = CollapseWhitespace(line);
      if (l.empty()) continue;
      if (!out.empty()) out += '\n';
      out += l;
    }
    return out;
  }
  XmlDocPtr doc = ParseHtml(html);
  if (doc == nullptr) return CollapseWhitespace(html);
  xmlNode* root = LibXml().DocGetRootElement(doc.get());
  if (root == nullptr) return "";
  // The root is <html>: its children (head, body) hold everything.
  std::vector<HtmlBlock> blocks = ExtractBlocks(root, {});
  return JoinBlocks(blocks);
}

}  // namespace meute::ingest::internal
