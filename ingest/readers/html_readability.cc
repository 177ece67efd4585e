#include "ingest/readers/html_readability.h"

#include <algorithm>
#include <cmath>
#include <deque>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <unordered_set>
#include <vector>

#include <nlohmann/json.hpp>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "ingest/readers/html_text.h"
#include "ingest/readers/libxml_util.h"
#include "ingest/readers/reader_common.h"

namespace meute::ingest::internal {
namespace {

// Deeper elements are flattened into their ancestor at this depth, so that
// the recursive helpers and the per-ancestor passes stay bounded.
constexpr int kMaxDepth = 200;
constexpr int kCharThreshold = 500;  // Readability's DEFAULT_CHAR_THRESHOLD.
constexpr int kTopCandidates = 5;    // DEFAULT_N_TOP_CANDIDATES.

enum Flag : unsigned {
  kStripUnlikelys = 1,
  kWeightClasses = 2,
  kCleanConditionally = 4,
};

// ---------------------------------------------------------------- DOM --

struct Node {
  bool is_text = false;
  std::string tag;   // Lower-case element name; "" for text.
  std::string text;  // Text nodes only.
  std::string cls, id;
  std::string wrappers;          // Class and id of the <div>s this node replaced.
  const xmlNode* src = nullptr;  // Attributes; null for elements we create.
  Node* parent = nullptr;
  Node* first = nullptr;
  Node* last = nullptr;
  Node* prev = nullptr;
  Node* next = nullptr;
  bool scored = false;  // Readability's node.readability exists.
  double score = 0;
  bool data_table = false;
};

class Dom {
 public:
  Node* New() {
    nodes_.emplace_back();
    return &nodes_.back();
  }

 private:
  std::deque<Node> nodes_;
};

void Detach(Node* n) {
  if (n->parent == nullptr) return;
  if (n->prev != nullptr) {
    n->prev->next = n->next;
  } else {
    n->parent->first = n->next;
  }
  if (n->next != nullptr) {
    n->next->prev = n->prev;
  } else {
    n->parent->last = n->prev;
  }
  n->parent = n->prev = n->next = nullptr;
}

void Append(Node* parent, Node* c) {
  Detach(c);
  c->parent = parent;
  c->prev = parent->last;
  if (parent->last != nullptr) {
    parent->last->next = c;
  } else {
    parent->first = c;
  }
  parent->last = c;
}

// Puts `repl` where `old` is; `old` is detached.
void Replace(Node* old, Node* repl) {
  Detach(repl);
  Node* parent = old->parent;
  if (parent == nullptr) return;
  repl->parent = parent;
  repl->prev = old->prev;
  repl->next = old->next;
  if (old->prev != nullptr) {
    old->prev->next = repl;
  } else {
    parent->first = repl;
  }
  if (old->next != nullptr) {
    old->next->prev = repl;
  } else {
    parent->last = repl;
  }
  old->parent = old->prev = old->next = nullptr;
}

Node* FirstElementChild(const Node* n) {
  for (Node* c = n->first; c != nullptr; c = c->next) {
    if (!c->is_text) return c;
  }
  return nullptr;
}

Node* NextElementSibling(const Node* n) {
  for (Node* c = n->next; c != nullptr; c = c->next) {
    if (!c->is_text) return c;
  }
  return nullptr;
}

// Number of element children, counting no further than `limit`.
int ElementChildCount(const Node* n, int limit = 1 << 30) {
  int count = 0;
  for (Node* c = n->first; c != nullptr && count < limit; c = c->next) count += !c->is_text;
  return count;
}

// Readability's _getNextNode: depth-first over elements.
Node* NextNode(Node* node, bool ignore_self_and_kids = false) {
  if (!ignore_self_and_kids) {
    if (Node* c = FirstElementChild(node)) return c;
  }
  if (Node* s = NextElementSibling(node)) return s;
  do {
    node = node->parent;
  } while (node != nullptr && NextElementSibling(node) == nullptr);
  return node != nullptr ? NextElementSibling(node) : nullptr;
}

// Calls fn on every node of the subtree of `root` (root excluded), in order.
template <typename Fn>
void ForEachDescendant(const Node* root, Fn fn) {
  const Node* n = root->first;
  while (n != nullptr) {
    fn(n);
    if (n->first != nullptr) {
      n = n->first;
      continue;
    }
    while (n != nullptr && n != root && n->next == nullptr) n = n->parent;
    if (n == nullptr || n == root) break;
    n = n->next;
  }
}

std::vector<Node*> ElementsByTag(const Node* root, std::initializer_list<absl::string_view> tags) {
  std::vector<Node*> out;
  ForEachDescendant(root, [&](const Node* n) {
    if (n->is_text) return;
    for (absl::string_view t : tags) {
      if (n->tag == t) {
        out.push_back(const_cast<Node*>(n));
        return;
      }
    }
  });
  return out;
}

int CountTag(const Node* root, absl::string_view tag) {
  int count = 0;
  ForEachDescendant(root, [&](const Node* n) { count += !n->is_text && n->tag == tag; });
  return count;
}

std::string TextContent(const Node* n) {
  if (n->is_text) return n->text;
  std::string out;
  ForEachDescendant(n, [&](const Node* d) {
    if (d->is_text) out += d->text;
  });
  return out;
}

bool HasAttr(const Node* n, const char* name) {
  if (n->src == nullptr) return false;
  for (const xmlAttr* a = n->src->properties; a != nullptr; a = a->next) {
    if (a->name != nullptr &&
        absl::EqualsIgnoreCase(reinterpret_cast<const char*>(a->name), name)) {
      return true;
    }
  }
  return false;
}

std::string Attr(const Node* n, const char* name) {
  return n->src != nullptr ? Attribute(n->src, name) : "";
}

// ---------------------------------------------------------------- text --

// Byte length of the JavaScript white-space character (\s) at s[i], 0 if none.
size_t SpaceAt(absl::string_view s, size_t i) {
  const unsigned char c = static_cast<unsigned char>(s[i]);
  if (c == ' ' || (c >= '\t' && c <= '\r')) return 1;
  if (c < 0xC2) return 0;
  if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0) return 2;
  if (i + 2 >= s.size()) return 0;
  const unsigned char c1 = static_cast<unsigned char>(s[i + 1]);
  const unsigned char c2 = static_cast<unsigned char>(s[i + 2]);
  if (c == 0xE1 && c1 == 0x9A && c2 == 0x80) return 3;  // U+1680
  if (c == 0xE2 && c1 == 0x80 &&
      ((c2 >= 0x80 && c2 <= 0x8A) || c2 == 0xA8 || c2 == 0xA9 || c2 == 0xAF)) {
    return 3;  // U+2000..200A, U+2028, U+2029, U+202F
  }
  if (c == 0xE2 && c1 == 0x81 && c2 == 0x9F) return 3;  // U+205F
  if (c == 0xE3 && c1 == 0x80 && c2 == 0x80) return 3;  // U+3000
  if (c == 0xEF && c1 == 0xBB && c2 == 0xBF) return 3;  // U+FEFF
  return 0;
}

std::string Trim(absl::string_view s) {
  size_t b = 0;
  while (b < s.size()) {
    const size_t w = SpaceAt(s, b);
    if (w == 0) break;
    b += w;
  }
  size_t e = s.size();
  while (e > b) {
    // Step back over one UTF-8 character.
    size_t start = e - 1;
    while (start > b && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) --start;
    if (SpaceAt(s, start) != e - start) break;
    e = start;
  }
  return std::string(s.substr(b, e - b));
}

// Readability's _getInnerText: trimmed, runs of 2+ spaces made one.
std::string InnerText(const Node* n, bool normalize = true) {
  const std::string t = Trim(TextContent(n));
  if (!normalize) return t;
  std::string out;
  out.reserve(t.size());
  for (size_t i = 0; i < t.size();) {
    const size_t w = SpaceAt(t, i);
    if (w == 0) {
      out += t[i++];
      continue;
    }
    size_t j = i + w;
    size_t run = 1;
    while (j < t.size()) {
      const size_t w2 = SpaceAt(t, j);
      if (w2 == 0) break;
      j += w2;
      ++run;
    }
    if (run >= 2) {
      out += ' ';
    } else {
      out.append(t, i, w);
    }
    i = j;
  }
  return out;
}

// Length in UTF-16 code units, as JavaScript's String.length.
size_t JsLength(absl::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) {
    if ((c & 0xC0) != 0x80) ++n;
    if (c >= 0xF0) ++n;  // Outside the BMP: a surrogate pair.
  }
  return n;
}

size_t InnerLength(const Node* n) { return JsLength(InnerText(n)); }

bool IsBlank(absl::string_view s) { return Trim(s).empty(); }

// Lower-case ASCII copy.
std::string Lower(absl::string_view s) { return absl::AsciiStrToLower(s); }

bool ContainsAny(absl::string_view lower, std::initializer_list<absl::string_view> words) {
  for (absl::string_view w : words) {
    if (absl::StrContains(lower, w)) return true;
  }
  return false;
}

// REGEXPS.unlikelyCandidates.
bool UnlikelyCandidate(absl::string_view lower) {
  return ContainsAny(
      lower,
      {"-ad-",       "ai2html", "banner",    "breadcrumbs",  "combx",    "comment",  "community",
       "cover-wrap", "disqus",  "extra",     "footer",       "gdpr",     "header",   "legends",
       "menu",       "related", "remark",    "replies",      "rss",      "shoutbox", "sidebar",
       "skyscraper", "social",  "sponsor",   "supplemental", "ad-break", "agegate",  "pagination",
       "pager",      "popup",   "yom-remote"});
}

// REGEXPS.okMaybeItsACandidate.
bool MaybeCandidate(absl::string_view lower) {
  return ContainsAny(lower, {"and", "article", "body", "column", "content", "main", "shadow"});
}

// REGEXPS.positive.
bool PositiveName(absl::string_view lower) {
  return ContainsAny(lower, {"article", "body", "content", "entry", "hentry", "h-entry", "main",
                             "page", "pagination", "post", "text", "blog", "story"});
}

// REGEXPS.negative.
bool NegativeName(absl::string_view lower) {
  if (lower == "hid" || absl::StartsWith(lower, "hid ") || absl::EndsWith(lower, " hid") ||
      absl::StrContains(lower, " hid ")) {
    return true;
  }
  return ContainsAny(lower, {"-ad-",     "hidden",     "banner",  "combx",    "comment", "com-",
                             "contact",  "footer",     "gdpr",    "masthead", "media",   "meta",
                             "outbrain", "promo",      "related", "scroll",   "share",   "shoutbox",
                             "sidebar",  "skyscraper", "sponsor", "shopping", "tags",    "widget"});
}

// REGEXPS.byline.
bool BylineName(absl::string_view lower) {
  return ContainsAny(lower, {"byline", "author", "dateline", "writtenby", "p-author"});
}

bool IsWordChar(char c) { return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// REGEXPS.shareElements: /(\b|_)(share|sharedaddy)(\b|_)/i.
bool ShareName(absl::string_view lower) {
  for (absl::string_view word : {"share", "sharedaddy"}) {
    for (size_t at = lower.find(word); at != absl::string_view::npos;
         at = lower.find(word, at + 1)) {
      const bool before = at == 0 || !IsWordChar(lower[at - 1]) || lower[at - 1] == '_';
      const size_t end = at + word.size();
      const bool after = end == lower.size() || !IsWordChar(lower[end]) || lower[end] == '_';
      if (before && after) return true;
    }
  }
  return false;
}

bool IsOneOf(absl::string_view s, std::initializer_list<absl::string_view> set) {
  return std::find(set.begin(), set.end(), s) != set.end();
}

bool IsPhrasingTag(absl::string_view tag) {
  return IsOneOf(
      tag, {"abbr",     "audio",    "b",    "bdo",      "br",     "button",   "cite",   "code",
            "data",     "datalist", "dfn",  "em",       "embed",  "i",        "img",    "input",
            "kbd",      "label",    "mark", "math",     "meter",  "noscript", "object", "output",
            "progress", "q",        "ruby", "samp",     "script", "select",   "small",  "span",
            "strong",   "sub",      "sup",  "textarea", "time",   "var",      "wbr"});
}

bool IsDivToPTag(absl::string_view tag) {
  return IsOneOf(tag, {"blockquote", "dl", "div", "img", "ol", "p", "pre", "table", "ul"});
}

// Word count as Readability's str.split(/\s+/).length.
int WordCount(absl::string_view s) {
  int pieces = 1;
  for (size_t i = 0; i < s.size();) {
    const size_t w = SpaceAt(s, i);
    if (w == 0) {
      ++i;
      continue;
    }
    ++pieces;
    i += w;
    while (i < s.size()) {
      const size_t w2 = SpaceAt(s, i);
      if (w2 == 0) break;
      i += w2;
    }
  }
  return pieces;
}

// Readability's _textSimilarity: tokens are runs of [A-Za-z0-9_].
double TextSimilarity(absl::string_view a, absl::string_view b) {
  auto tokens = [](absl::string_view s) {
    std::vector<std::string> out;
    std::string cur;
    for (char c : s) {
      if (IsWordChar(c)) {
        cur += absl::ascii_tolower(static_cast<unsigned char>(c));
      } else if (!cur.empty()) {
        out.push_back(std::move(cur));
        cur.clear();
      }
    }
    if (!cur.empty()) out.push_back(std::move(cur));
    return out;
  };
  const std::vector<std::string> ta = tokens(a), tb = tokens(b);
  if (ta.empty() || tb.empty()) return 0;
  const std::set<std::string> in_a(ta.begin(), ta.end());
  std::vector<std::string> uniq_b;
  for (const std::string& t : tb) {
    if (in_a.count(t) == 0) uniq_b.push_back(t);
  }
  const double distance = static_cast<double>(absl::StrJoin(uniq_b, " ").size()) /
                          static_cast<double>(absl::StrJoin(tb, " ").size());
  return 1 - distance;
}

// Strips IE conditional-comment markers ("<![if !IE]>", "<![endif]>") that
// libxml2 leaves in text; HTML5 parsers treat them as comments.
std::string WithoutConditionalMarkers(std::string text) {
  size_t at = 0;
  while ((at = text.find("<![", at)) != std::string::npos) {
    const size_t end = text.find("]>", at);
    if (end == std::string::npos || end - at > 200) {
      ++at;
      continue;
    }
    const std::string inner = Lower(text.substr(at + 3, end - at - 3));
    if (absl::StartsWith(inner, "if") || absl::StartsWith(inner, "endif")) {
      text.erase(at, end + 2 - at);
    } else {
      ++at;
    }
  }
  return text;
}

// ------------------------------------------------------------ building --

bool IsDroppedElement(absl::string_view tag) {
  // Readability removes script, noscript and style first; template, svg and
  // iframe text never reaches a Meute field either (issue 17).
  return IsOneOf(tag, {"script", "noscript", "style", "template", "svg", "iframe", "head", "title",
                       "meta", "link"});
}

// Builds the DOM of <body> (under a synthetic <html>) from libxml2's tree.
Node* BuildDom(xmlNode* root, Dom* dom) {
  Node* html = dom->New();
  html->tag = "html";
  html->src = root;
  xmlNode* body = nullptr;
  for (xmlNode* c = root->children; c != nullptr; c = c->next) {
    if (c->type == XML_ELEMENT_NODE && LocalName(c) == "body") body = c;
  }
  Node* b = dom->New();
  b->tag = "body";
  b->src = body;
  if (body != nullptr) {
    b->cls = Attribute(body, "class");
    b->id = Attribute(body, "id");
  }
  Append(html, b);
  xmlNode* from = body != nullptr ? body : root;
  std::vector<Node*> stack = {b};
  int depth = 0;
  Walk(
      from,
      [&](xmlNode* x) {
        if (x->type == XML_TEXT_NODE || x->type == XML_CDATA_SECTION_NODE) {
          if (x->content == nullptr) return false;
          Node* t = dom->New();
          t->is_text = true;
          t->text = WithoutConditionalMarkers(reinterpret_cast<const char*>(x->content));
          Append(stack.back(), t);
          return false;
        }
        if (x->type == XML_ENTITY_REF_NODE && x->name != nullptr) {
          return false;
        }
        if (x->type != XML_ELEMENT_NODE) return false;
        const std::string tag = LocalName(x);
        if (IsDroppedElement(tag)) return false;
        if (depth >= kMaxDepth) return true;  // Children go to the deepest kept node.
        Node* e = dom->New();
        e->tag = tag == "font" ? "span" : tag;  // _prepDocument: <font> becomes <span>.
        e->src = x;
        e->cls = Attribute(x, "class");
        e->id = Attribute(x, "id");
        Append(stack.back(), e);
        stack.push_back(e);
        ++depth;
        return true;
      },
      [&](xmlNode* x) {
        if (x->type != XML_ELEMENT_NODE) return;
        if (stack.size() > 1 && stack.back()->src == x) {
          stack.pop_back();
          --depth;
        }
      });
  return html;
}

bool IsWhitespaceNode(const Node* n) {
  return (n->is_text && IsBlank(n->text)) || (!n->is_text && n->tag == "br");
}

// Readability's _nextNode: skips white-space text.
Node* NextNonBlank(Node* n) {
  while (n != nullptr && n->is_text && IsBlank(n->text)) n = n->next;
  return n;
}

bool IsPhrasing(const Node* n, int depth = 0) {
  if (n->is_text || IsPhrasingTag(n->tag)) return true;
  if ((n->tag == "a" || n->tag == "del" || n->tag == "ins") && depth < kMaxDepth) {
    for (const Node* c = n->first; c != nullptr; c = c->next) {
      if (!IsPhrasing(c, depth + 1)) return false;
    }
    return true;
  }
  return false;
}

// _replaceBrs: two or more <br> in a row start a <p> of what follows.
void ReplaceBrs(Node* body, Dom* dom) {
  for (Node* br : ElementsByTag(body, {"br"})) {
    if (br->parent == nullptr) continue;
    Node* next = br->next;
    bool replaced = false;
    while ((next = NextNonBlank(next)) != nullptr && !next->is_text && next->tag == "br") {
      replaced = true;
      Node* sibling = next->next;
      Detach(next);
      next = sibling;
    }
    if (!replaced) continue;
    Node* p = dom->New();
    p->tag = "p";
    Replace(br, p);
    next = p->next;
    while (next != nullptr) {
      if (!next->is_text && next->tag == "br") {
        Node* after = NextNonBlank(next->next);
        if (after != nullptr && !after->is_text && after->tag == "br") break;
      }
      if (!IsPhrasing(next)) break;
      Node* sibling = next->next;
      Append(p, next);
      next = sibling;
    }
    while (p->last != nullptr && IsWhitespaceNode(p->last)) Detach(p->last);
    if (p->parent != nullptr && p->parent->tag == "p") p->parent->tag = "div";
  }
}

// ------------------------------------------------------------ scoring --

class Extractor {
 public:
  Extractor(unsigned flags, std::string title, bool have_byline)
      : flags_(flags), title_(std::move(title)), have_byline_(have_byline) {}

  // Runs _grabArticle once on `html`; returns the article container.
  Node* Grab(Node* html, Dom* dom);
  std::string byline() const { return byline_; }

 private:
  bool Active(unsigned f) const { return (flags_ & f) != 0; }

  int ClassWeight(const Node* n) const {
    if (!Active(kWeightClasses)) return 0;
    int weight = 0;
    for (const std::string* s : {&n->cls, &n->id}) {
      if (s->empty()) continue;
      const std::string lower = Lower(*s);
      if (NegativeName(lower)) weight -= 25;
      if (PositiveName(lower)) weight += 25;
    }
    return weight;
  }

  void Initialize(Node* n) const {
    n->scored = true;
    n->score = 0;
    const std::string& t = n->tag;
    if (t == "div") {
      n->score += 5;
    } else if (IsOneOf(t, {"pre", "td", "blockquote"})) {
      n->score += 3;
    } else if (IsOneOf(t, {"address", "ol", "ul", "dl", "dd", "dt", "li", "form"})) {
      n->score -= 3;
    } else if (IsOneOf(t, {"h1", "h2", "h3", "h4", "h5", "h6", "th"})) {
      n->score -= 5;
    }
    n->score += ClassWeight(n);
  }

  static double LinkDensity(const Node* n) {
    const size_t length = InnerLength(n);
    if (length == 0) return 0;
    double links = 0;
    for (const Node* a : ElementsByTag(n, {"a"})) {
      const std::string href = Attr(a, "href");
      const double coefficient = href.size() > 1 && href[0] == '#' ? 0.3 : 1;
      links += static_cast<double>(InnerLength(a)) * coefficient;
    }
    return links / static_cast<double>(length);
  }

  static double TextDensity(const Node* n, std::initializer_list<absl::string_view> tags) {
    const size_t length = InnerLength(n);
    if (length == 0) return 0;
    size_t children = 0;
    for (const Node* c : ElementsByTag(n, tags)) children += InnerLength(c);
    return static_cast<double>(children) / static_cast<double>(length);
  }

  static bool HasAncestorTag(const Node* n, absl::string_view tag, int max_depth = 3,
                             bool data_table_only = false) {
    int depth = 0;
    while (n->parent != nullptr) {
      if (max_depth > 0 && depth > max_depth) return false;
      if (n->parent->tag == tag && (!data_table_only || n->parent->data_table)) return true;
      n = n->parent;
      ++depth;
    }
    return false;
  }

  static bool HasSingleTagInside(const Node* n, absl::string_view tag) {
    if (ElementChildCount(n, 2) != 1 || FirstElementChild(n)->tag != tag) return false;
    for (const Node* c = n->first; c != nullptr; c = c->next) {
      if (c->is_text && !c->text.empty()) {
        // REGEXPS.hasContent: /\S$/.
        const std::string& t = c->text;
        size_t start = t.size() - 1;
        while (start > 0 && (static_cast<unsigned char>(t[start]) & 0xC0) == 0x80) --start;
        if (SpaceAt(t, start) == 0) return false;
      }
    }
    return true;
  }

  static bool WithoutContent(const Node* n) {
    if (!IsBlank(TextContent(n))) return false;
    const int children = ElementChildCount(n);
    return children == 0 || children == CountTag(n, "br") + CountTag(n, "hr");
  }

  static bool HasChildBlockElement(const Node* n) {
    bool found = false;
    ForEachDescendant(
        n, [&](const Node* d) { found = found || (!d->is_text && IsDivToPTag(d->tag)); });
    return found;
  }

  static bool IsProbablyVisible(const Node* n) {
    if (n->src == nullptr) return true;
    std::string style = Lower(Attr(n, "style"));
    style.erase(
        std::remove_if(style.begin(), style.end(),
                       [](char c) { return absl::ascii_isspace(static_cast<unsigned char>(c)); }),
        style.end());
    if (absl::StrContains(style, "display:none") || absl::StrContains(style, "visibility:hidden")) {
      return false;
    }
    if (HasAttr(n, "hidden")) return false;
    if (HasAttr(n, "aria-hidden") && Attr(n, "aria-hidden") == "true" &&
        !absl::StrContains(n->cls, "fallback-image")) {
      return false;
    }
    return true;
  }

  bool IsValidByline(const Node* n, absl::string_view match_lower) const {
    const std::string rel = Attr(n, "rel");
    const std::string itemprop = Attr(n, "itemprop");
    if (rel != "author" && !absl::StrContains(itemprop, "author") && !BylineName(match_lower)) {
      return false;
    }
    const size_t length = JsLength(Trim(TextContent(n)));
    return length > 0 && length < 100;
  }

  bool HeaderDuplicatesTitle(const Node* n) const {
    if (n->tag != "h1" && n->tag != "h2") return false;
    return TextSimilarity(title_, InnerText(n, false)) > 0.75;
  }

  void MarkDataTables(Node* root) const;
  void CleanConditionally(Node* root, absl::string_view tag) const;
  void PrepArticle(Node* article) const;

  unsigned flags_;
  std::string title_;
  bool have_byline_;
  std::string byline_;
};

void Extractor::MarkDataTables(Node* root) const {
  for (Node* table : ElementsByTag(root, {"table"})) {
    table->data_table = false;
    const std::string role = Attr(table, "role");
    if (role == "presentation") continue;
    if (Attr(table, "datatable") == "0") continue;
    if (!Attr(table, "summary").empty()) {
      table->data_table = true;
      continue;
    }
    std::vector<Node*> captions = ElementsByTag(table, {"caption"});
    if (!captions.empty() && captions[0]->first != nullptr) {
      table->data_table = true;
      continue;
    }
    if (!ElementsByTag(table, {"col", "colgroup", "tfoot", "thead", "th"}).empty()) {
      table->data_table = true;
      continue;
    }
    if (!ElementsByTag(table, {"table"}).empty()) continue;
    int rows = 0, columns = 0;
    for (Node* tr : ElementsByTag(table, {"tr"})) {
      const int rowspan = std::atoi(Attr(tr, "rowspan").c_str());
      rows += rowspan > 0 ? rowspan : 1;
      int in_row = 0;
      for (Node* td : ElementsByTag(tr, {"td"})) {
        const int colspan = std::atoi(Attr(td, "colspan").c_str());
        in_row += colspan > 0 ? colspan : 1;
      }
      columns = std::max(columns, in_row);
    }
    if (columns == 1 || rows == 1) continue;
    if (rows >= 10 || columns > 4) {
      table->data_table = true;
      continue;
    }
    table->data_table = rows * columns > 10;
  }
}

bool IsVideoUrl(absl::string_view value) {
  const std::string lower = Lower(value);
  return ContainsAny(
      lower, {"//www.dailymotion.com", "//dailymotion.com", "//www.youtube.com", "//youtube.com",
              "//www.youtube-nocookie.com", "//youtube-nocookie.com", "//player.vimeo.com",
              "//v.qq.com", "//archive.org", "//upload.wikimedia.org", "//player.twitch.tv"});
}

bool IsAdOrLoadingWords(absl::string_view text) {
  const std::string lower = Lower(text);
  static const std::regex kLoading(
      "^((loading|\xE6\xAD\xA3\xE5\x9C\xA8\xE5\x8A\xA0\xE8\xBD\xBD|"
      "\xD0\x97\xD0\xB0\xD0\xB3\xD1\x80\xD1\x83\xD0\xB7\xD0\xBA\xD0\xB0|chargement|cargando)"
      "(\xE2\x80\xA6|\\.\\.\\.)?)$");
  if (IsOneOf(lower, {"ad", "advertising", "advertisement", "pub", "publicit\xC3\xA9", "werb",
                      "werbung", "\xE5\xB9\xBF\xE5\x91\x8A",
                      "\xD0\xA0\xD0\xB5\xD0\xBA\xD0\xBB\xD0\xB0\xD0\xBC\xD0\xB0", "anuncio",
                      "publicit\xC3\x89"})) {
    return true;
  }
  return lower.size() < 40 && std::regex_match(lower, kLoading);
}

void Extractor::CleanConditionally(Node* root, absl::string_view tag) const {
  if (!Active(kCleanConditionally)) return;
  std::vector<Node*> nodes = ElementsByTag(root, {tag});
  for (auto it = nodes.rbegin(); it != nodes.rend(); ++it) {
    Node* node = *it;
    if (node->parent == nullptr) continue;
    auto should_remove = [&]() -> bool {
      const std::string inner = InnerText(node);
      const size_t content_length = JsLength(inner);
      bool is_list = tag == "ul" || tag == "ol";
      if (!is_list) {
        size_t list_length = 0;
        for (Node* list : ElementsByTag(node, {"ul", "ol"})) list_length += InnerLength(list);
        is_list =
            content_length == 0
                ? list_length > 0
                : static_cast<double>(list_length) / static_cast<double>(content_length) > 0.9;
      }
      if (tag == "table" && node->data_table) return false;
      if (HasAncestorTag(node, "table", -1, /*data_table_only=*/true)) return false;
      if (HasAncestorTag(node, "code")) return false;
      for (Node* t : ElementsByTag(node, {"table"})) {
        if (t->data_table) return false;
      }
      const int weight = ClassWeight(node);
      if (weight < 0) return true;
      if (std::count(inner.begin(), inner.end(), ',') >= 10) return false;
      const int p = CountTag(node, "p");
      const int img = CountTag(node, "img");
      const int li = CountTag(node, "li") - 100;
      const int input = CountTag(node, "input");
      const double heading_density = TextDensity(node, {"h1", "h2", "h3", "h4", "h5", "h6"});
      int embed_count = 0;
      for (Node* e : ElementsByTag(node, {"object", "embed", "iframe"})) {
        if (e->src != nullptr) {
          for (const xmlAttr* a = e->src->properties; a != nullptr; a = a->next) {
            if (a->children != nullptr && a->children->content != nullptr &&
                IsVideoUrl(reinterpret_cast<const char*>(a->children->content))) {
              return false;
            }
          }
        }
        ++embed_count;
      }
      if (IsAdOrLoadingWords(inner)) return true;
      const double link_density = LinkDensity(node);
      const double text_density = TextDensity(node, {"span", "li", "td", "blockquote", "dl", "div",
                                                     "img", "ol", "p", "pre", "table", "ul"});
      const bool figure_child = HasAncestorTag(node, "figure");
      bool remove = false;
      if (!figure_child && img > 1 && static_cast<double>(p) / img < 0.5) remove = true;
      if (!is_list && li > p) remove = true;
      if (input > p / 3) remove = true;
      if (!is_list && !figure_child && heading_density < 0.9 && content_length < 25 &&
          (img == 0 || img > 2) && link_density > 0) {
        remove = true;
      }
      if (!is_list && weight < 25 && link_density > 0.2) remove = true;
      if (weight >= 25 && link_density > 0.5) remove = true;
      if ((embed_count == 1 && content_length < 75) || embed_count > 1) remove = true;
      if (img == 0 && text_density == 0) remove = true;
      if (is_list && remove) {
        for (Node* c = FirstElementChild(node); c != nullptr; c = NextElementSibling(c)) {
          if (ElementChildCount(c, 2) > 1) return true;
        }
        if (img == CountTag(node, "li")) return false;
      }
      return remove;
    };
    if (should_remove()) Detach(node);
  }
}

// Meute's addition to Readability: boxes inside the article that a class or
// id names as tags, author box, newsletter or subscription promo, cookie or
// consent banner, or related / "more on this" teasers. A BEM modifier
// ("Section--Ads", "o-post--has-tags") and state classes ("has-newsletter",
// "with-author") name no box. A box holding a third of the article or more
// is kept (a class on the article itself).
bool NamesBoilerplateBox(absl::string_view attr) {
  for (absl::string_view name :
       absl::StrSplit(attr, absl::ByAnyChar(" \t\n\r"), absl::SkipEmpty())) {
    std::string lower = Lower(name);
    const size_t modifier = lower.find("--");
    if (modifier != std::string::npos) lower.resize(modifier);
    const std::vector<std::string> parts =
        absl::StrSplit(lower, absl::ByAnyChar("-_"), absl::SkipEmpty());
    if (parts.empty()) continue;
    if (IsOneOf(parts.front(), {"has", "with", "no", "is", "without", "show", "hide"})) continue;
    const std::string joined = absl::StrJoin(parts, " ");
    for (absl::string_view phrase : {"more on", "more from", "you may", "you might", "also like",
                                     "read next", "up next", "further reading"}) {
      if (absl::StrContains(joined, phrase)) return true;
    }
    for (const std::string& p : parts) {
      if (IsOneOf(p, {"tag",     "tags",   "taglist",    "tagcloud",    "keywords",  "author",
                      "authors", "bio",    "newsletter", "newsletters", "subscribe", "subscription",
                      "signup",  "cookie", "cookies",    "consent",     "gdpr",      "related",
                      "promo",   "teaser", "teasers",    "recommended", "outbrain",  "taboola"})) {
        return true;
      }
    }
  }
  return false;
}

void RemoveBoilerplateBoxes(Node* article) {
  const size_t article_length = InnerLength(article);
  Node* n = NextNode(article);
  while (n != nullptr) {
    if ((NamesBoilerplateBox(n->cls) || NamesBoilerplateBox(n->id) ||
         NamesBoilerplateBox(n->wrappers)) &&
        InnerLength(n) * 3 < article_length) {
      Node* next = NextNode(n, true);
      Detach(n);
      n = next;
      continue;
    }
    n = NextNode(n);
  }
}

void Extractor::PrepArticle(Node* article) const {
  MarkDataTables(article);
  CleanConditionally(article, "form");
  CleanConditionally(article, "fieldset");
  for (absl::string_view tag : {"object", "embed", "footer", "link", "aside"}) {
    for (Node* n : ElementsByTag(article, {tag})) Detach(n);
  }
  // Share bars: descendants of the article's top-level elements.
  for (Node* top = FirstElementChild(article); top != nullptr;) {
    Node* next_top = NextElementSibling(top);
    Node* end = NextNode(top, true);
    Node* n = NextNode(top);
    while (n != nullptr && n != end) {
      if (ShareName(Lower(n->cls + " " + n->id)) && JsLength(TextContent(n)) < kCharThreshold) {
        Node* after = NextNode(n, true);
        Detach(n);
        n = after;
      } else {
        n = NextNode(n);
      }
    }
    top = next_top;
  }
  for (absl::string_view tag : {"input", "textarea", "select", "button"}) {
    for (Node* n : ElementsByTag(article, {tag})) Detach(n);
  }
  for (Node* h : ElementsByTag(article, {"h1", "h2"})) {
    if (ClassWeight(h) < 0) Detach(h);
  }
  CleanConditionally(article, "table");
  CleanConditionally(article, "ul");
  CleanConditionally(article, "div");
  for (Node* h : ElementsByTag(article, {"h1"})) h->tag = "h2";
  RemoveBoilerplateBoxes(article);
  std::vector<Node*> ps = ElementsByTag(article, {"p"});
  for (auto it = ps.rbegin(); it != ps.rend(); ++it) {
    Node* p = *it;
    if (p->parent == nullptr) continue;
    if (ElementsByTag(p, {"img", "embed", "object", "iframe"}).empty() &&
        InnerText(p, false).empty()) {
      Detach(p);
    }
  }
}

Node* Extractor::Grab(Node* html, Dom* dom) {
  Node* body = FirstElementChild(html);
  const bool strip_unlikelys = Active(kStripUnlikelys);
  std::vector<Node*> to_score;
  bool remove_title_header = true;
  Node* node = html;
  while (node != nullptr) {
    const std::string match = Lower(node->cls + " " + node->id);
    auto remove_and_next = [&] {
      Node* next = NextNode(node, true);
      Detach(node);
      node = next;
    };
    if (!IsProbablyVisible(node)) {
      remove_and_next();
      continue;
    }
    if (Attr(node, "aria-modal") == "true" && Attr(node, "role") == "dialog") {
      remove_and_next();
      continue;
    }
    if (byline_.empty() && !have_byline_ && IsValidByline(node, match)) {
      Node* end = NextNode(node, true);
      const Node* name_node = node;
      for (Node* n = NextNode(node); n != nullptr && n != end; n = NextNode(n)) {
        if (absl::StrContains(Attr(n, "itemprop"), "name")) {
          name_node = n;
          break;
        }
      }
      byline_ = Trim(TextContent(name_node));
      remove_and_next();
      continue;
    }
    if (remove_title_header && HeaderDuplicatesTitle(node)) {
      remove_title_header = false;
      remove_and_next();
      continue;
    }
    if (strip_unlikelys) {
      // Meute: the <header> of an <article> is the article's (title, standfirst),
      // whatever its class says.
      const bool article_header = node->tag == "header" && HasAncestorTag(node, "article", 2);
      if (UnlikelyCandidate(match) && !MaybeCandidate(match) && !HasAncestorTag(node, "table") &&
          !HasAncestorTag(node, "code") && node->tag != "body" && node->tag != "a" &&
          !article_header) {
        remove_and_next();
        continue;
      }
      if (IsOneOf(Attr(node, "role"), {"menu", "menubar", "complementary", "navigation", "alert",
                                       "alertdialog", "dialog"})) {
        remove_and_next();
        continue;
      }
    }
    if (IsOneOf(node->tag, {"div", "section", "header", "h1", "h2", "h3", "h4", "h5", "h6"}) &&
        WithoutContent(node)) {
      remove_and_next();
      continue;
    }
    if (IsOneOf(node->tag, {"section", "h2", "h3", "h4", "h5", "h6", "p", "td", "pre"})) {
      to_score.push_back(node);
    }
    if (node->tag == "div") {
      // Phrasing content into paragraphs.
      Node* p = nullptr;
      for (Node* child = node->first; child != nullptr;) {
        Node* next_sibling = child->next;
        if (IsPhrasing(child)) {
          if (p != nullptr) {
            Append(p, child);
          } else if (!IsWhitespaceNode(child)) {
            p = dom->New();
            p->tag = "p";
            Replace(child, p);
            Append(p, child);
          }
        } else if (p != nullptr) {
          while (p->last != nullptr && IsWhitespaceNode(p->last)) Detach(p->last);
          p = nullptr;
        }
        child = next_sibling;
      }
      if (HasSingleTagInside(node, "p") && LinkDensity(node) < 0.25) {
        Node* only = FirstElementChild(node);
        only->wrappers += " " + node->cls + " " + node->id + " " + node->wrappers;
        Replace(node, only);
        node = only;
        to_score.push_back(node);
      } else if (!HasChildBlockElement(node)) {
        node->tag = "p";
        to_score.push_back(node);
      }
    }
    node = NextNode(node);
  }

  std::vector<Node*> candidates;
  for (Node* el : to_score) {
    if (el->parent == nullptr || el->parent->is_text) continue;
    const std::string inner = InnerText(el);
    const size_t length = JsLength(inner);
    if (length < 25) continue;
    double content_score = 1;
    // Commas of any script: , ، ﹐ ︐ ︑ ⹁ ⸴ ⸲ ，
    size_t commas = std::count(inner.begin(), inner.end(), ',');
    for (absl::string_view c : {"\xD8\x8C", "\xEF\xB9\x90", "\xEF\xB8\x90", "\xEF\xB8\x91",
                                "\xE2\xB9\x81", "\xE2\xB8\xB4", "\xE2\xB8\xB2", "\xEF\xBC\x8C"}) {
      for (size_t at = inner.find(c.data(), 0, c.size()); at != std::string::npos;
           at = inner.find(c.data(), at + c.size(), c.size())) {
        ++commas;
      }
    }
    content_score += static_cast<double>(commas + 1);
    content_score += std::min<double>(std::floor(static_cast<double>(length) / 100), 3);
    Node* ancestor = el->parent;
    for (int level = 0; ancestor != nullptr && level < 5; ++level, ancestor = ancestor->parent) {
      if (ancestor->parent == nullptr) continue;  // <html>: its parent is the document.
      if (!ancestor->scored) {
        Initialize(ancestor);
        candidates.push_back(ancestor);
      }
      const double divider = level == 0 ? 1 : level == 1 ? 2 : level * 3;
      ancestor->score += content_score / divider;
    }
  }

  std::vector<Node*> top;
  for (Node* c : candidates) {
    c->score *= 1 - LinkDensity(c);
    for (int t = 0; t < kTopCandidates; ++t) {
      if (t >= static_cast<int>(top.size()) || c->score > top[t]->score) {
        top.insert(top.begin() + t, c);
        if (static_cast<int>(top.size()) > kTopCandidates) top.pop_back();
        break;
      }
    }
  }
  Node* top_candidate = top.empty() ? nullptr : top[0];
  if (top_candidate == nullptr || top_candidate->tag == "body") {
    top_candidate = dom->New();
    top_candidate->tag = "div";
    while (body->first != nullptr) Append(top_candidate, body->first);
    Append(body, top_candidate);
    Initialize(top_candidate);
  } else {
    std::vector<std::unordered_set<const Node*>> alternatives;
    for (size_t i = 1; i < top.size(); ++i) {
      if (top[i]->score / top_candidate->score >= 0.75) {
        std::unordered_set<const Node*> ancestors;
        for (const Node* a = top[i]->parent; a != nullptr; a = a->parent) ancestors.insert(a);
        alternatives.push_back(std::move(ancestors));
      }
    }
    constexpr size_t kMinimumTopCandidates = 3;
    if (alternatives.size() >= kMinimumTopCandidates) {
      for (Node* parent = top_candidate->parent; parent != nullptr && parent->tag != "body";
           parent = parent->parent) {
        size_t lists = 0;
        for (const auto& a : alternatives) lists += a.count(parent);
        if (lists >= kMinimumTopCandidates) {
          top_candidate = parent;
          break;
        }
      }
    }
    if (!top_candidate->scored) Initialize(top_candidate);
    double last_score = top_candidate->score;
    const double threshold = last_score / 3;
    for (Node* parent = top_candidate->parent; parent != nullptr && parent->tag != "body";) {
      if (!parent->scored) {
        parent = parent->parent;
        continue;
      }
      if (parent->score < threshold) break;
      if (parent->score > last_score) {
        top_candidate = parent;
        break;
      }
      last_score = parent->score;
      parent = parent->parent;
    }
    for (Node* parent = top_candidate->parent;
         parent != nullptr && parent->tag != "body" && parent->parent != nullptr &&
         ElementChildCount(parent, 2) == 1;
         parent = top_candidate->parent) {
      top_candidate = parent;
    }
    if (!top_candidate->scored) Initialize(top_candidate);
  }

  Node* article = dom->New();
  article->tag = "div";
  const double sibling_threshold = std::max(10.0, top_candidate->score * 0.2);
  Node* parent = top_candidate->parent;
  for (Node* sibling = parent != nullptr ? FirstElementChild(parent) : top_candidate;
       sibling != nullptr;) {
    Node* next = NextElementSibling(sibling);
    bool append = false;
    if (sibling == top_candidate) {
      append = true;
    } else {
      double bonus = 0;
      if (sibling->cls == top_candidate->cls && !top_candidate->cls.empty()) {
        bonus += top_candidate->score * 0.2;
      }
      if (sibling->scored && sibling->score + bonus >= sibling_threshold) {
        append = true;
      } else if (sibling->tag == "p") {
        const double link_density = LinkDensity(sibling);
        const std::string content = InnerText(sibling);
        const size_t length = JsLength(content);
        if (length > 80 && link_density < 0.25) {
          append = true;
        } else if (length < 80 && length > 0 && link_density == 0) {
          static const std::regex kSentenceEnd("\\.( |$)");
          append = std::regex_search(content, kSentenceEnd);
        }
      }
    }
    if (append) {
      if (!IsOneOf(sibling->tag, {"div", "article", "section", "p", "ol", "ul"})) {
        sibling->tag = "div";
      }
      Append(article, sibling);
    }
    if (parent == nullptr) break;
    sibling = next;
  }
  PrepArticle(article);
  return article;
}

// ----------------------------------------------------------- metadata --

std::string UnescapeEntities(std::string s) {
  if (s.find('&') == std::string::npos) return s;
  std::string out;
  for (size_t i = 0; i < s.size();) {
    if (s[i] != '&') {
      out += s[i++];
      continue;
    }
    const size_t semi = s.find(';', i);
    if (semi == std::string::npos || semi - i > 12) {
      out += s[i++];
      continue;
    }
    const std::string name = s.substr(i + 1, semi - i - 1);
    std::string repl;
    if (name == "quot") repl = "\"";
    if (name == "amp") repl = "&";
    if (name == "apos") repl = "'";
    if (name == "lt") repl = "<";
    if (name == "gt") repl = ">";
    if (name.size() > 1 && name[0] == '#') {
      const bool hex = name[1] == 'x' || name[1] == 'X';
      const std::string digits = name.substr(hex ? 2 : 1);
      char* end = nullptr;
      unsigned long cp = std::strtoul(digits.c_str(), &end, hex ? 16 : 10);
      if (!digits.empty() && end != nullptr && *end == '\0') {
        if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
        if (cp < 0x80) {
          repl += static_cast<char>(cp);
        } else if (cp < 0x800) {
          repl += static_cast<char>(0xC0 | (cp >> 6));
          repl += static_cast<char>(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
          repl += static_cast<char>(0xE0 | (cp >> 12));
          repl += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
          repl += static_cast<char>(0x80 | (cp & 0x3F));
        } else {
          repl += static_cast<char>(0xF0 | (cp >> 18));
          repl += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
          repl += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
          repl += static_cast<char>(0x80 | (cp & 0x3F));
        }
      }
    }
    if (repl.empty()) {
      out += s[i++];
      continue;
    }
    out += repl;
    i = semi + 1;
  }
  return out;
}

bool IsArticleType(const nlohmann::json& type) {
  if (!type.is_string()) return false;
  const std::string t = type.get<std::string>();
  if (absl::StartsWith(t, "Article") || absl::EndsWith(t, "APIReference")) return true;
  for (absl::string_view name :
       {"AdvertiserContentArticle", "NewsArticle", "AnalysisNewsArticle", "AskPublicNewsArticle",
        "BackgroundNewsArticle", "OpinionNewsArticle", "ReportageNewsArticle", "ReviewNewsArticle",
        "Report", "SatiricalArticle", "ScholarlyArticle", "MedicalScholarlyArticle",
        "SocialMediaPosting", "BlogPosting", "LiveBlogPosting", "DiscussionForumPosting",
        "TechArticle"}) {
    if (absl::StrContains(t, name)) return true;
  }
  return false;
}

bool IsSchemaOrg(const nlohmann::json& v) {
  if (!v.is_string()) return false;
  static const std::regex kSchema("^https?://schema\\.org/?$");
  const std::string s = v.get<std::string>();
  return s.size() < 100 && std::regex_match(s, kSchema);
}

struct JsonLd {
  std::string name, headline, byline, excerpt, site_name, published;
  bool found = false;
};

// Readability's _getJSONLD: the first schema.org Article-like object.
JsonLd ReadJsonLd(const std::vector<std::string>& scripts) {
  JsonLd out;
  for (std::string content : scripts) {
    content = Trim(content);
    if (absl::StartsWith(content, "<![CDATA[")) content = content.substr(9);
    if (absl::EndsWith(content, "]]>")) content.resize(content.size() - 3);
    nlohmann::json parsed = nlohmann::json::parse(content, nullptr, /*allow_exceptions=*/false);
    if (parsed.is_discarded()) continue;
    if (parsed.is_array()) {
      nlohmann::json found;
      bool ok = true;
      for (const nlohmann::json& it : parsed) {
        if (!it.is_object() || !it.contains("@type")) continue;
        if (!it["@type"].is_string()) {
          ok = false;  // .match() on a non-string throws in Readability.
          break;
        }
        if (IsArticleType(it["@type"])) {
          found = it;
          break;
        }
      }
      if (!ok || found.is_null()) continue;
      parsed = found;
    }
    if (!parsed.is_object()) continue;
    const nlohmann::json context = parsed.value("@context", nlohmann::json());
    const bool schema =
        IsSchemaOrg(context) ||
        (context.is_object() && IsSchemaOrg(context.value("@vocab", nlohmann::json())));
    if (!schema) continue;
    if (!parsed.contains("@type") && parsed.contains("@graph") && parsed["@graph"].is_array()) {
      nlohmann::json found;
      for (const nlohmann::json& it : parsed["@graph"]) {
        if (it.is_object() && IsArticleType(it.value("@type", nlohmann::json()))) {
          found = it;
          break;
        }
      }
      parsed = found;
    }
    if (!parsed.is_object() || !IsArticleType(parsed.value("@type", nlohmann::json()))) continue;
    out.found = true;
    auto str = [&](const nlohmann::json& o, const char* key) -> std::string {
      if (!o.is_object()) return "";
      auto it = o.find(key);
      return it != o.end() && it->is_string() ? it->get<std::string>() : "";
    };
    out.name = str(parsed, "name");
    out.headline = str(parsed, "headline");
    if (parsed.contains("author")) {
      const nlohmann::json& author = parsed["author"];
      if (author.is_object()) {
        out.byline = Trim(str(author, "name"));
      } else if (author.is_array() && !author.empty() && !str(author[0], "name").empty()) {
        std::vector<std::string> names;
        for (const nlohmann::json& a : author) {
          if (!str(a, "name").empty()) names.push_back(Trim(str(a, "name")));
        }
        out.byline = absl::StrJoin(names, ", ");
      }
    }
    out.excerpt = Trim(str(parsed, "description"));
    if (parsed.contains("publisher")) out.site_name = Trim(str(parsed["publisher"], "name"));
    out.published = Trim(str(parsed, "datePublished"));
    break;
  }
  return out;
}

struct HeadFacts {
  std::string title_element;  // First <title>, white space collapsed.
  bool has_title = false;
  std::vector<std::string> headings;  // h1 and h2 texts, trimmed.
  int h1_count = 0;
  std::string first_h1;
  std::map<std::string, std::string> values;  // Readability's meta `values`.
  std::vector<std::string> json_ld;
};

HeadFacts CollectHeadFacts(xmlNode* root) {
  HeadFacts f;
  static const std::regex kProperty(
      "\\s*(article|dc|dcterm|og|twitter)\\s*:\\s*(author|creator|description|published_time|"
      "title|site_name)\\s*",
      std::regex::icase);
  static const std::regex kName(
      "^\\s*(?:(dc|dcterm|og|twitter|parsely|weibo:(article|webpage))\\s*[-\\.:]\\s*)?"
      "(author|creator|pub-date|description|title|site_name)\\s*$",
      std::regex::icase);
  auto text_of = [](xmlNode* n) {
    TextBudget budget{8192};
    return BoundedText(n, &budget);
  };
  Walk(
      root,
      [&](xmlNode* n) {
        if (n->type != XML_ELEMENT_NODE) return false;
        const std::string tag = LocalName(n);
        if (tag == "script") {
          if (Attribute(n, "type") == "application/ld+json" && f.json_ld.size() < 20) {
            std::string content;
            for (xmlNode* c = n->children; c != nullptr; c = c->next) {
              if (c->content != nullptr) content += reinterpret_cast<const char*>(c->content);
              if (content.size() > (1u << 20)) break;
            }
            f.json_ld.push_back(std::move(content));
          }
          return false;
        }
        if (IsNonTextElement(n)) return false;
        if (tag == "title" && !f.has_title) {
          f.has_title = true;
          f.title_element = CollapseWhitespace(WithoutConditionalMarkers(text_of(n)));
          return false;
        }
        if (tag == "meta") {
          const std::string content = Attribute(n, "content");
          if (content.empty()) return false;
          const std::string property = Attribute(n, "property").substr(0, 300);
          const std::string name = Attribute(n, "name").substr(0, 300);
          std::smatch m;
          bool matched = false;
          if (!property.empty() && std::regex_search(property, m, kProperty)) {
            std::string key = Lower(m.str(0));
            key.erase(std::remove_if(key.begin(), key.end(),
                                     [](char c) {
                                       return absl::ascii_isspace(static_cast<unsigned char>(c));
                                     }),
                      key.end());
            f.values[key] = Trim(content);
            matched = true;
          }
          if (!matched && !name.empty() && std::regex_match(name, kName)) {
            std::string key = Lower(name);
            key.erase(std::remove_if(key.begin(), key.end(),
                                     [](char c) {
                                       return absl::ascii_isspace(static_cast<unsigned char>(c));
                                     }),
                      key.end());
            std::replace(key.begin(), key.end(), '.', ':');
            f.values[key] = Trim(content);
          }
          return false;
        }
        if (tag == "h1" || tag == "h2") {
          const std::string text = Trim(WithoutConditionalMarkers(text_of(n)));
          if (f.headings.size() < 1000) f.headings.push_back(text);
          if (tag == "h1") {
            if (f.h1_count == 0) f.first_h1 = text;
            ++f.h1_count;
          }
        }
        return true;
      },
      [](xmlNode*) {});
  return f;
}

bool IsUrl(absl::string_view s) {
  return absl::StartsWith(s, "http://") || absl::StartsWith(s, "https://");
}

// ---------------------------------------------------------- text out --

std::vector<HtmlBlock> BlocksOf(const Node* article, size_t max_bytes) {
  std::vector<HtmlBlock> blocks;
  std::string current;
  size_t link_bytes = 0;
  size_t total = 0;
  std::vector<std::string> tags;
  auto flush = [&] {
    std::string text = CollapseWhitespace(current);
    current.clear();
    const size_t links = std::min(link_bytes, text.size());
    link_bytes = 0;
    if (text.empty()) return;
    total += text.size();
    blocks.push_back({std::move(text), links, tags.empty() ? "div" : tags.back()});
  };
  // Iterative walk with explicit leave events.
  struct Frame {
    const Node* node;
    bool entered;
  };
  std::vector<Frame> stack;
  for (const Node* c = article->last; c != nullptr; c = c->prev) stack.push_back({c, false});
  int link_depth = 0;
  while (!stack.empty() && total + current.size() < max_bytes) {
    Frame f = stack.back();
    stack.pop_back();
    const Node* n = f.node;
    if (n->is_text) {
      current += n->text;
      if (link_depth > 0) link_bytes += CollapseWhitespace(n->text).size() + 1;
      continue;
    }
    if (f.entered) {
      if (IsBlockTag(n->tag)) {
        flush();
        if (!tags.empty()) tags.pop_back();
      } else if (n->tag == "a") {
        --link_depth;
      }
      continue;
    }
    if (n->tag == "br") {
      flush();
      continue;
    }
    if (n->tag == "img") {
      current += ' ';
      continue;
    }
    if (IsBlockTag(n->tag)) {
      flush();
      tags.push_back(n->tag);
    } else if (n->tag == "a") {
      ++link_depth;
    }
    stack.push_back({n, true});
    for (const Node* c = n->last; c != nullptr; c = c->prev) stack.push_back({c, false});
  }
  flush();
  return blocks;
}

}  // namespace

std::string TitleFromTitleElement(const std::string& title,
                                  const std::vector<std::string>& headings, int h1_count,
                                  const std::string& first_h1) {
  const std::string orig = Trim(title);
  std::string cur = orig;
  auto is_sep = [](absl::string_view s, size_t i, bool hierarchical_only) -> size_t {
    // Returns the byte length of a separator character at s[i], 0 if none.
    if (absl::StartsWith(s.substr(i), "\xC2\xBB")) return 2;  // »
    const char c = s[i];
    if (c == '\\' || c == '/' || c == '>') return 1;
    if (!hierarchical_only && (c == '|' || c == '-')) return 1;
    return 0;
  };
  // Positions of " X " where X is a separator.
  auto separators = [&](bool hierarchical_only) {
    std::vector<size_t> at;
    for (size_t i = 0; i + 2 < orig.size(); ++i) {
      if (orig[i] != ' ') continue;
      const size_t w = is_sep(orig, i + 1, hierarchical_only);
      if (w != 0 && i + 1 + w < orig.size() && orig[i + 1 + w] == ' ') {
        at.push_back(i);
        i += w;  // Matches do not overlap.
      }
    }
    return at;
  };
  bool hierarchical = false;
  bool from_longer_h1 = false;
  const std::vector<size_t> all = separators(false);
  if (!all.empty()) {
    hierarchical = !separators(true).empty();
    cur = orig.substr(0, all.back());
    if (WordCount(cur) < 3) {
      // Remove the first part instead: everything up to the first separator.
      for (size_t i = 0; i < orig.size(); ++i) {
        const size_t w = is_sep(orig, i, false);
        if (w != 0) {
          cur = orig.substr(i + w);
          break;
        }
      }
    }
  } else if (absl::StrContains(cur, ": ")) {
    const bool match = std::find(headings.begin(), headings.end(), Trim(cur)) != headings.end();
    if (!match) {
      cur = orig.substr(orig.rfind(':') + 1);
      if (WordCount(cur) < 3) {
        cur = orig.substr(orig.find(':') + 1);
      } else if (WordCount(orig.substr(0, orig.find(':'))) > 5) {
        cur = orig;
      }
    }
  } else if (JsLength(cur) > 150 || JsLength(cur) < 15) {
    if (h1_count == 1) {
      cur = first_h1;
      // Meute: an h1 with more words than a very short <title> ("Portail")
      // describes the page better; Readability would go back to the <title>.
      from_longer_h1 = WordCount(Trim(first_h1)) > WordCount(orig);
    }
  }
  cur = Trim(cur);
  // REGEXPS.normalize.
  {
    std::string out;
    for (size_t i = 0; i < cur.size();) {
      const size_t w = SpaceAt(cur, i);
      if (w == 0) {
        out += cur[i++];
        continue;
      }
      size_t j = i + w;
      int run = 1;
      while (j < cur.size() && SpaceAt(cur, j) != 0) {
        j += SpaceAt(cur, j);
        ++run;
      }
      out += run >= 2 ? std::string(" ") : cur.substr(i, w);
      i = j;
    }
    cur = std::move(out);
  }
  const int words = WordCount(cur);
  if (words <= 4 && !orig.empty() && !from_longer_h1) {
    std::string stripped;
    for (size_t i = 0; i < orig.size();) {
      const size_t w = is_sep(orig, i, false);
      if (w != 0) {
        while (i < orig.size() && is_sep(orig, i, false) != 0) i += is_sep(orig, i, false);
        continue;
      }
      stripped += orig[i++];
    }
    if (!hierarchical || words != WordCount(stripped) - 1) cur = orig;
  }
  return cur;
}

ReadabilityArticle ExtractArticle(xmlNode* root, size_t max_bytes) {
  ReadabilityArticle out;
  if (root == nullptr) return out;
  const HeadFacts facts = CollectHeadFacts(root);
  const JsonLd ld = ReadJsonLd(facts.json_ld);
  auto value = [&](const char* key) -> std::string {
    auto it = facts.values.find(key);
    return it != facts.values.end() ? it->second : "";
  };
  const std::string element_title =
      TitleFromTitleElement(facts.title_element, facts.headings, facts.h1_count, facts.first_h1);
  std::string ld_title;
  if (ld.found) {
    if (!ld.name.empty() && !ld.headline.empty() && ld.name != ld.headline) {
      const bool name_matches = TextSimilarity(ld.name, element_title) > 0.75;
      const bool headline_matches = TextSimilarity(ld.headline, element_title) > 0.75;
      ld_title = headline_matches && !name_matches ? ld.headline : ld.name;
    } else if (!ld.name.empty()) {
      ld_title = Trim(ld.name);
    } else {
      ld_title = Trim(ld.headline);
    }
  }
  for (const std::string& t :
       {ld_title, value("dc:title"), value("dcterm:title"), value("og:title"),
        value("weibo:article:title"), value("weibo:webpage:title"), value("title"),
        value("twitter:title"), value("parsely-title")}) {
    if (!t.empty()) {
      out.title = t;
      break;
    }
  }
  if (out.title.empty()) out.title = element_title;
  out.title = UnescapeEntities(out.title);
  const std::string article_author =
      !value("article:author").empty() && !IsUrl(value("article:author")) ? value("article:author")
                                                                          : "";
  for (const std::string& b : {ld.byline, value("dc:creator"), value("dcterm:creator"),
                               value("author"), value("parsely-author"), article_author}) {
    if (!b.empty()) {
      out.byline = UnescapeEntities(b);
      break;
    }
  }
  for (const std::string& e :
       {ld.excerpt, value("dc:description"), value("dcterm:description"), value("og:description"),
        value("weibo:article:description"), value("weibo:webpage:description"),
        value("description"), value("twitter:description")}) {
    if (!e.empty()) {
      out.excerpt = UnescapeEntities(e);
      break;
    }
  }
  out.site_name = UnescapeEntities(!ld.site_name.empty() ? ld.site_name : value("og:site_name"));
  for (const std::string& p :
       {ld.published, value("article:published_time"), value("parsely-pub-date")}) {
    if (!p.empty()) {
      out.published = UnescapeEntities(p);
      break;
    }
  }

  // _grabArticle, with the flags relaxed one by one while the text is short.
  unsigned flags = kStripUnlikelys | kWeightClasses | kCleanConditionally;
  struct Attempt {
    std::vector<HtmlBlock> blocks;
    size_t length;
    std::string byline;
  };
  std::vector<Attempt> attempts;
  const bool have_byline = !out.byline.empty();
  for (;;) {
    ++out.attempts;
    Dom dom;
    Node* html = BuildDom(root, &dom);
    ReplaceBrs(FirstElementChild(html), &dom);
    Extractor extractor(flags, out.title, have_byline);
    Node* article = extractor.Grab(html, &dom);
    const size_t length = InnerLength(article);
    Attempt attempt{BlocksOf(article, max_bytes), length, extractor.byline()};
    if (length >= static_cast<size_t>(kCharThreshold)) {
      attempts = {std::move(attempt)};
      break;
    }
    attempts.push_back(std::move(attempt));
    if ((flags & kStripUnlikelys) != 0) {
      flags &= ~kStripUnlikelys;
    } else if ((flags & kWeightClasses) != 0) {
      flags &= ~kWeightClasses;
    } else if ((flags & kCleanConditionally) != 0) {
      flags &= ~kCleanConditionally;
    } else {
      std::stable_sort(attempts.begin(), attempts.end(),
                       [](const Attempt& a, const Attempt& b) { return a.length > b.length; });
      break;
    }
  }
  if (!attempts.empty() && attempts[0].length > 0) {
    out.blocks = std::move(attempts[0].blocks);
    if (out.byline.empty()) out.byline = attempts[0].byline;
  }
  return out;
}

}  // namespace meute::ingest::internal
